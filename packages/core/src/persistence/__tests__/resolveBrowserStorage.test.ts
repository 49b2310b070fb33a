import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../errors/RejoinError.ts';
import { createMemoryStorage } from '../createMemoryStorage.ts';
import type { KeyValueStorage } from '../KeyValueStorage.ts';
import { resolveBrowserStorage } from '../resolveBrowserStorage.ts';

function denyingStorage(name: string): KeyValueStorage {
  const deny = () => {
    throw new DOMException('denied', name);
  };
  return { getItem: deny, setItem: deny, removeItem: deny };
}

function expectMemoryFallback(result: ReturnType<typeof resolveBrowserStorage>): void {
  expect(result.persistent).toBe(false);
  expect(result.error).toBeInstanceOf(StorageError);
  expect(result.error?.code).toBe('storage/unavailable');
  expect(result.error?.message).toMatch(/^\[rejoin\] /);
  // The fallback works as a storage.
  result.storage.setItem('k', 'v');
  expect(result.storage.getItem('k')).toBe('v');
}

describe('resolveBrowserStorage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses localStorage when it accepts a write, and leaves no probe behind', () => {
    const localStorage = createMemoryStorage();
    vi.stubGlobal('localStorage', localStorage);
    const result = resolveBrowserStorage();
    expect(result).toEqual({ storage: localStorage, error: null, persistent: true });
    expect(localStorage.length).toBe(0);
  });

  it('falls back to memory where there is no localStorage (server rendering)', () => {
    vi.stubGlobal('localStorage', undefined);
    const result = resolveBrowserStorage();
    expectMemoryFallback(result);
    expect(result.error?.message).toContain('no localStorage');
  });

  it('falls back to memory when every access throws (private browsing)', () => {
    vi.stubGlobal('localStorage', denyingStorage('SecurityError'));
    expectMemoryFallback(resolveBrowserStorage());
  });

  it('reports a storage with no room at all as unavailable', () => {
    vi.stubGlobal('localStorage', denyingStorage('QuotaExceededError'));
    const result = resolveBrowserStorage();
    expectMemoryFallback(result);
    expect(result.error?.message).toContain('no room');
  });

  it('falls back to memory when reading localStorage itself throws (site data blocked)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('access denied', 'SecurityError');
      },
    });
    try {
      expectMemoryFallback(resolveBrowserStorage());
    } finally {
      if (descriptor === undefined) Reflect.deleteProperty(globalThis, 'localStorage');
      else Object.defineProperty(globalThis, 'localStorage', descriptor);
    }
  });

  it('does not touch localStorage when imported', async () => {
    const get = vi.fn(() => createMemoryStorage());
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get });
    try {
      vi.resetModules();
      await import('../index.ts');
      expect(get).not.toHaveBeenCalled();
    } finally {
      if (descriptor === undefined) Reflect.deleteProperty(globalThis, 'localStorage');
      else Object.defineProperty(globalThis, 'localStorage', descriptor);
    }
  });
});
