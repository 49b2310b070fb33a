import type { PartEvent } from '@rejoin/core/ai-sdk';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { ModelError } from '../ModelError.ts';
import type { CompletionMessage } from './chatMessages.ts';

/** One request of `streamChatCompletion`. */
export interface ChatCompletionRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: { model: string; messages: CompletionMessage[]; stream: true; tools?: unknown[] } & Record<string, unknown>;
  readonly fetch: typeof fetch;
  readonly signal: AbortSignal;
}

/** A tool call the model finished asking for, its arguments parsed (or why they did not parse). */
export type CompletedToolCall =
  | { readonly toolCallId: string; readonly toolName: string; readonly inputText: string; readonly input: unknown }
  | { readonly toolCallId: string; readonly toolName: string; readonly inputText: string; readonly errorText: string };

/** The part of a streamed `chat.completion.chunk` Rejoin reads. */
interface CompletionChunk {
  choices?: {
    delta?: {
      content?: string | null;
      /** DeepSeek, vLLM and others; Ollama and OpenRouter name it `reasoning`. */
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  error?: { message?: string };
}

/**
 * Streams one chat completion: yields text and part events as the deltas come, and returns the
 * tool calls the model asked for. Throws a `ModelError` when the endpoint answers with an error
 * status, sends an error in the stream, or cuts it; returns quietly when the signal aborts.
 */
export async function* streamChatCompletion(
  request: ChatCompletionRequest,
): AsyncGenerator<string | PartEvent, CompletedToolCall[]> {
  const response = await send(request);
  if (response === undefined) return [];
  const calls = new Map<number, { toolCallId: string; toolName: string; inputText: string }>();
  let reasoning = false;
  let finished = false;
  try {
    // TextDecoderStream keeps a character split across reads whole; the DOM and Node typings of its
    // writable side disagree (BufferSource against Uint8Array), hence the cast.
    const text = response.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>);
    const events = text.pipeThrough(new EventSourceParserStream());
    for await (const event of events) {
      if (event.data === '[DONE]') {
        finished = true;
        break;
      }
      const chunk = parseChunk(event.data);
      if (chunk.error !== undefined) {
        throw new ModelError(`the model endpoint sent an error mid-stream: ${chunk.error.message ?? JSON.stringify(chunk.error)}`);
      }
      const choice = chunk.choices?.[0];
      const delta = choice?.delta;
      const thought = delta?.reasoning_content ?? delta?.reasoning;
      if (thought) {
        reasoning = true;
        yield { kind: 'reasoning-delta', delta: thought };
      }
      if (reasoning && (delta?.content || delta?.tool_calls?.length)) {
        reasoning = false;
        yield { kind: 'reasoning-end' };
      }
      if (delta?.content) yield delta.content;
      for (const fragment of delta?.tool_calls ?? []) {
        let call = calls.get(fragment.index);
        if (call === undefined) {
          call = { toolCallId: fragment.id ?? `call-${fragment.index}`, toolName: fragment.function?.name ?? '', inputText: '' };
          calls.set(fragment.index, call);
          yield { kind: 'tool-input-start', toolCallId: call.toolCallId, toolName: call.toolName };
        }
        const argumentsText = fragment.function?.arguments;
        if (argumentsText) {
          call.inputText += argumentsText;
          yield { kind: 'tool-input-delta', toolCallId: call.toolCallId, delta: argumentsText };
        }
      }
      if (choice?.finish_reason) finished = true;
    }
  } catch (error) {
    if (request.signal.aborted) return [];
    if (error instanceof ModelError) throw error;
    throw new ModelError('the model endpoint cut the stream before it finished.', { cause: error });
  }
  if (request.signal.aborted) return [];
  if (!finished) throw new ModelError('the model stream ended before a finish reason or [DONE].');
  if (reasoning) yield { kind: 'reasoning-end' };
  const completed = [...calls.values()].map(completeToolCall);
  for (const call of completed) {
    yield 'input' in call
      ? { kind: 'tool-input-available', toolCallId: call.toolCallId, toolName: call.toolName, input: call.input }
      : { kind: 'tool-error', toolCallId: call.toolCallId, errorText: call.errorText };
  }
  return completed;
}

/** Sends the request; the body of a 200 response, or undefined when aborted. */
async function send(request: ChatCompletionRequest): Promise<ReadableStream<Uint8Array> | undefined> {
  let response: Response;
  try {
    response = await request.fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...request.headers },
      body: JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) return undefined;
    throw new ModelError(`could not reach the model endpoint ${request.url}; check baseURL.`, { cause: error });
  }
  if (!response.ok || response.body === null) {
    const detail = await response.text().catch(() => '');
    throw new ModelError(
      `the model endpoint answered ${response.status} ${response.statusText}: ${detail.slice(0, 500)}`,
      { status: response.status },
    );
  }
  return response.body;
}

function parseChunk(data: string): CompletionChunk {
  try {
    const chunk: unknown = JSON.parse(data);
    if (typeof chunk === 'object' && chunk !== null) return chunk as CompletionChunk;
  } catch (error) {
    throw new ModelError(`the model endpoint sent an event that is not JSON: ${data.slice(0, 200)}`, { cause: error });
  }
  throw new ModelError(`the model endpoint sent an event that is not a JSON object: ${data.slice(0, 200)}`);
}

function completeToolCall(call: { toolCallId: string; toolName: string; inputText: string }): CompletedToolCall {
  // A call without arguments is a call with none: some endpoints send "" for a tool without parameters.
  if (call.inputText.trim() === '') return { ...call, input: {} };
  try {
    return { ...call, input: JSON.parse(call.inputText) as unknown };
  } catch {
    return {
      ...call,
      errorText: `[rejoin] the model sent arguments for tool "${call.toolName}" that are not valid JSON: ${call.inputText.slice(0, 200)}`,
    };
  }
}
