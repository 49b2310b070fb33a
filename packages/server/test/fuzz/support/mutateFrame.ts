import fc from 'fast-check';

type Frame = Readonly<Record<string, unknown>>;

/** Inserts a field named `__proto__` as an own JSON key, which `{...}` syntax cannot express. */
function withProtoKey(frame: Frame, value: unknown): string {
  const json = JSON.stringify(frame);
  return `{"__proto__":${JSON.stringify(value) ?? 'null'},${json.slice(1)}`;
}

function pickKey(frame: Frame, index: number): string | undefined {
  const keys = Object.keys(frame);
  return keys.length === 0 ? undefined : keys[index % keys.length];
}

/**
 * Text that a peer could put in a WebSocket message, built from valid frames of `base`: the frame
 * itself, or one of the ways it goes wrong on the wire or in a buggy peer (a field of the wrong
 * type, a missing field, a prototype-pollution key, another protocol version, truncation, a stray
 * character, a frame past the size limit) or anything at all.
 *
 * @param oversizeChars padding that takes a frame past the receiver's limit
 * @param versionWeight how often a frame claims another protocol version (fatal for a server)
 * @default versionWeight 1
 */
export function mutatedFrame(base: fc.Arbitrary<Frame>, oversizeChars: number, versionWeight = 1): fc.Arbitrary<string> {
  const version = fc.tuple(base, fc.constantFrom(0, 2, '1', null, 1.5)).map(([frame, v]) => JSON.stringify({ ...frame, v }));
  return fc.oneof(
    { weight: 14, arbitrary: base.map((frame) => JSON.stringify(frame)) },
    {
      weight: 3,
      arbitrary: fc.tuple(base, fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([frame, index, value]) => {
        const key = pickKey(frame, index);
        return JSON.stringify(key === undefined ? frame : { ...frame, [key]: value });
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(base, fc.nat()).map(([frame, index]) => {
        const key = pickKey(frame, index);
        const { [key ?? '']: _dropped, ...rest } = frame;
        return JSON.stringify(rest);
      }),
    },
    { weight: 1, arbitrary: fc.tuple(base, fc.jsonValue({ maxDepth: 1 })).map(([frame, value]) => withProtoKey(frame, value)) },
    ...(versionWeight > 0 ? [{ weight: versionWeight, arbitrary: version }] : []),
    {
      weight: 2,
      arbitrary: fc.tuple(base, fc.nat()).map(([frame, at]) => {
        const json = JSON.stringify(frame);
        return json.slice(0, at % json.length);
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(base, fc.nat(), fc.string({ minLength: 1, maxLength: 2, unit: 'binary' })).map(([frame, at, junk]) => {
        const json = JSON.stringify(frame);
        const position = at % (json.length + 1);
        return json.slice(0, position) + junk + json.slice(position + 1);
      }),
    },
    { weight: 1, arbitrary: base.map((frame) => JSON.stringify({ ...frame, padding: 'x'.repeat(oversizeChars) })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null') },
  );
}
