import { describe, expect, it } from 'vitest';
import { RejoinError } from '../../errors/RejoinError.ts';
import { MAX_NAMESPACE_LENGTH, storageKey } from '../storageKey.ts';

describe('storageKey', () => {
  it('puts the namespace after the rejoin snapshot prefix', () => {
    expect(storageKey('user-42')).toBe('rejoin:snapshot:user-42');
  });

  it('accepts a namespace of exactly the maximum length', () => {
    const namespace = 'n'.repeat(MAX_NAMESPACE_LENGTH);
    expect(storageKey(namespace)).toBe(`rejoin:snapshot:${namespace}`);
  });

  it.each([
    ['an empty namespace', ''],
    ['a namespace over the maximum length', 'n'.repeat(MAX_NAMESPACE_LENGTH + 1)],
    ['a namespace that is not a string', 42 as unknown as string],
  ])('throws a RejoinError that says what to pass for %s', (_, namespace) => {
    expect(() => storageKey(namespace)).toThrow(RejoinError);
    expect(() => storageKey(namespace)).toThrow(expect.objectContaining({ code: 'config/invalid' }));
    expect(() => storageKey(namespace)).toThrow(/^\[rejoin\] The persistence namespace must be a non-empty string/);
  });
});
