import { checkRecord, type FrameRecord, type RecordShape } from './fieldChecks.ts';
import { type FrameDirection, invalidField, unknownType } from './frameRejections.ts';
import type { ParseResult } from './parseResult.ts';

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
