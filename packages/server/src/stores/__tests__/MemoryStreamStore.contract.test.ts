import { describeStreamStoreContract } from '@rejoin/server/testing';
import { describe, expect, it } from 'vitest';
import { MemoryStreamStore } from '../memory/MemoryStreamStore.ts';

// Through the public subpath, as a custom store's authors would run it.
describeStreamStoreContract('MemoryStreamStore', {
  test: { describe, it, expect },
  createBackend: async () => ({
    open: async (settings) => new MemoryStreamStore(settings),
    cleanup: async () => {},
  }),
});
