import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../createMemoryStorage.ts';

describe('createMemoryStorage', () => {
  it('starts with the initial entries and behaves like Web Storage', () => {
    const storage = createMemoryStorage({ a: '1' });
    storage.setItem('b', '2');
    storage.setItem('a', '3');
    expect(storage.getItem('a')).toBe('3');
    expect(storage.getItem('missing')).toBeNull();
    expect(storage.length).toBe(2);
    storage.removeItem('a');
    expect(storage.getItem('a')).toBeNull();
    expect(storage.length).toBe(1);
  });

  it('enumerates its keys by index and answers null outside the range', () => {
    const storage = createMemoryStorage({ first: 'x', second: 'y' });
    expect([storage.key(0), storage.key(1)]).toEqual(['first', 'second']);
    expect(storage.key(2)).toBeNull();
    expect(storage.key(-1)).toBeNull();
  });

  it('treats __proto__ as an ordinary key', () => {
    const storage = createMemoryStorage();
    storage.setItem('__proto__', 'value');
    expect(storage.getItem('__proto__')).toBe('value');
    expect(storage.getItem('toString')).toBeNull();
  });

  it('keeps two storages apart', () => {
    const one = createMemoryStorage();
    const two = createMemoryStorage();
    one.setItem('k', 'v');
    expect(two.getItem('k')).toBeNull();
  });
});
