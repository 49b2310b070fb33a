import { describeConversationStoreContract } from '@rejoin/server/testing';
import { describe, expect, it } from 'vitest';
import { RedisConversationStore } from '../../src/stores/redis/RedisConversationStore.ts';
import { redisContractBackend } from './support/redisContractBackend.ts';
import { REDIS_TARGETS } from './support/redisForTests.ts';

for (const target of REDIS_TARGETS) {
  describeConversationStoreContract(`RedisConversationStore on ${target.name}`, {
    test: { describe, it, expect },
    sharedAcrossInstances: true,
    createBackend: redisContractBackend((connection, settings) => new RedisConversationStore(connection, settings), target),
  });
}
