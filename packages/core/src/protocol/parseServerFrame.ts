import { ProtocolError } from '../errors/RejoinError.ts';
import { checkFrame, readFrameRecord, type ParseFrameOptions, type ParseResult } from './frameChecks.ts';
import { arrayOf, boolean, checkRecord, id, integer, isId, nullable, oneOf, optional, recordOf, string, version, type FrameRecord, type RecordShape } from './fieldChecks.ts';
import { DEFAULT_MAX_FRAME_BYTES, ERROR_CODES, type ServerFrame } from './frames.ts';
import { partEvent } from './partShapes.ts';
import { invalidField } from './frameChecks.ts';
import {
  CONVERSATION_STATUSES,
  FINISH_REASONS,
  activeStreamInfoShape,
  activeStreamShape,
  conversationSummaryShape,
  historyMessageShape,
  limitsShape,
  streamCursorShape,
} from './recordShapes.ts';

const count = integer(0);
const optionalId = optional(id);

/** Every server frame's fields, as docs/protocol.md's frame reference lists them. */
const shapes: { readonly [T in ServerFrame['type']]: RecordShape } = {
  welcome: {
    v: version,
    sessionId: id,
    activeStreams: arrayOf(activeStreamInfoShape),
    lostStreams: arrayOf(streamCursorShape),
    limits: recordOf(limitsShape),
    heartbeatMs: integer(1),
  },
  conversation: {
    conversationId: id,
    status: oneOf(CONVERSATION_STATUSES),
    messages: arrayOf(historyMessageShape),
    activeStream: nullable(recordOf(activeStreamShape)),
  },
  conversations: { conversations: arrayOf(conversationSummaryShape) },
  ack: { conversationId: id, messageId: id, index: count, createdAt: count, duplicate: boolean },
  message_start: { conversationId: id, messageId: id, replyTo: id, index: count, createdAt: count },
  // Exactly one of `text` and `part`: checked after the table (a rule sees one field).
  chunk: { conversationId: id, messageId: id, seq: integer(1), text: optional(string), part: optional(partEvent) },
  message_end: {
    conversationId: id,
    messageId: id,
    finishReason: oneOf(FINISH_REASONS),
    lastSeq: count,
    error: optional(string),
  },
  error: {
    code: string,
    message: string,
    conversationId: optionalId,
    messageId: optionalId,
    fatal: optional(boolean),
    retryAfterMs: optional(count),
  },
  ping: { t: count },
  pong: { t: count },
};

const shapesByType: ReadonlyMap<unknown, RecordShape> = new Map(Object.entries(shapes));

/**
 * Validates one frame received from the server. Runs on every incoming frame: the checks of a
 * `chunk` are a few `typeof` tests on the object JSON.parse built, which is returned as the frame
 * itself. Unknown extra fields are kept and ignored (forward compatibility).
 *
 * An `error` frame with a code this client does not know (from a newer server) is accepted with
 * `code: 'internal'`; its `message` and `fatal` still apply.
 *
 * Never throws, whatever `raw` is: a refused frame yields `{ ok: false, error }` with a
 * `ProtocolError` coded `protocol/malformed`, `protocol/too_large`, `protocol/unsupported_version`
 * or `protocol/unknown_type`.
 *
 * @param raw The WebSocket message data, expected to be a string.
 */
export function parseServerFrame(raw: unknown, options?: ParseFrameOptions): ParseResult<ServerFrame> {
  const record = readFrameRecord(raw, options?.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
  if (record instanceof ProtocolError) return { ok: false, error: record };
  // Nearly every frame is a chunk: its rules (the table's) are written out here, so the hot path
  // makes no call through the table. Anything else, or a chunk with a problem, goes to the table.
  const seq = record['seq'];
  if (
    record['type'] === 'chunk' &&
    isId(record['conversationId']) &&
    isId(record['messageId']) &&
    typeof seq === 'number' &&
    Number.isSafeInteger(seq) &&
    seq >= 1 &&
    typeof record['text'] === 'string' &&
    record['part'] === undefined
  ) {
    return { ok: true, frame: record as unknown as ServerFrame };
  }
  const result = checkFrame<ServerFrame>(raw, record, 'server', shapesByType);
  if (record['type'] === 'chunk') return checkChunkPayload(raw, record, result);
  if (result.ok && result.frame.type === 'error' && !ERROR_CODES.includes(result.frame.code)) {
    // Rare path, so a copy is fine: the caller never sees a code outside ERROR_CODES.
    return { ok: true, frame: { ...result.frame, code: 'internal' } };
  }
  return result;
}

const EXACTLY_ONE = 'exactly one of a string `text` or a `part` event';

/**
 * A chunk carries exactly one of `text` and `part`. A chunk whose ids and seq are sound but whose
 * payload is not is refused with its seq salvaged (as an empty text chunk), so one bad part costs
 * that part alone and the stream goes on.
 */
function checkChunkPayload(raw: unknown, record: FrameRecord, result: ParseResult<ServerFrame>): ParseResult<ServerFrame> {
  const hasText = record['text'] !== undefined;
  const hasPart = record['part'] !== undefined;
  const envelopeProblem = checkRecord(record, chunkEnvelope);
  if (envelopeProblem !== undefined) return result;
  const error = !result.ok
    ? result.error
    : hasText === hasPart
      ? invalidField(raw, 'server', 'chunk', { path: hasText ? 'part' : 'text', expected: EXACTLY_ONE, got: record[hasText ? 'part' : 'text'] })
      : undefined;
  if (error === undefined) return result;
  const salvaged: ServerFrame = {
    type: 'chunk',
    conversationId: record['conversationId'] as string,
    messageId: record['messageId'] as string,
    seq: record['seq'] as number,
    text: '',
  };
  return { ok: false, error, salvaged };
}

const chunkEnvelope: RecordShape = { conversationId: id, messageId: id, seq: integer(1) };
