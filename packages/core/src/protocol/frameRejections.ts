/**
 * The `ProtocolError` for each way a frame can be refused. Messages start with `[rejoin]`, say what
 * is wrong, and what to do about it; every builder runs only on failure, so the valid path pays nothing.
 *
 * Production builds keep a one-line message with the facts (and the error keeps its `code`); the
 * advice is development-only (`isDevelopment`, which bundlers fold), so it costs no bytes in an app's bundle.
 */
import { isDevelopment } from '../environment/isDevelopment.ts';
import { ProtocolError } from '../errors/RejoinError.ts';
import { describeValue } from './describeValue.ts';
import type { FieldProblem } from './fieldChecks.ts';
import { PROTOCOL_VERSION } from './frames.ts';

/** Which side sent the frame being checked, for the wording of messages. */
export type FrameDirection = 'client' | 'server';

const SPEC = 'docs/protocol.md (Rejoin wire protocol)';

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
      ? `[rejoin] Dropped a frame for protocol version ${describeValue(version)}; this side speaks versions 1 to ` +
        `${PROTOCOL_VERSION}. Run a client and a server that speak the same protocol version.`
      : `[rejoin] Dropped a frame for protocol version ${describeValue(version)} (this side: ${PROTOCOL_VERSION}).`,
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
