/**
 * Checks for the records frames carry inside them (cursors, streams, history messages,
 * conversation summaries, limits). Each receives an object and returns its first problem.
 */
import {
  type FieldProblem,
  type FrameRecord,
  isRecord,
  optionalId,
  optionalInteger,
  requireId,
  requireInteger,
  requireObject,
  requireOneOf,
  requireString,
} from './fieldChecks.ts';

export const CONVERSATION_STATUSES: readonly string[] = ['idle', 'streaming', 'errored'];
export const FINISH_REASONS: readonly string[] = ['complete', 'stopped', 'error'];
const MESSAGE_ROLES: readonly string[] = ['user', 'assistant'];
const HISTORY_STATUSES: readonly string[] = ['complete', 'streaming', 'stopped', 'error'];

/** `StreamCursor`: in `hello.cursors` and `welcome.lostStreams`. */
export function checkStreamCursor(cursor: FrameRecord): FieldProblem | undefined {
  return (
    requireId(cursor, 'conversationId') ?? requireId(cursor, 'messageId') ?? requireInteger(cursor, 'lastSeq', 0)
  );
}

/** `ActiveStreamInfo`: in `welcome.activeStreams`. */
export function checkActiveStreamInfo(stream: FrameRecord): FieldProblem | undefined {
  return checkStreamCursor(stream) ?? requireInteger(stream, 'startedAt', 0);
}

/** `welcome.limits`: a limit of 0 would make every frame or message impossible. */
export function checkLimits(limits: FrameRecord): FieldProblem | undefined {
  return requireInteger(limits, 'maxFrameBytes', 1) ?? requireInteger(limits, 'maxMessageChars', 1);
}

/** `conversation.activeStream`: `null`, or the stream the connection is now subscribed to. */
export function checkActiveStream(record: FrameRecord): FieldProblem | undefined {
  const value = record['activeStream'];
  if (value === null) return undefined;
  if (!isRecord(value)) return { path: 'activeStream', expected: 'an object, or null', got: value };
  return requireObject(
    record,
    'activeStream',
    (stream) => requireId(stream, 'messageId') ?? requireInteger(stream, 'lastSeq', 0),
  );
}

/** `HistoryMessage`: in `conversation.messages`. */
export function checkHistoryMessage(message: FrameRecord): FieldProblem | undefined {
  return (
    requireId(message, 'id') ??
    requireOneOf(message, 'role', MESSAGE_ROLES) ??
    requireString(message, 'text') ??
    requireOneOf(message, 'status', HISTORY_STATUSES) ??
    requireInteger(message, 'createdAt', 0) ??
    optionalInteger(message, 'seq', 0) ??
    optionalId(message, 'replyTo')
  );
}

/** `ConversationSummary`: in `conversations.conversations`. */
export function checkConversationSummary(summary: FrameRecord): FieldProblem | undefined {
  return (
    requireId(summary, 'conversationId') ??
    requireString(summary, 'title') ??
    requireOneOf(summary, 'status', CONVERSATION_STATUSES) ??
    requireInteger(summary, 'updatedAt', 0) ??
    requireInteger(summary, 'messageCount', 0)
  );
}
