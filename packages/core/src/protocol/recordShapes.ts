/**
 * The shapes of the records frames carry inside them (cursors, streams, history messages,
 * conversation summaries, limits), as in docs/protocol.md's frame reference.
 */
import {
  arrayOf,
  boolean,
  id,
  integer,
  isRecord,
  oneOf,
  optional,
  present,
  string,
  type FieldRule,
  type RecordShape,
  checkRecord,
} from './fieldChecks.ts';
import { isDevelopment } from '../environment/isDevelopment.ts';

export const CONVERSATION_STATUSES: readonly string[] = ['idle', 'streaming', 'errored'];
export const FINISH_REASONS: readonly string[] = ['complete', 'stopped', 'error'];

/** `StreamCursor`: in `hello.cursors` and `welcome.lostStreams`. */
export const streamCursorShape: RecordShape = { conversationId: id, messageId: id, lastSeq: integer(0) };

/** `ActiveStreamInfo`: in `welcome.activeStreams`. */
export const activeStreamInfoShape: RecordShape = { ...streamCursorShape, startedAt: integer(0) };

/** `welcome.limits`: a limit of 0 would make every frame or message impossible. */
export const limitsShape: RecordShape = { maxFrameBytes: integer(1), maxMessageChars: integer(1) };

/** `conversation.activeStream` when not `null`: the stream the connection is now subscribed to. */
export const activeStreamShape: RecordShape = { messageId: id, lastSeq: integer(0) };

/** `FileAttachment`: in `send.files`, and the fields of a `file` part. */
export const fileAttachmentShape: RecordShape = { url: string, mediaType: string, filename: optional(string) };

const TOOL_CALL_STATES = [
  'input-streaming',
  'input-available',
  'approval-requested',
  'approval-responded',
  'output-available',
  'output-error',
  'output-denied',
];

/** A record whose shape depends on its tag field (`kind` of a part event, `type` of a part). */
function tagged(tag: string, shapes: { readonly [value: string]: RecordShape }): FieldRule {
  const byTag: ReadonlyMap<unknown, RecordShape> = new Map(Object.entries(shapes));
  const expectedTag = isDevelopment ? `one of ${[...byTag.keys()].join(', ')}` : '';
  return (value, path) => {
    if (!isRecord(value)) return { path, expected: isDevelopment ? 'an object' : '', got: value };
    const shape = byTag.get(value[tag]);
    if (shape === undefined) return { path: `${path}.${tag}`, expected: expectedTag, got: value[tag] };
    const problem = checkRecord(value, shape);
    return problem && { ...problem, path: `${path}.${problem.path}` };
  };
}

/** `PartEvent`: a v2 `chunk`'s `part`. */
export const partEvent: FieldRule = tagged('kind', {
  'reasoning-delta': { delta: string },
  'reasoning-end': {},
  'tool-input-start': { toolCallId: id, toolName: string },
  'tool-input-delta': { toolCallId: id, delta: string },
  'tool-input-available': { toolCallId: id, toolName: string, input: present },
  'tool-approval-request': { toolCallId: id },
  'tool-approval-response': { toolCallId: id, approved: boolean, reason: optional(string) },
  'tool-output': { toolCallId: id, output: present },
  'tool-error': { toolCallId: id, errorText: string },
  'tool-denied': { toolCallId: id },
  source: { sourceId: string, url: string, title: optional(string) },
  file: fileAttachmentShape,
  data: { name: string, data: present, id: optional(string) },
});

/** `MessagePart`: in `HistoryMessage.parts`. */
const messagePart: FieldRule = tagged('type', {
  text: { text: string },
  reasoning: { text: string, done: optional(boolean) },
  'tool-call': { toolCallId: id, toolName: string, state: oneOf(TOOL_CALL_STATES), inputText: string, errorText: optional(string) },
  source: { sourceId: string, url: string, title: optional(string) },
  file: fileAttachmentShape,
  data: { name: string, id: optional(string) },
});

/** An array whose every element passes `element`. */
function listOf(element: FieldRule): FieldRule {
  return (value, path) => {
    if (!Array.isArray(value)) return { path, expected: isDevelopment ? 'an array' : '', got: value };
    for (let index = 0; index < value.length; index++) {
      const problem = element(value[index], `${path}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

/** `HistoryMessage`: in `conversation.messages`. */
export const historyMessageShape: RecordShape = {
  id,
  role: oneOf(['user', 'assistant']),
  text: string,
  status: oneOf(['complete', 'streaming', 'stopped', 'error']),
  createdAt: integer(0),
  seq: optional(integer(0)),
  replyTo: optional(id),
  parts: optional(listOf(messagePart)),
};

/** `send.files` (v2). */
export const sendFiles: FieldRule = optional(arrayOf(fileAttachmentShape));

/** `ConversationSummary`: in `conversations.conversations`. */
export const conversationSummaryShape: RecordShape = {
  conversationId: id,
  title: string,
  status: oneOf(CONVERSATION_STATUSES),
  updatedAt: integer(0),
  messageCount: integer(0),
};
