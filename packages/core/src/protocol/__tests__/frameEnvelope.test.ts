/**
 * The checks every frame passes before its type-specific fields (docs/protocol.md, "Frame format
 * and validation", steps 1 to 6), run against both parsers since both share them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../errors/RejoinError.ts';
import { CLIENT_FRAME_TYPES, DEFAULT_MAX_FRAME_BYTES, SERVER_FRAME_TYPES } from '../frames.ts';
import { parseClientFrame } from '../parseClientFrame.ts';
import { parseServerFrame } from '../parseServerFrame.ts';
import type { ParseResult } from '../frameChecks.ts';
import { validClientFrames, validServerFrames } from './validFrames.ts';

type Parse = (raw: unknown, options?: { maxFrameBytes?: number }) => ParseResult<{ readonly type: string }>;

const sides = [
  { name: 'parseClientFrame', parse: parseClientFrame as Parse, own: CLIENT_FRAME_TYPES, other: SERVER_FRAME_TYPES, valid: validClientFrames },
  { name: 'parseServerFrame', parse: parseServerFrame as Parse, own: SERVER_FRAME_TYPES, other: CLIENT_FRAME_TYPES, valid: validServerFrames },
] as const;

function refusal(result: ParseResult<unknown>): ProtocolError {
  if (result.ok) throw new Error(`expected a refusal, got the frame ${JSON.stringify(result.frame)}`);
  return result.error;
}

/** A `ping` frame whose text is exactly `length` characters long, padded with an unknown field. */
function pingOfLength(length: number): string {
  const bare = '{"type":"ping","t":1,"pad":""}';
  return `${bare.slice(0, -2)}${'x'.repeat(length - bare.length)}"}`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(sides)('$name', ({ parse, own, other, valid }) => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
    ['an object', { type: 'ping', t: 1 }],
    ['an array', ['{"type":"ping","t":1}']],
    ['an ArrayBuffer', new TextEncoder().encode('{"type":"ping","t":1}').buffer],
    ['a Uint8Array', new TextEncoder().encode('{"type":"ping","t":1}')],
    ['a symbol', Symbol('frame')],
    ['a function', () => '{"type":"ping","t":1}'],
    ['a bigint', 10n],
    ['an object without prototype', Object.create(null) as unknown],
    ['an object whose toString throws', { toString: () => { throw new Error('boom'); } }],
  ])('refuses %s as malformed because frames are WebSocket text messages', (_, raw) => {
    const error = refusal(parse(raw));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.code).toBe('protocol/malformed');
    expect(error.message).toMatch(/^\[rejoin\] .*not text/);
  });

  it('refuses a frame longer than maxFrameBytes without parsing it', () => {
    const parseJson = vi.spyOn(JSON, 'parse');
    const error = refusal(parse(pingOfLength(101), { maxFrameBytes: 100 }));
    expect(error.code).toBe('protocol/too_large');
    expect(error.message).toContain('101');
    expect(error.message).toContain('100');
    expect(parseJson).not.toHaveBeenCalled();
  });

  it('refuses an oversized frame as too large even when it is not JSON', () => {
    expect(refusal(parse('{'.repeat(11), { maxFrameBytes: 10 })).code).toBe('protocol/too_large');
  });

  it('accepts a frame exactly at maxFrameBytes', () => {
    expect(parse(pingOfLength(100), { maxFrameBytes: 100 }).ok).toBe(true);
  });

  it('applies DEFAULT_MAX_FRAME_BYTES when no limit is given', () => {
    expect(parse(pingOfLength(DEFAULT_MAX_FRAME_BYTES)).ok).toBe(true);
    expect(refusal(parse(pingOfLength(DEFAULT_MAX_FRAME_BYTES + 1))).code).toBe('protocol/too_large');
  });

  it('measures the frame in UTF-8 bytes, as a Go or Python peer does, not in UTF-16 code units', () => {
    const raw = `{"type":"ping","t":1,"pad":"${'\u00e9'.repeat(60)}"}`;
    expect(new TextEncoder().encode(raw).length).toBe(150);
    expect(raw.length).toBeLessThanOrEqual(100);
    const error = refusal(parse(raw, { maxFrameBytes: 100 }));
    expect(error.code).toBe('protocol/too_large');
    expect(error.message).toContain('150 bytes');
    expect(parse(raw, { maxFrameBytes: 150 }).ok).toBe(true);
  });

  it.each([
    ['the empty string', ''],
    ['an unterminated object', '{"type":"ping","t":1'],
    ['single-quoted JSON', "{'type':'ping','t':1}"],
    ['two frames in one message', '{"type":"ping","t":1}{"type":"ping","t":2}'],
    ['a bare word', 'undefined'],
    ['NaN', 'NaN'],
    ['a trailing comma', '{"type":"ping","t":1,}'],
  ])('refuses %s as malformed JSON', (_, raw) => {
    const error = refusal(parse(raw));
    expect(error.code).toBe('protocol/malformed');
    expect(error.message).toMatch(/^\[rejoin\] .*not valid JSON/);
    expect(error.excerpt).toBe(raw.slice(0, 200));
  });

  it.each([
    ['null', 'null'],
    ['an array', '[{"type":"ping","t":1}]'],
    ['a string', '"ping"'],
    ['a number', '42'],
    ['a boolean', 'true'],
  ])('refuses JSON that is %s rather than an object', (_, raw) => {
    const error = refusal(parse(raw));
    expect(error.code).toBe('protocol/malformed');
    expect(error.message).toContain('not a JSON object');
  });

  it('refuses pathologically deep nesting without throwing', () => {
    const depth = 100_000;
    expect(refusal(parse('['.repeat(depth) + ']'.repeat(depth))).code).toBe('protocol/malformed');
    const deepField = `{"type":"ping","t":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    expect(refusal(parse(deepField)).code).toBe('protocol/malformed');
  });

  it('refuses a number too large for a double as malformed', () => {
    expect(refusal(parse('{"type":"ping","t":1e400}')).code).toBe('protocol/malformed');
  });

  it.each([3, 0, -1, 1.5, '1', '2', null, true, [1], { major: 2 }])(
    'refuses any frame whose v is %j as an unsupported version, before looking at its type',
    (v) => {
      for (const type of [own[0], 'ping', 'not_a_type']) {
        const error = refusal(parse(JSON.stringify({ type, v, t: 1 })));
        expect(error.code).toBe('protocol/unsupported_version');
        expect(error.message).toMatch(/^\[rejoin\] .*version/);
      }
    },
  );

  it('accepts v: 1 on frames that do not require it', () => {
    expect(parse('{"type":"ping","v":1,"t":5}').ok).toBe(true);
  });

  it.each([
    ['no type', '{"t":1}'],
    ['an empty type', '{"type":"","t":1}'],
    ['a type in the wrong case', '{"type":"PING","t":1}'],
    ['a numeric type', '{"type":7,"t":1}'],
    ['a null type', '{"type":null,"t":1}'],
    ['an array type', '{"type":["ping"],"t":1}'],
    ['a type named like an Object.prototype member', '{"type":"constructor","t":1}'],
    ['a type named __proto__', '{"type":"__proto__","t":1}'],
    ['a type named toString', '{"type":"toString","t":1}'],
  ])('refuses a frame with %s as an unknown type', (_, raw) => {
    const error = refusal(parse(raw));
    expect(error.code).toBe('protocol/unknown_type');
    expect(error.message).toMatch(/^\[rejoin\] Dropped a (client|server) frame/);
  });

  it("refuses the other side's frame types as unknown", () => {
    const foreign = other.filter((type) => !(own as readonly string[]).includes(type));
    expect(foreign.length).toBeGreaterThan(0);
    for (const type of foreign) {
      const error = refusal(parse(JSON.stringify({ type, conversationId: 'cv_1', t: 1 })));
      expect(error.code).toBe('protocol/unknown_type');
      expect(error.message).toContain(own.join(', '));
    }
  });

  it.each(valid.map((frame) => [frame.type, frame] as const))(
    'returns the very object JSON.parse built for a valid %s frame',
    (_, frame) => {
      const parseJson = vi.spyOn(JSON, 'parse');
      const result = parse(JSON.stringify(frame));
      expect(result).toEqual({ ok: true, frame });
      expect(parseJson).toHaveBeenCalledTimes(1);
      expect(result.ok && result.frame).toBe(parseJson.mock.results[0]?.value);
    },
  );

  it('keeps and ignores unknown extra fields, at the top level and nested', () => {
    for (const frame of valid) {
      const raw = JSON.stringify({ ...frame, addedInV1_1: { nested: [1, 2] }, hint: 'x' });
      const result = parse(raw);
      expect(result).toEqual({ ok: true, frame: { ...frame, addedInV1_1: { nested: [1, 2] }, hint: 'x' } });
    }
  });

  it('treats a __proto__ key as plain data and pollutes no prototype', () => {
    const result = parse('{"type":"ping","t":1,"__proto__":{"polluted":true,"type":"x"}}');
    expect(result.ok).toBe(true);
    expect(result.ok && Object.getPrototypeOf(result.frame)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('accepts ping and pong in this direction too, with t from 0', () => {
    expect(parse('{"type":"ping","t":0}').ok).toBe(true);
    expect(parse('{"type":"pong","t":9007199254740991}').ok).toBe(true);
  });

  it('keeps at most 200 characters of the offending frame as the excerpt', () => {
    const raw = `{"type":"nope","pad":"${'y'.repeat(500)}"}`;
    expect(refusal(parse(raw)).excerpt).toBe(raw.slice(0, 200));
  });
});
