import { ProtocolError } from '../errors/RejoinError.ts';
import {
  type FieldProblem,
  optionalBoolean,
  optionalId,
  optionalInteger,
  optionalString,
  requireVersion,
  requireArrayOf,
  requireBoolean,
  requireId,
  requireInteger,
  requireObject,
  requireOneOf,
  requireString,
} from './fieldChecks.ts';
import { invalidField, unknownType } from './frameRejections.ts';
import { DEFAULT_MAX_FRAME_BYTES, ERROR_CODES, SERVER_FRAME_TYPES } from './frames.ts';
import type { ErrorCode, ServerFrame } from './frames.ts';
import type { ParseFrameOptions } from './parseFrameOptions.ts';
import type { ParseResult } from './parseResult.ts';
import { readFrameRecord } from './readFrameRecord.ts';
import {
  CONVERSATION_STATUSES,
  FINISH_REASONS,
  checkActiveStream,
  checkActiveStreamInfo,
  checkConversationSummary,
  checkHistoryMessage,
  checkLimits,
  checkStreamCursor,
} from './structureChecks.ts';

/**
 * Validates one frame received from the server. Runs on every incoming frame, so the `chunk`
 * path is a `switch` and a few `typeof` tests on the object JSON.parse built, which is returned
 * as the frame itself. Unknown extra fields are kept and ignored (forward compatibility).
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
  const type = record['type'];
  let problem: FieldProblem | undefined;
  switch (type) {
    case 'chunk':
      problem =
        requireId(record, 'conversationId') ??
        requireId(record, 'messageId') ??
        requireInteger(record, 'seq', 1) ??
        requireString(record, 'text');
      break;
    case 'message_start':
      problem =
        requireId(record, 'conversationId') ??
        requireId(record, 'messageId') ??
        requireId(record, 'replyTo') ??
        requireInteger(record, 'index', 0) ??
        requireInteger(record, 'createdAt', 0);
      break;
    case 'message_end':
      problem =
        requireId(record, 'conversationId') ??
        requireId(record, 'messageId') ??
        requireOneOf(record, 'finishReason', FINISH_REASONS) ??
        requireInteger(record, 'lastSeq', 0) ??
        optionalString(record, 'error');
      break;
    case 'ack':
      problem =
        requireId(record, 'conversationId') ??
        requireId(record, 'messageId') ??
        requireInteger(record, 'index', 0) ??
        requireInteger(record, 'createdAt', 0) ??
        requireBoolean(record, 'duplicate');
      break;
    case 'welcome':
      problem =
        requireVersion(record) ??
        requireId(record, 'sessionId') ??
        requireArrayOf(record, 'activeStreams', checkActiveStreamInfo) ??
        requireArrayOf(record, 'lostStreams', checkStreamCursor) ??
        requireObject(record, 'limits', checkLimits) ??
        requireInteger(record, 'heartbeatMs', 1);
      break;
    case 'conversation':
      problem =
        requireId(record, 'conversationId') ??
        requireOneOf(record, 'status', CONVERSATION_STATUSES) ??
        requireArrayOf(record, 'messages', checkHistoryMessage) ??
        checkActiveStream(record);
      break;
    case 'conversations':
      problem = requireArrayOf(record, 'conversations', checkConversationSummary);
      break;
    case 'error':
      problem =
        requireString(record, 'code') ??
        requireString(record, 'message') ??
        optionalId(record, 'conversationId') ??
        optionalId(record, 'messageId') ??
        optionalBoolean(record, 'fatal') ??
        optionalInteger(record, 'retryAfterMs', 0);
      if (problem === undefined && !ERROR_CODES.includes(record['code'] as ErrorCode)) {
        // Rare path, so a copy is fine: the caller never sees a code outside ERROR_CODES.
        return { ok: true, frame: { ...record, code: 'internal' } as unknown as ServerFrame };
      }
      break;
    case 'ping':
    case 'pong':
      problem = requireInteger(record, 't', 0);
      break;
    default:
      return { ok: false, error: unknownType(raw, 'server', type, SERVER_FRAME_TYPES) };
  }
  if (problem === undefined) return { ok: true, frame: record as unknown as ServerFrame };
  return { ok: false, error: invalidField(raw, 'server', type, problem) };
}
