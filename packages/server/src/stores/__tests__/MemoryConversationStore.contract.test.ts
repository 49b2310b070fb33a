import { describeConversationStoreContract } from '@rejoin/server/testing';
import { describe, expect, it } from 'vitest';
import { MemoryConversationStore } from '../memory/MemoryConversationStore.ts';

// Through the public subpath, as a custom store's authors would run it.
describeConversationStoreContract('MemoryConversationStore', {
  test: { describe, it, expect },
  createBackend: async () => ({
    open: async (settings) => new MemoryConversationStore(settings),
    cleanup: async () => {},
  }),
});
