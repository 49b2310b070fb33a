/**
 * Checks for one field of a frame. Each returns `undefined` when the field is fine and a
 * `FieldProblem` otherwise, so a valid frame is checked without allocating anything and the
 * checks chain with `??`, stopping at the first problem.
 */
import { PROTOCOL_VERSION } from './frames.ts';

/** A parsed JSON object whose shape is not known yet. */
export type FrameRecord = { readonly [key: string]: unknown };

/** What is wrong with one field: where it is, what was expected, what was found. */
export interface FieldProblem {
  /** Dotted path from the frame, e.g. `cursors[2].lastSeq`; empty for the value itself. */
  readonly path: string;
  readonly expected: string;
  readonly got: unknown;
}

/**
 * Ids are nanoid's alphabet, 1 to 128 characters: safe as storage keys, URL segments and log
 * fields without escaping, and wide enough for UUIDs and most database keys.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

const ID_EXPECTED = 'an id (1 to 128 characters among A-Z a-z 0-9 _ -)';

export function isRecord(value: unknown): value is FrameRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The two ids that passed last. A stream repeats the same conversation and message id in every
 * chunk, so comparing with them spares the regular expression nearly every time.
 */
let passedId = '';
let passedIdBefore = '';

export function isId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (value === passedId || value === passedIdBefore) return value !== '';
  // The length test first keeps a huge string from reaching the regular expression.
  if (value.length > 128 || !ID_PATTERN.test(value)) return false;
  // Ids key plain objects on both sides (conversations by id): a name that every object already
  // has (`__proto__`, `constructor`, `toString`, …) would read or overwrite the prototype instead.
  if (value in Object.prototype) return false;
  passedIdBefore = passedId;
  passedId = value;
  return true;
}

function problem(path: string, expected: string, got: unknown): FieldProblem {
  return { path, expected, got };
}

/** Prefixes a nested problem's path with the field (and index) it was found under. */
export function nestProblem(prefix: string, nested: FieldProblem): FieldProblem {
  return { ...nested, path: nested.path === '' ? prefix : `${prefix}.${nested.path}` };
}

export function requireId(record: FrameRecord, key: string): FieldProblem | undefined {
  const value = record[key];
  return isId(value) ? undefined : problem(key, ID_EXPECTED, value);
}

export function optionalId(record: FrameRecord, key: string): FieldProblem | undefined {
  const value = record[key];
  return value === undefined || isId(value) ? undefined : problem(key, `${ID_EXPECTED}, or no field at all`, value);
}

/** Safe integers only: past 2^53 JSON numbers lose precision and a seq would silently collide. */
export function requireInteger(record: FrameRecord, key: string, min: number): FieldProblem | undefined {
  const value = record[key];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min
    ? undefined
    : problem(key, `an integer >= ${min}`, value);
}

export function optionalInteger(record: FrameRecord, key: string, min: number): FieldProblem | undefined {
  return record[key] === undefined ? undefined : requireInteger(record, key, min);
}

export function requireString(record: FrameRecord, key: string): FieldProblem | undefined {
  const value = record[key];
  return typeof value === 'string' ? undefined : problem(key, 'a string', value);
}

export function optionalString(record: FrameRecord, key: string): FieldProblem | undefined {
  const value = record[key];
  return value === undefined || typeof value === 'string' ? undefined : problem(key, 'a string, or no field at all', value);
}

export function requireBoolean(record: FrameRecord, key: string): FieldProblem | undefined {
  const value = record[key];
  return typeof value === 'boolean' ? undefined : problem(key, 'true or false', value);
}

export function optionalBoolean(record: FrameRecord, key: string): FieldProblem | undefined {
  const value = record[key];
  return value === undefined || typeof value === 'boolean'
    ? undefined
    : problem(key, 'true or false, or no field at all', value);
}

export function requireOneOf(
  record: FrameRecord,
  key: string,
  allowed: readonly string[],
): FieldProblem | undefined {
  const value = record[key];
  return typeof value === 'string' && allowed.includes(value)
    ? undefined
    : problem(key, `one of ${allowed.join(', ')}`, value);
}

/** Checks a nested object with `check`; `check` receives only objects. */
export function requireObject(
  record: FrameRecord,
  key: string,
  check: (nested: FrameRecord) => FieldProblem | undefined,
): FieldProblem | undefined {
  const value = record[key];
  if (!isRecord(value)) return problem(key, 'an object', value);
  const nested = check(value);
  return nested === undefined ? undefined : nestProblem(key, nested);
}

/** Checks an array element by element with `check`; `check` receives only objects. */
export function requireArrayOf(
  record: FrameRecord,
  key: string,
  check: (element: FrameRecord) => FieldProblem | undefined,
): FieldProblem | undefined {
  const value = record[key];
  if (!Array.isArray(value)) return problem(key, 'an array', value);
  for (let index = 0; index < value.length; index++) {
    const element: unknown = value[index];
    if (!isRecord(element)) return problem(`${key}[${index}]`, 'an object', element);
    const nested = check(element);
    if (nested !== undefined) return nestProblem(`${key}[${index}]`, nested);
  }
  return undefined;
}

/** For `hello` and `welcome`, which must name the version; any other `v` was refused earlier. */
export function requireVersion(record: FrameRecord): FieldProblem | undefined {
  const value = record['v'];
  return value === PROTOCOL_VERSION ? undefined : problem('v', `the number ${PROTOCOL_VERSION}`, value);
}
