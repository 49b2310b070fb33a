import type { MessagePart, PartEvent, ToolCallPart } from '@rejoin/core/ai-sdk';
import { RejoinError } from '@rejoin/core/protocol';
import type { Respond, RespondInput } from '../../generation/Respond.ts';
import { chatMessagesOf } from './chatMessages.ts';
import { streamChatCompletion } from './streamChatCompletion.ts';

/** A tool the model may call. Running it is the app's: Rejoin calls `execute` and sends the result back. */
export interface ChatCompletionsTool {
  readonly description?: string;
  /** The JSON Schema of the arguments, sent to the model. @default an object with any properties */
  readonly parameters?: Record<string, unknown>;
  /** Runs the call; what it returns goes back to the model as JSON. Without it the reply ends at the call. */
  readonly execute?: (input: unknown, context: { readonly signal: AbortSignal }) => unknown;
  /** Pause the reply until the user approves the call. @default false */
  readonly needsApproval?: boolean;
}

/** Options of `respondWithChatCompletions`. */
export interface RespondWithChatCompletionsOptions {
  /** The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  readonly baseURL: string;
  /** Sent as a bearer token; local servers usually need none. */
  readonly apiKey?: string;
  readonly model: string;
  /** The system prompt, sent first. */
  readonly system?: string;
  readonly tools?: Readonly<Record<string, ChatCompletionsTool>>;
  /** Model calls in one reply: each tool round trip is one more. @default 5 */
  readonly maxSteps?: number;
  /** More request fields (`temperature`, `max_tokens`, ...), sent as they are. */
  readonly body?: Readonly<Record<string, unknown>>;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * A `Respond` over any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, Ollama,
 * llama.cpp, OpenRouter, ...) with `fetch` and no SDK. Tool calls are run with the tools' `execute`
 * and the conversation goes on, like the AI SDK's `streamText` with `stopWhen`; a tool with
 * `needsApproval` pauses the reply, and the server's call with a `continuation` resumes it.
 */
export function respondWithChatCompletions(options: RespondWithChatCompletionsOptions): Respond {
  const maxSteps = options.maxSteps ?? 5;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new RejoinError('config/invalid', `respondWithChatCompletions: maxSteps must be a whole number of at least 1, got ${String(maxSteps)}.`);
  }
  const tools = options.tools ?? {};
  const url = `${options.baseURL.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
  const toolDefinitions = Object.entries(tools).map(([name, tool]) => ({
    type: 'function',
    function: {
      name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
    },
  }));

  return async function* respond(input: RespondInput) {
    const { continuation, signal } = input;
    const history = input.conversation.messages.filter((message) => message.id !== continuation?.messageId);
    // The reply's text and tool calls so far, to send back with each next request.
    const reply: MessagePart[] = continuation ? [...continuation.parts] : [];

    if (continuation) {
      const decided = continuation.approval;
      const settled = yield* settleToolCalls(pendingCalls(reply), reply, tools, signal, decided);
      if (settled === 'paused' || settled === 'app-runs-tool') return;
    }

    for (let step = 0; step < maxSteps && !signal.aborted; step++) {
      const completion = streamChatCompletion({
        url,
        headers,
        fetch: options.fetch ?? globalThis.fetch,
        signal,
        body: {
          ...options.body,
          model: options.model,
          messages: chatMessagesOf(history, reply, options.system),
          stream: true,
          ...(toolDefinitions.length === 0 ? {} : { tools: toolDefinitions }),
        },
      });
      let next = await completion.next();
      while (!next.done) {
        const event = next.value;
        recordEvent(reply, event);
        yield event;
        next = await completion.next();
      }
      if (next.value.length === 0) return;
      const calls = next.value.flatMap((call) => {
        const part = reply.find((candidate): candidate is ToolCallPart => candidate.type === 'tool-call' && candidate.toolCallId === call.toolCallId);
        return part && 'input' in call ? [part] : [];
      });
      const settled = yield* settleToolCalls(calls, reply, tools, signal, undefined);
      if (settled !== 'settled') return;
    }
  };
}

type Decision = NonNullable<RespondInput['continuation']>['approval'];

/**
 * Runs the calls in order. A call that needs approval and has none yet pauses the reply; a denied
 * one is answered as denied. `app-runs-tool` when a tool has no `execute`: the reply ends there.
 */
async function* settleToolCalls(
  calls: readonly ToolCallPart[],
  reply: MessagePart[],
  tools: Readonly<Record<string, ChatCompletionsTool>>,
  signal: AbortSignal,
  decided: Decision | undefined,
): AsyncGenerator<PartEvent, 'settled' | 'paused' | 'app-runs-tool'> {
  for (const call of calls) {
    const tool = tools[call.toolName];
    const decision = decided?.toolCallId === call.toolCallId ? decided : undefined;
    let event: PartEvent;
    if (tool === undefined) {
      event = { kind: 'tool-error', toolCallId: call.toolCallId, errorText: `[rejoin] the model called an unknown tool "${call.toolName}".` };
    } else if (tool.needsApproval && decision === undefined) {
      event = { kind: 'tool-approval-request', toolCallId: call.toolCallId };
      recordEvent(reply, event);
      yield event;
      return 'paused';
    } else if (decision?.approved === false) {
      event = { kind: 'tool-denied', toolCallId: call.toolCallId };
    } else if (tool.execute === undefined) {
      return 'app-runs-tool';
    } else {
      event = await execute(tool.execute, call, signal);
    }
    if (decision !== undefined) recordDecision(reply, decision);
    recordEvent(reply, event);
    yield event;
  }
  return 'settled';
}

async function execute(run: NonNullable<ChatCompletionsTool['execute']>, call: ToolCallPart, signal: AbortSignal): Promise<PartEvent> {
  try {
    return { kind: 'tool-output', toolCallId: call.toolCallId, output: await run(call.input, { signal }) };
  } catch (error) {
    return { kind: 'tool-error', toolCallId: call.toolCallId, errorText: error instanceof Error ? error.message : String(error) };
  }
}

/** The paused reply's calls still waiting for an outcome, in order. */
function pendingCalls(reply: readonly MessagePart[]): ToolCallPart[] {
  return reply.filter(
    (part): part is ToolCallPart =>
      part.type === 'tool-call' && (part.state === 'input-available' || part.state === 'approval-requested' || part.state === 'approval-responded'),
  );
}

/**
 * Keeps the reply's text and tool calls up to date for the next request; reasoning, sources,
 * files and data are not sent back to the model, so they are not kept.
 */
function recordEvent(reply: MessagePart[], event: string | PartEvent): void {
  if (typeof event === 'string') {
    const last = reply.at(-1);
    if (last?.type === 'text') reply[reply.length - 1] = { type: 'text', text: last.text + event };
    else reply.push({ type: 'text', text: event });
    return;
  }
  switch (event.kind) {
    case 'tool-input-start':
      reply.push({ type: 'tool-call', toolCallId: event.toolCallId, toolName: event.toolName, state: 'input-streaming', inputText: '' });
      return;
    case 'tool-input-delta':
      return updateCall(reply, event.toolCallId, (call) => ({ ...call, inputText: call.inputText + event.delta }));
    case 'tool-input-available':
      return updateCall(reply, event.toolCallId, (call) => ({ ...call, state: 'input-available', input: event.input }));
    case 'tool-approval-request':
      return updateCall(reply, event.toolCallId, (call) => ({ ...call, state: 'approval-requested' }));
    case 'tool-output':
      return updateCall(reply, event.toolCallId, (call) => ({ ...call, state: 'output-available', output: event.output }));
    case 'tool-error':
      return updateCall(reply, event.toolCallId, (call) => ({ ...call, state: 'output-error', errorText: event.errorText }));
    case 'tool-denied':
      return updateCall(reply, event.toolCallId, (call) => ({ ...call, state: 'output-denied' }));
    default:
      return;
  }
}

function recordDecision(reply: MessagePart[], decision: Decision): void {
  updateCall(reply, decision.toolCallId, (call) => ({
    ...call,
    approval: decision.reason === undefined ? { approved: decision.approved } : { approved: decision.approved, reason: decision.reason },
  }));
}

function updateCall(reply: MessagePart[], toolCallId: string, update: (call: ToolCallPart) => ToolCallPart): void {
  const index = reply.findIndex((part) => part.type === 'tool-call' && part.toolCallId === toolCallId);
  const call = reply[index];
  if (call?.type === 'tool-call') reply[index] = update(call);
}


