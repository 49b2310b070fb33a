import { describe, expect, it } from 'vitest';
import { storageNotice } from '../storageNotice.ts';

describe('storageNotice', () => {
  it('says nothing when there is no storage problem', () => {
    expect(storageNotice(null)).toBeNull();
    expect(storageNotice({ code: 'stream/lost' })).toBeNull();
  });

  it('tells of an unreadable snapshot, whatever made it unreadable', () => {
    for (const code of ['storage/corrupt', 'storage/version', 'storage/foreign_namespace']) {
      expect(storageNotice({ code })?.problem).toBe('corrupt');
    }
  });

  it('tells of full and of unavailable storage in their own words', () => {
    expect(storageNotice({ code: 'storage/quota' })?.problem).toBe('full');
    expect(storageNotice({ code: 'storage/unavailable' })?.problem).toBe('unavailable');
  });
});
