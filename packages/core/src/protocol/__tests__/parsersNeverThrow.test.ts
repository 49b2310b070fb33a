/**
 * Property tests: whatever arrives, the parsers return a result and never throw; refusals are
 * ProtocolErrors; and the documented rules hold for frames mutated from valid ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../errors/RejoinError.ts';
import { parseClientFrame } from '../parseClientFrame.ts';
import { parseServerFrame } from '../parseServerFrame.ts';
import type { ParseResult } from '../frameChecks.ts';
import { type FieldKind, clientFieldRules, serverFieldRules } from './fieldRules.ts';
import { validClientFrames, validServerFrames } from './validFrames.ts';

const RUNS = { numRuns: 1000 };

type Parse = (raw: unknown) => ParseResult<{ readonly type: string }>;

const sides = [
  { name: 'parseClientFrame', parse: parseClientFrame as Parse, valid: validClientFrames, rules: clientFieldRules },
  { name: 'parseServerFrame', parse: parseServerFrame as Parse, valid: validServerFrames, rules: serverFieldRules },
] as const;

/** Calls `parse` and fails the property if it throws or refuses with anything but a well-formed ProtocolError. */
function parseSafely(parse: Parse, raw: unknown): ParseResult<{ readonly type: string }> {
  const result = parse(raw);
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(ProtocolError);
    expect(result.error.code).toMatch(/^protocol\/(malformed|too_large|unsupported_version|unknown_type)$/);
    expect(result.error.message).toMatch(/^\[rejoin\] /);
  }
  return result;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** The JSON types a field of each kind may hold. */
function jsonTypesFor(kind: FieldKind | 'type'): readonly string[] {
  if (typeof kind !== 'string') return ['string'];
  switch (kind) {
    case 'seq':
    case 'count':
    case 'positive':
    case 'version':
      return ['number'];
    case 'boolean':
      return ['boolean'];
    case 'array':
      return ['array'];
    case 'object':
      return ['object'];
    case 'objectOrNull':
      return ['object', 'null'];
    default:
      return ['string'];
  }
}

/** Inserts a field into a frame's JSON text, so even a `__proto__` key arrives as plain data. */
function withExtraField(raw: string, key: string, value: unknown): string {
  return `${raw.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`;
}

/** Every path to a value inside a frame, as lists of keys and indices. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (readonly (string | number)[])[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((element, index) => [index, element])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function mutateAt(frame: object, path: readonly (string | number)[], replacement: { drop: true } | { value: unknown }): unknown {
  const copy = structuredClone(frame) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if ('drop' in replacement) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = replacement.value;
  }
  return copy;
}

// Bounded and synchronous: no timer can stop it mid-run, so a wall-clock limit would only measure
// how busy the machine is (the model walk took 4 s quiet and 21 s loaded). No per-test timeout.
describe.each(sides)('$name', { timeout: 0 }, ({ parse, valid, rules }) => {
  it('never throws on any JavaScript value', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withNullPrototype: true,
          withObjectString: true,
          withSet: true,
          withSparseArray: true,
          withTypedArray: true,
        }),
        (raw) => {
          parseSafely(parse, raw);
        },
      ),
      RUNS,
    );
  });

  it('never throws on any JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (raw) => {
        parseSafely(parse, raw);
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary strings, including lone surrogates and control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        parseSafely(parse, raw);
      }),
      RUNS,
    );
  });

  it('never throws when any value at any depth of a valid frame is dropped or replaced', () => {
    const mutation = fc.constantFrom(...valid).chain((frame) => {
      const paths = pathsOf(frame);
      return fc.record({
        frame: fc.constant(frame),
        path: fc.constantFrom(...paths),
        replacement: fc.oneof(fc.constant({ drop: true } as const), fc.jsonValue().map((value) => ({ value }))),
      });
    });
    fc.assert(
      fc.property(mutation, ({ frame, path, replacement }) => {
        parseSafely(parse, JSON.stringify(mutateAt(frame, path, replacement)));
      }),
      RUNS,
    );
  });

  it('refuses a valid frame whose required field is dropped', () => {
    const drops = fc.constantFrom(...valid).chain((frame) => {
      const required = Object.entries(rules[frame.type as keyof typeof rules])
        .filter(([, rule]) => rule.optional !== true)
        .map(([field]) => field);
      return fc.record({ frame: fc.constant(frame), field: fc.constantFrom('type', ...required) });
    });
    fc.assert(
      fc.property(drops, ({ frame, field }) => {
        expect(parseSafely(parse, JSON.stringify(mutateAt(frame, [field], { drop: true }))).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('refuses a valid frame whose field is given a value of another JSON type', () => {
    const changes = fc.constantFrom(...valid).chain((frame) => {
      const fields = Object.entries(rules[frame.type as keyof typeof rules]).map(([field, rule]) => [field, rule.kind] as const);
      return fc.constantFrom(['type', 'type'] as const, ...fields).chain(([field, kind]) =>
        fc.record({
          frame: fc.constant(frame),
          field: fc.constant(field),
          value: fc.jsonValue().filter((value) => !jsonTypesFor(kind).includes(jsonTypeOf(value))),
        }),
      );
    });
    fc.assert(
      fc.property(changes, ({ frame, field, value }) => {
        expect(parseSafely(parse, JSON.stringify(mutateAt(frame, [field], { value }))).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('accepts a valid frame with any unknown extra field, __proto__ included', () => {
    const extras = fc.record({
      frame: fc.constantFrom(...valid),
      key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')),
      value: fc.jsonValue(),
    });
    fc.assert(
      fc.property(
        extras.filter(({ frame, key }) => key !== 'v' && !Object.hasOwn(frame, key)),
        ({ frame, key, value }) => {
          expect(parseSafely(parse, withExtraField(JSON.stringify(frame), key, value)).ok).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
