/**
 * The shapes of the records frames carry inside them (cursors, streams, history messages,
 * conversation summaries, limits), as in docs/protocol.md's frame reference.
 */
import { id, integer, oneOf, optional, string, type RecordShape } from './fieldChecks.ts';
import { messageParts } from './partShapes.ts';

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

/** `HistoryMessage`: in `conversation.messages`. */
export const historyMessageShape: RecordShape = {
  id,
  role: oneOf(['user', 'assistant']),
  text: string,
  status: oneOf(['complete', 'streaming', 'stopped', 'error']),
  createdAt: integer(0),
  seq: optional(integer(0)),
  replyTo: optional(id),
  parts: optional(messageParts),
};

/** `ConversationSummary`: in `conversations.conversations`. */
export const conversationSummaryShape: RecordShape = {
  conversationId: id,
  title: string,
  status: oneOf(CONVERSATION_STATUSES),
  updatedAt: integer(0),
  messageCount: integer(0),
};
