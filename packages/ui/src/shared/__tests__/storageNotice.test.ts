import { describe, expect, it } from 'vitest';
import { storageNotice } from '../storageNotice.ts';

describe('storageNotice', () => {
  it('says nothing when no storage problem was reported', () => {
    expect(storageNotice([])).toBeNull();
    expect(storageNotice([{ code: 'stream/lost' }, { code: 'server/error' }])).toBeNull();
  });

  it('tells of an unreadable snapshot, whatever made it unreadable', () => {
    for (const code of ['storage/corrupt', 'storage/version', 'storage/foreign_namespace']) {
      expect(storageNotice([{ code }])?.problem).toBe('corrupt');
    }
  });

  it('tells only the newest storage problem', () => {
    expect(storageNotice([{ code: 'storage/corrupt' }, { code: 'storage/quota' }, { code: 'stream/lost' }])?.problem).toBe('full');
  });
});
