import { describe, expect, it } from 'vitest';
import { StorageError } from '../../errors/RejoinError.ts';
import { isQuotaExceeded, toStorageError } from '../toStorageError.ts';

describe('toStorageError', () => {
  it.each([
    ['a DOMException named QuotaExceededError', new DOMException('full', 'QuotaExceededError')],
    ['a plain object named QuotaExceededError', { name: 'QuotaExceededError' }],
    ["Firefox's legacy name", { name: 'NS_ERROR_DOM_QUOTA_REACHED' }],
    ['the legacy code 22', { name: 'Error', code: 22 }],
  ])('maps %s to storage/quota', (_, cause) => {
    expect(isQuotaExceeded(cause)).toBe(true);
    const error = toStorageError(cause, 'writing the snapshot');
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe('storage/quota');
    expect(error.cause).toBe(cause);
  });

  it.each([
    ['a SecurityError', new DOMException('no', 'SecurityError')],
    ['a TypeError', new TypeError('detached')],
    ['a string', 'nope'],
    ['null', null],
  ])('maps %s to storage/unavailable', (_, cause) => {
    expect(isQuotaExceeded(cause)).toBe(false);
    const error = toStorageError(cause, 'reading the snapshot');
    expect(error.code).toBe('storage/unavailable');
    expect(error.message).toMatch(/^\[rejoin\] Storage failed while reading the snapshot/);
  });
});
