import { ProtocolError } from '../errors/RejoinError.ts';
import {
  type FieldProblem,
  optionalId,
  optionalInteger,
  optionalString,
  requireArrayOf,
  requireId,
  requireInteger,
  requireString,
  requireVersion,
} from './fieldChecks.ts';
import { invalidField, unknownType } from './frameRejections.ts';
import { CLIENT_FRAME_TYPES, DEFAULT_MAX_FRAME_BYTES } from './frames.ts';
import type { ClientFrame } from './frames.ts';
import type { ParseFrameOptions } from './parseFrameOptions.ts';
import type { ParseResult } from './parseResult.ts';
import { readFrameRecord } from './readFrameRecord.ts';
import { checkStreamCursor } from './structureChecks.ts';

/**
 * Validates one frame received from a client; the reference server runs it on every incoming
 * frame. Returns the object JSON.parse built as the frame itself; unknown extra fields are kept
 * and ignored (forward compatibility).
 *
 * Never throws, whatever `raw` is: a refused frame yields `{ ok: false, error }` with a
 * `ProtocolError` coded `protocol/malformed`, `protocol/too_large`, `protocol/unsupported_version`
 * or `protocol/unknown_type`; `errorCodeForRejection` turns it into the `error` frame's code.
 *
 * @param raw The WebSocket message data, expected to be a string (decode binary data first only
 * if you mean to accept it; protocol v1 uses text messages).
 */
export function parseClientFrame(raw: unknown, options?: ParseFrameOptions): ParseResult<ClientFrame> {
  const record = readFrameRecord(raw, options?.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
  if (record instanceof ProtocolError) return { ok: false, error: record };
  const type = record['type'];
  let problem: FieldProblem | undefined;
  switch (type) {
    case 'send':
      problem =
        requireId(record, 'conversationId') ?? requireId(record, 'messageId') ?? requireString(record, 'text');
      break;
    case 'subscribe':
      problem =
        requireId(record, 'conversationId') ?? requireId(record, 'messageId') ?? requireInteger(record, 'lastSeq', 0);
      break;
    case 'hello':
      problem =
        requireVersion(record) ??
        requireId(record, 'clientId') ??
        optionalString(record, 'token') ??
        requireArrayOf(record, 'cursors', checkStreamCursor);
      break;
    case 'load':
      problem = requireId(record, 'conversationId') ?? optionalInteger(record, 'limit', 1);
      break;
    case 'list':
      problem = undefined;
      break;
    case 'unsubscribe':
      problem = requireId(record, 'conversationId');
      break;
    case 'stop':
      problem = requireId(record, 'conversationId') ?? optionalId(record, 'messageId');
      break;
    case 'ping':
    case 'pong':
      problem = requireInteger(record, 't', 0);
      break;
    default:
      return { ok: false, error: unknownType(raw, 'client', type, CLIENT_FRAME_TYPES) };
  }
  if (problem === undefined) return { ok: true, frame: record as unknown as ClientFrame };
  return { ok: false, error: invalidField(raw, 'client', type, problem) };
}
