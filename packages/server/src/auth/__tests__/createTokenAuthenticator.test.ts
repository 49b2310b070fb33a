import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { authorizeOwner } from '../Authorize.ts';
import { createTokenAuthenticator, userIdForToken } from '../createTokenAuthenticator.ts';

const request = {} as IncomingMessage;
const authenticate = createTokenAuthenticator();

describe('createTokenAuthenticator', () => {
  it('derives a stable user id from the token without containing it', async () => {
    const token = 'V1StGXR8_Z5jdHi6B-myT';
    const user = await authenticate({ token, request });
    expect(user).toEqual({ userId: userIdForToken(token) });
    expect(user?.userId).toMatch(/^u_[0-9a-f]{24}$/);
    expect(user?.userId).not.toContain(token);
    expect(await authenticate({ token: 'a-different-token-123', request })).not.toEqual(user);
  });

  it.each([
    ['no token', undefined],
    ['a token under 16 characters', 'short-token'],
    ['a token outside the id alphabet', 'has spaces in it, not ok'],
    ['an absurdly long token', 'x'.repeat(300)],
    ['a JWT, whose dots are outside the alphabet', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['a token of 15 characters', 'x'.repeat(15)],
    ['a token of 257 characters', 'x'.repeat(257)],
  ])('refuses %s', async (_, token) => {
    expect(await authenticate({ token, request })).toBeNull();
  });

  it.each([
    ['16 characters', 'x'.repeat(16)],
    ['256 characters of every kind', 'aZ09_-'.repeat(42) + 'abcd'],
  ])('accepts a token of %s', async (_, token) => {
    expect(await authenticate({ token, request })).toEqual({ userId: userIdForToken(token) });
  });
});

describe('docs/protocol.md and the default authenticator', () => {
  const doc = readFileSync(new URL('../../../../../docs/protocol.md', import.meta.url), 'utf8');
  const exampleTokens = [...doc.matchAll(/^\{"type":"hello".*$/gm)]
    .map((match) => (JSON.parse(match[0]) as { token?: string }).token)
    .filter((token) => token !== undefined);

  it('shows a token in its hello examples', () => {
    expect(exampleTokens.length).toBeGreaterThan(0);
  });

  it.each(exampleTokens)('accepts the example token %s', async (token) => {
    expect(await authenticate({ token, request })).not.toBeNull();
  });

  it('states the format the authenticator accepts', () => {
    expect(doc.replace(/\s+/g, ' ')).toContain('**16 to 256 characters from `[A-Za-z0-9_-]`**');
  });
});

describe('authorizeOwner', () => {
  const conversation = { conversationId: 'c', ownerId: 'alice', createdAt: 0, updatedAt: 0 };

  it('lets the owner act and refuses everyone else', () => {
    expect(authorizeOwner({ userId: 'alice', action: 'load', conversation })).toBe(true);
    expect(authorizeOwner({ userId: 'bob', action: 'send', conversation })).toBe(false);
  });

  it('lets anyone create a conversation by sending into a new id, but nothing else', () => {
    expect(authorizeOwner({ userId: 'bob', action: 'send', conversation: null })).toBe(true);
    expect(authorizeOwner({ userId: 'bob', action: 'stop', conversation: null })).toBe(false);
  });
});
