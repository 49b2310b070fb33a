/**
 * The rules a field of a frame (or of a persisted record) may follow, and the one checker that
 * applies a table of them. A record's shape is data: `{ conversationId: id, seq: integer(1) }`.
 * A rule returns `undefined` when the value is fine and a `FieldProblem` otherwise, so a valid
 * record is checked without allocating anything, and checking stops at the first problem.
 *
 * What a rule expects is described for development messages only (see ../environment/isDevelopment.ts):
 * production builds keep the path and the value, and no prose.
 */
import { isDevelopment } from '../environment/isDevelopment.ts';
import { SUPPORTED_PROTOCOL_VERSIONS } from './frames.ts';

/** A parsed JSON object whose shape is not known yet. */
export type FrameRecord = { readonly [key: string]: unknown };

/** What is wrong with one field: where it is, what was expected, what was found. */
export interface FieldProblem {
  /** Dotted path from the record, e.g. `cursors[2].lastSeq`. */
  readonly path: string;
  /** What the rule expects, in words; empty in production builds. */
  readonly expected: string;
  readonly got: unknown;
}

/** Checks the value of the field at `path` (the field's name; records nested in it add their prefix). */
export type FieldRule = (value: unknown, path: string) => FieldProblem | undefined;

/** The rule of each field of a record. Fields not named are kept and ignored (forward compatibility). */
export type RecordShape = { readonly [field: string]: FieldRule };

/**
 * Ids are nanoid's alphabet, 1 to 128 characters: safe as storage keys, URL segments and log
 * fields without escaping, and wide enough for UUIDs and most database keys.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

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

/** A rule from a test of the value; `expected` is the empty string in production builds. */
export function rule(test: (value: unknown) => boolean, expected: string): FieldRule {
  return (value, path) => (test(value) ? undefined : { path, expected, got: value });
}

export const id: FieldRule = rule(
  isId,
  isDevelopment ? 'an id (1 to 128 characters among A-Z a-z 0-9 _ -)' : '',
);

export const string: FieldRule = rule(
  (value) => typeof value === 'string',
  isDevelopment ? 'a string' : '',
);

export const boolean: FieldRule = rule(
  (value) => typeof value === 'boolean',
  isDevelopment ? 'true or false' : '',
);

/** For `hello` and `welcome`, which must name the version; any other `v` was refused earlier. */
export const version: FieldRule = rule(
  (value) => SUPPORTED_PROTOCOL_VERSIONS.includes(value as number),
  isDevelopment ? `one of the numbers ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}` : '',
);

/** Any JSON value, but the field must be there (a tool's input or output, a data part's data). */
export const present: FieldRule = rule(
  (value) => value !== undefined,
  isDevelopment ? 'any JSON value' : '',
);

/** Safe integers only: past 2^53 JSON numbers lose precision and a seq would silently collide. */
export function integer(min: number): FieldRule {
  return rule(
    (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= min,
    isDevelopment ? `an integer >= ${min}` : '',
  );
}

export function oneOf(allowed: readonly string[]): FieldRule {
  return rule(
    (value) => typeof value === 'string' && allowed.includes(value),
    isDevelopment ? `one of ${allowed.join(', ')}` : '',
  );
}

/** `inner`, or the field may be `skip` (`undefined`: absent; or `null`); `also` is added to what is expected. */
function orSkip(inner: FieldRule, skip: unknown, also: string): FieldRule {
  return (value, path) => {
    if (value === skip) return undefined;
    const problem = inner(value, path);
    // Said of the field itself, not of a field nested in it.
    return problem?.path === path ? { ...problem, expected: problem.expected + also } : problem;
  };
}

/** The field may be absent. */
export function optional(inner: FieldRule): FieldRule {
  return orSkip(
    inner,
    undefined,
    isDevelopment ? ', or no field at all' : '',
  );
}

/** The field may be `null`. */
export function nullable(inner: FieldRule): FieldRule {
  return orSkip(inner, null, isDevelopment ? ', or null' : '');
}

/** Prefixes a nested problem's path with the field (and index) it was found under. */
function nested(prefix: string, problem: FieldProblem): FieldProblem {
  return { ...problem, path: `${prefix}.${problem.path}` };
}

/** The first problem of `record` against `shape`, in the shape's order, or `undefined`. */
export function checkRecord(record: FrameRecord, shape: RecordShape): FieldProblem | undefined {
  for (const field in shape) {
    const problem = shape[field]!(record[field], field);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const AN_OBJECT = isDevelopment ? 'an object' : '';

/** A nested object of the given shape. */
export function recordOf(shape: RecordShape): FieldRule {
  return (value, path) => {
    if (!isRecord(value)) return { path, expected: AN_OBJECT, got: value };
    const problem = checkRecord(value, shape);
    return problem && nested(path, problem);
  };
}

/**
 * An object whose shape depends on one of its fields (`kind`, `type`): the field must name a
 * known variant, then the rest is checked against that variant's shape.
 */
export function variantOf(tag: string, shapes: ReadonlyMap<unknown, RecordShape>): FieldRule {
  const expected = isDevelopment ? `one of ${[...shapes.keys()].join(', ')}` : '';
  return (value, path) => {
    if (!isRecord(value)) return { path, expected: AN_OBJECT, got: value };
    const shape = shapes.get(value[tag]);
    if (shape === undefined) return { path: `${path}.${tag}`, expected, got: value[tag] };
    const problem = checkRecord(value, shape);
    return problem && nested(path, problem);
  };
}

/** An array whose elements each pass `element` (a rule for one value, e.g. `variantOf`). */
export function arrayWhere(element: FieldRule): FieldRule {
  return (value, path) => {
    if (!Array.isArray(value)) return { path, expected: isDevelopment ? 'an array' : '', got: value };
    for (let index = 0; index < value.length; index++) {
      const problem = element(value[index], `${path}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

/** An array whose elements are objects of the given shape. */
export function arrayOf(shape: RecordShape): FieldRule {
  return (value, path) => {
    if (!Array.isArray(value)) {
      return {
        path,
        expected: isDevelopment ? 'an array' : '',
        got: value,
      };
    }
    for (let index = 0; index < value.length; index++) {
      const element: unknown = value[index];
      if (!isRecord(element)) return { path: `${path}[${index}]`, expected: AN_OBJECT, got: element };
      const problem = checkRecord(element, shape);
      if (problem !== undefined) return nested(`${path}[${index}]`, problem);
    }
    return undefined;
  };
}
