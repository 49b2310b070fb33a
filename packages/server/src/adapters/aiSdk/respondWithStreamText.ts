import { AI_SDK_PART_PREFIX, toUIMessage, type MessagePart, type PartEvent } from '@rejoin/core/ai-sdk';
import { convertToModelMessages, type ModelMessage, type TextStreamPart, type ToolSet, type UIMessage } from 'ai';
import { ModelError } from '../ModelError.ts';
import type { RespondContinuation, Respond, RespondInput } from '../../generation/Respond.ts';

/** What `respondWithStreamText` hands the app's `streamText` call. */
export interface StreamTextContext {
  /** The conversation as model messages, including an approval decision being resumed. */
  readonly messages: ModelMessage[];
  /** Pass it to `streamText` so a user's stop or a server shutdown cancels the model call. */
  readonly abortSignal: AbortSignal;
}

/** The part of `streamText(...)`'s result the adapter reads. */
export interface StreamTextLike {
  readonly fullStream: AsyncIterable<TextStreamPart<ToolSet>>;
}

/** Options of `respondWithStreamText`. */
export interface RespondWithStreamTextOptions {
  /**
   * The tools, so stored tool outputs are turned back into model messages the way each tool's
   * `toModelOutput` wants. Pass the same tools as to `streamText`.
   */
  readonly tools?: ToolSet;
}

/**
 * A `Respond` over the AI SDK's `streamText`: the app calls `streamText` with the messages given,
 * and its `fullStream` is mapped onto Rejoin's text and part events. A tool with `needsApproval`
 * pauses the reply at its `tool-approval-request`; when the user decides, the server calls again
 * with a `continuation`, the messages then end with the approval response, and `streamText`
 * runs (or skips) the tool and goes on.
 *
 * @example respondWithStreamText((input, { messages, abortSignal }) =>
 *   streamText({ model: openai('gpt-5-mini'), messages, tools, abortSignal }))
 */
export function respondWithStreamText(
  start: (input: RespondInput, context: StreamTextContext) => StreamTextLike | PromiseLike<StreamTextLike>,
  options: RespondWithStreamTextOptions = {},
): Respond {
  return async function* respond(input) {
    const messages = await convertToModelMessages(uiMessagesOf(input), options.tools ? { tools: options.tools } : {});
    const result = await start(input, { messages, abortSignal: input.signal });
    for await (const streamPart of untilAborted(result.fullStream, input.signal)) {
      const mapped = toRejoinEvent(streamPart);
      if (mapped === 'end') return;
      if (mapped !== undefined) yield mapped;
    }
  };
}

/**
 * The stream's parts until the signal aborts. The abort is also passed to `streamText`, but a model
 * that ignores it would keep a reader waiting: this stops waiting, and `return()` cancels the stream.
 */
async function* untilAborted<T>(iterable: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  try {
    while (true) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next === 'aborted' || next.done) return;
      yield next.value;
    }
  } finally {
    // Not awaited: a stream stuck in a read may settle its cancel only once that read ends.
    void iterator.return?.()?.catch(() => {});
  }
}

/** The conversation as AI SDK UI messages, the paused reply last when resuming. */
function uiMessagesOf(input: RespondInput): UIMessage[] {
  const { continuation } = input;
  const history = input.conversation.messages.filter((message) => message.id !== continuation?.messageId);
  const uiMessages = history.map((message) => toModelUIMessage(message.id, message.role, message.text, message.parts));
  if (continuation) {
    uiMessages.push(toModelUIMessage(continuation.messageId, 'assistant', '', withDecision(continuation)));
  }
  return uiMessages;
}

/** The paused reply's parts with the user's decision on the tool call that asked for it. */
function withDecision({ parts, approval }: RespondContinuation): MessagePart[] {
  return parts.map((part) =>
    part.type === 'tool-call' && part.toolCallId === approval.toolCallId
      ? {
          ...part,
          state: 'approval-responded',
          approval: approval.reason === undefined ? { approved: approval.approved } : { approved: approval.approved, reason: approval.reason },
        }
      : part,
  );
}

/**
 * One message for `convertToModelMessages`. A `step-start` goes after each run of tool calls that
 * more parts follow, so the model sees call, result, then what it said next, as it happened.
 */
function toModelUIMessage(
  id: string,
  role: 'user' | 'assistant',
  text: string,
  parts: readonly MessagePart[] | undefined,
): UIMessage {
  const uiMessage = toUIMessage(parts === undefined ? { id, role, text } : { id, role, text, parts });
  const uiParts: unknown[] = [];
  uiMessage.parts.forEach((part, index) => {
    const previous = uiMessage.parts[index - 1];
    if (previous?.type.startsWith('tool-') && !part.type.startsWith('tool-') && part.type !== 'step-start') {
      uiParts.push({ type: 'step-start' });
    }
    uiParts.push(part);
  });
  // The converter's parts are the AI SDK's shapes, restated structurally in core.
  return { ...uiMessage, parts: uiParts as UIMessage['parts'] };
}

/** A `fullStream` part as Rejoin text or a part event; `end` when the stream is over. */
function toRejoinEvent(part: TextStreamPart<ToolSet>): string | PartEvent | 'end' | undefined {
  switch (part.type) {
    case 'text-delta':
      return part.text === '' ? undefined : part.text;
    case 'reasoning-delta':
      return part.text === '' ? undefined : { kind: 'reasoning-delta', delta: part.text };
    case 'reasoning-end':
      return { kind: 'reasoning-end' };
    case 'tool-input-start':
      return { kind: 'tool-input-start', toolCallId: part.id, toolName: part.toolName };
    case 'tool-input-delta':
      return { kind: 'tool-input-delta', toolCallId: part.id, delta: part.delta };
    case 'tool-call':
      return { kind: 'tool-input-available', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input };
    case 'tool-approval-request':
      return { kind: 'tool-approval-request', toolCallId: part.toolCall.toolCallId };
    case 'tool-result':
      return { kind: 'tool-output', toolCallId: part.toolCallId, output: part.output };
    case 'tool-error':
      return { kind: 'tool-error', toolCallId: part.toolCallId, errorText: errorText(part.error) };
    case 'tool-output-denied':
      return { kind: 'tool-denied', toolCallId: part.toolCallId };
    case 'source':
      if (part.sourceType === 'url') {
        return part.title === undefined
          ? { kind: 'source', sourceId: part.id, url: part.url }
          : { kind: 'source', sourceId: part.id, url: part.url, title: part.title };
      }
      // Rejoin has no document source: kept as the data part the UIMessage converter restores.
      return {
        kind: 'data',
        name: `${AI_SDK_PART_PREFIX}source-document`,
        data: { sourceId: part.id, mediaType: part.mediaType, title: part.title, ...(part.filename === undefined ? {} : { filename: part.filename }) },
      };
    case 'file':
      return { kind: 'file', url: `data:${part.file.mediaType};base64,${part.file.base64}`, mediaType: part.file.mediaType };
    case 'error':
      throw new ModelError(`the model stream failed: ${errorText(part.error)}`, { cause: part.error });
    case 'finish':
    case 'abort':
      return 'end';
    default:
      // text-start/end, tool-input-end, start, start-step, finish-step, raw: boundaries Rejoin does not keep.
      return undefined;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
