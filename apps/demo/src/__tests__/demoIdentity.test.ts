import { beforeEach, describe, expect, it } from 'vitest';
import { forgetDemoIdentity, loadDemoIdentity, NAMESPACE_KEY, TOKEN_KEY } from '../demoIdentity.ts';

beforeEach(() => localStorage.clear());

describe('loadDemoIdentity', () => {
  it('creates a token the server accepts: at least 24 URL-safe characters', () => {
    const { token } = loadDemoIdentity(localStorage);
    expect(token).toMatch(/^[A-Za-z0-9_-]{24,}$/);
  });

  it('keeps the same identity across page loads', () => {
    const first = loadDemoIdentity(localStorage);
    expect(loadDemoIdentity(localStorage)).toEqual(first);
    expect(localStorage.getItem(TOKEN_KEY)).toBe(first.token);
  });

  it('uses a namespace unrelated to the secret token', () => {
    const { token, namespace } = loadDemoIdentity(localStorage);
    expect(namespace).not.toContain(token);
    expect(token).not.toContain(namespace);
  });

  it('gives two browsers different identities', () => {
    const first = loadDemoIdentity(localStorage);
    localStorage.clear();
    expect(loadDemoIdentity(localStorage).token).not.toBe(first.token);
  });

  it('replaces a stored token that is too short to authenticate', () => {
    localStorage.setItem(TOKEN_KEY, 'short');
    expect(loadDemoIdentity(localStorage).token).not.toBe('short');
  });

  it('still works without storage, for this page only', () => {
    expect(loadDemoIdentity(null).token).toMatch(/^[A-Za-z0-9_-]{24,}$/);
  });
});

describe('forgetDemoIdentity', () => {
  it('removes the token and namespace, so the next visit is a new user', () => {
    const first = loadDemoIdentity(localStorage);
    forgetDemoIdentity(localStorage);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(localStorage.getItem(NAMESPACE_KEY)).toBeNull();
    expect(loadDemoIdentity(localStorage).token).not.toBe(first.token);
  });
});
