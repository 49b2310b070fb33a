import { describeConversationStoreContract } from '@rejoin/server/testing';
import { describe, expect, it } from 'vitest';
import { RedisConversationStore } from '../../src/stores/redis/RedisConversationStore.ts';
import { redisContractBackend } from './support/redisContractBackend.ts';

describeConversationStoreContract('RedisConversationStore', {
  test: { describe, it, expect },
  sharedAcrossInstances: true,
  createBackend: redisContractBackend((connection, settings) => new RedisConversationStore(connection, settings)),
});
