/**
 * How any frame is checked and refused, in both directions: the envelope checks every frame passes
 * before its type is looked at (text, size in UTF-8 bytes, JSON, object, version), the check of its
 * fields against its type's shape, the typed `ProtocolError` for each way a frame can be refused, and
 * the error code a server answers a refusal with. The parsers (parseServerFrame.ts,
 * parseClientFrame.ts) are these steps in order.
 */
import { isDevelopment } from '../environment/isDevelopment.ts';
import { ProtocolError } from '../errors/RejoinError.ts';
import { checkRecord, isRecord, type FieldProblem, type FrameRecord, type RecordShape } from './fieldChecks.ts';
import { SUPPORTED_PROTOCOL_VERSIONS, type ErrorCode } from './frames.ts';

/**
 * The outcome of validating one incoming frame. Parsers return it instead of throwing, so a bad
 * frame from the peer is an ordinary value the caller logs and drops, never a crash.
 */
export type ParseResult<F> =
  | { readonly ok: true; readonly frame: F }
  | {
      readonly ok: false;
      readonly error: ProtocolError;
      /**
       * A chunk whose envelope (ids, seq) is sound but whose `part` is not: the same chunk with
       * empty text, to apply after reporting `error`. Its seq counts as consumed, so the stream
       * goes on instead of asking for a replay that would bring the same bad part again.
       */
      readonly salvaged?: F;
    };

/** Options shared by `parseClientFrame` and `parseServerFrame`. */
export interface ParseFrameOptions {
  /**
   * The largest frame accepted, in UTF-8 bytes of the raw text (protocol v1, "Transport"), checked
   * before JSON parsing so an oversized frame costs nothing to reject.
   * @default DEFAULT_MAX_FRAME_BYTES (1 MiB)
   */
  readonly maxFrameBytes?: number;
}

/**
 * The size of a frame as protocol v1 counts it: the UTF-8 bytes of its text, what a Go or Python
 * peer measures (docs/protocol.md, "Transport"). Counted from the UTF-16 code units without
 * encoding, so measuring allocates nothing; a lone surrogate counts 3, as the U+FFFD it is sent as.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether the text is over `maxBytes` UTF-8 bytes. A code unit takes 1 to 3 bytes, so most texts
 * are decided by their length alone and only the ones in between are counted.
 */
export function exceedsUtf8Bytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8ByteLength(text) > maxBytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * A short, human-readable description of a value from an untrusted frame, for error messages.
 * It never recurses and never calls into the value, so it cannot throw or blow the stack,
 * whatever the peer sent.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'undefined':
      return 'nothing (the field is missing)';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? `an array of ${value.length} elements` : 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * The `ProtocolError` for each way a frame can be refused. Messages start with `[rejoin]`, say what
 * is wrong, and what to do about it; every builder runs only on failure, so the valid path pays nothing.
 *
 * Production builds keep a one-line message with the facts (and the error keeps its `code`); the
 * advice is development-only (`isDevelopment`, which bundlers fold), so it costs no bytes in an app's bundle.
 */

/** Which side sent the frame being checked, for the wording of messages. */
export type FrameDirection = 'client' | 'server';

const SPEC = 'docs/protocol.md (Rejoin wire protocol v2)';

/** The first characters of what was received, safe to log whatever `raw` is. */
function excerptOf(raw: unknown): string {
  return typeof raw === 'string' ? raw.slice(0, 200) : `<${describeValue(raw)}>`;
}

export function notText(raw: unknown): ProtocolError {
  return new ProtocolError(
    'protocol/malformed',
    isDevelopment
      ? `[rejoin] Dropped a frame that is not text (got ${describeValue(raw)}). Every protocol v1 frame is one ` +
        'JSON object in one WebSocket text message: make the peer send text messages, not binary ones.'
      : `[rejoin] Dropped a frame that is not text (${describeValue(raw)}).`,
    excerptOf(raw),
  );
}

export function tooLarge(raw: string, bytes: number, maxFrameBytes: number): ProtocolError {
  return new ProtocolError(
    'protocol/too_large',
    isDevelopment
      ? `[rejoin] Dropped a frame of ${bytes} bytes, over the limit of ${maxFrameBytes}. ` +
        'Keep frames smaller (stream long replies as more chunks), or raise maxFrameBytes on both sides.'
      : `[rejoin] Dropped a frame of ${bytes} bytes (limit ${maxFrameBytes}).`,
    excerptOf(raw),
  );
}

export function notJson(raw: string, cause: unknown): ProtocolError {
  const reason = cause instanceof Error ? cause.message : 'unparsable';
  return new ProtocolError(
    'protocol/malformed',
    isDevelopment
      ? `[rejoin] Dropped a frame that is not valid JSON (${reason}). Each WebSocket text message must hold ` +
        `exactly one complete JSON object; see ${SPEC}.`
      : `[rejoin] Dropped a frame that is not JSON (${reason}).`,
    excerptOf(raw),
    { cause },
  );
}

export function notObject(raw: string, value: unknown): ProtocolError {
  return new ProtocolError(
    'protocol/malformed',
    isDevelopment
      ? `[rejoin] Dropped a frame that is ${describeValue(value)}, not a JSON object. Each frame must be one ` +
        `JSON object with a string "type" field; see ${SPEC}.`
      : `[rejoin] Dropped a frame that is ${describeValue(value)}, not a JSON object.`,
    excerptOf(raw),
  );
}

export function unsupportedVersion(raw: string, version: unknown): ProtocolError {
  return new ProtocolError(
    'protocol/unsupported_version',
    isDevelopment
      ? `[rejoin] Dropped a frame for protocol version ${describeValue(version)}; this side speaks versions ` +
        `${SUPPORTED_PROTOCOL_VERSIONS.join(' and ')}. Run a client and a server that share a protocol version.`
      : `[rejoin] Dropped a frame for protocol version ${describeValue(version)} (this side: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}).`,
    excerptOf(raw),
  );
}

export function unknownType(
  raw: unknown,
  direction: FrameDirection,
  type: unknown,
  known: Iterable<unknown>,
): ProtocolError {
  const what = type === undefined ? 'without a "type" field' : `with an unknown type (${describeValue(type)})`;
  return new ProtocolError(
    'protocol/unknown_type',
    isDevelopment
      ? `[rejoin] Dropped a ${direction} frame ${what}. A ${direction} frame's type must be one of ` +
        `${[...known].join(', ')}. If the peer is newer, upgrade this side; otherwise fix the peer against ${SPEC}.`
      : `[rejoin] Dropped a ${direction} frame ${what}.`,
    excerptOf(raw),
  );
}

export function invalidField(
  raw: unknown,
  direction: FrameDirection,
  type: string,
  problem: FieldProblem,
): ProtocolError {
  return new ProtocolError(
    'protocol/malformed',
    isDevelopment
      ? `[rejoin] Dropped a "${type}" ${direction} frame: \`${problem.path}\` must be ${problem.expected}, ` +
        `got ${describeValue(problem.got)}. Fix the ${direction} that sent it so it follows ${SPEC}.`
      : `[rejoin] Dropped a "${type}" ${direction} frame: \`${problem.path}\` got ${describeValue(problem.got)}.`,
    excerptOf(raw),
  );
}

/**
 * The checks every frame passes before its type is looked at, in the order docs/protocol.md
 * fixes: text, size, JSON, object, version. Shared by both directions.
 */

/** The parsed frame as an object whose fields are still unchecked, or why it was refused. */
export function readFrameRecord(raw: unknown, maxFrameBytes: number): FrameRecord | ProtocolError {
  if (typeof raw !== 'string') return notText(raw);
  // Before JSON.parse: an oversized frame must cost nothing to refuse.
  if (exceedsUtf8Bytes(raw, maxFrameBytes)) return tooLarge(raw, utf8ByteLength(raw), maxFrameBytes);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    // Includes a RangeError from pathologically deep nesting, not just SyntaxError.
    return notJson(raw, cause);
  }
  if (!isRecord(value)) return notObject(raw, value);
  // Any frame may carry `v`; one that names another version is refused whatever its type, so a
  // newer peer gets `unsupported_version` rather than a misleading field error.
  const version = value['v'];
  if (version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version as number)) {
    return unsupportedVersion(raw, version);
  }
  return value;
}

/**
 * Checks the fields of a frame (`record`, what `readFrameRecord` made of `raw`) against the shape
 * of its type, for either direction. A valid frame is that very object.
 */
export function checkFrame<F>(
  raw: unknown,
  record: FrameRecord,
  direction: FrameDirection,
  shapes: ReadonlyMap<unknown, RecordShape>,
): ParseResult<F> {
  const type = record['type'];
  // A Map, not an object: a type named like an Object.prototype member must find no shape.
  const shape = shapes.get(type);
  if (shape === undefined) return { ok: false, error: unknownType(raw, direction, type, shapes.keys()) };
  const problem = checkRecord(record, shape);
  return problem === undefined
    ? { ok: true, frame: record as unknown as F }
    : { ok: false, error: invalidField(raw, direction, type as string, problem) };
}

/**
 * The `error` frame code a server answers a refused client frame with (docs/protocol.md,
 * "Error codes"): too large → `frame_too_large` and wrong version → `unsupported_version`
 * (fatal); anything else unusable → `bad_frame`.
 */
export function errorCodeForRejection(error: ProtocolError): ErrorCode {
  switch (error.code) {
    case 'protocol/too_large':
      return 'frame_too_large';
    case 'protocol/unsupported_version':
      return 'unsupported_version';
    default:
      return 'bad_frame';
  }
}
