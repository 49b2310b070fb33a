import { ProtocolError } from '../errors/RejoinError.ts';
import { checkFrame, readFrameRecord, type ParseFrameOptions, type ParseResult } from './frameChecks.ts';
import { arrayOf, boolean, id, integer, optional, string, version, type RecordShape } from './fieldChecks.ts';
import { fileAttachments } from './partShapes.ts';
import { DEFAULT_MAX_FRAME_BYTES, type ClientFrame } from './frames.ts';
import { streamCursorShape } from './recordShapes.ts';

const count = integer(0);

/** Every client frame's fields, as docs/protocol.md's frame reference lists them. */
const shapes: { readonly [T in ClientFrame['type']]: RecordShape } = {
  hello: { v: version, clientId: id, token: optional(string), cursors: arrayOf(streamCursorShape) },
  load: { conversationId: id, limit: optional(integer(1)) },
  list: {},
  send: { conversationId: id, messageId: id, text: string, files: optional(fileAttachments) },
  approve: { conversationId: id, messageId: id, toolCallId: id, approved: boolean, reason: optional(string) },
  subscribe: { conversationId: id, messageId: id, lastSeq: count },
  unsubscribe: { conversationId: id },
  stop: { conversationId: id, messageId: optional(id) },
  ping: { t: count },
  pong: { t: count },
};

const shapesByType: ReadonlyMap<unknown, RecordShape> = new Map(Object.entries(shapes));

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
  return record instanceof ProtocolError ? { ok: false, error: record } : checkFrame(raw, record, 'client', shapesByType);
}
