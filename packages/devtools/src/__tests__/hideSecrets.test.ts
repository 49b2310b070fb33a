import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hideSecrets } from '../recorder/hideSecrets.ts';

/** A secret long and odd enough that no label or key could contain it by chance. */
const secret = fc.string({ minLength: 12 }).map((text) => `§${text}§`);
/** JSON-like values with secrets under `text`, `title` and `token`, at any depth. */
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.constantFrom('idle', 'chunk', null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.record({ text: secret, title: secret, token: secret, rest: tie('node') }, { requiredKeys: [] }),
  ),
})).node;

const secretsIn = (value: unknown): string[] => JSON.stringify(value)?.match(/§[^§]*§/g) ?? [];

describe('hideSecrets', () => {
  it('leaves no text, title or token in what it returns unless revealed', () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(secretsIn(hideSecrets(value, { text: false, token: false }))).toEqual([]);
        // Revealed, every one is back: the property above is not met by a tree without secrets.
        expect(secretsIn(hideSecrets(value, { text: true, token: true }))).toEqual(secretsIn(value));
      }),
    );
  });

  it('reveals exactly what is asked: text and titles, or the token', () => {
    const frame = { type: 'hello', token: 'tok-123', conversations: [{ title: 'Trip', messages: [{ text: 'hi', seq: 1 }] }] };
    expect(hideSecrets(frame, { text: true, token: false })).toEqual({
      type: 'hello',
      token: '‹hidden: 7 chars›',
      conversations: [{ title: 'Trip', messages: [{ text: 'hi', seq: 1 }] }],
    });
    expect(hideSecrets(frame, { text: false, token: true })).toEqual({
      type: 'hello',
      token: 'tok-123',
      conversations: [{ title: '‹hidden: 4 chars›', messages: [{ text: '‹hidden: 2 chars›', seq: 1 }] }],
    });
  });

  it('turns errors into their code and message', () => {
    const error = Object.assign(new Error('[rejoin] closed'), { code: 'connection/closed' });
    expect(hideSecrets({ lastError: error }, { text: false, token: false })).toEqual({ lastError: { code: 'connection/closed', message: '[rejoin] closed' } });
  });
});
