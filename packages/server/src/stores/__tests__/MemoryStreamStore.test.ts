import { describe, expect, it, vi } from 'vitest';
import { streamMeta } from '../../testing/storeContract/storeFixtures.ts';
import { MemoryStreamStore } from '../memory/MemoryStreamStore.ts';

// What every stream store does is in MemoryStreamStore.contract.test.ts; these cases are the
// in-memory store's own.
describe('MemoryStreamStore', () => {
  it('drops an expired stream on a timer even when the clock it reads stands still', async () => {
    // A frozen clock defeats the lazy expiry check: only the retention timer can drop the stream.
    // The timer runs on fake time too, so the test moves it instead of sleeping past it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const store = new MemoryStreamStore({ retentionMs: 10, now: () => 1_000 });
      await store.create(streamMeta('s1'));
      await store.append('s1', 1, 't1');
      await store.finish('s1', { finishReason: 'complete', lastSeq: 1 });
      await vi.advanceTimersByTimeAsync(9);
      expect(await store.get('s1')).not.toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      expect(await store.get('s1')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a retention that is not a finite number >= 0', () => {
    expect(() => new MemoryStreamStore({ retentionMs: -1 })).toThrow(/retentionMs/);
  });
});
