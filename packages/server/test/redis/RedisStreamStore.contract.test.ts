import { describeStreamStoreContract } from '@rejoin/server/testing';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/createLogger.ts';
import { RedisStreamStore } from '../../src/stores/redis/RedisStreamStore.ts';
import { redisContractBackend } from './support/redisContractBackend.ts';
import { REDIS_TARGETS } from './support/redisForTests.ts';

for (const target of REDIS_TARGETS) {
  describeStreamStoreContract(`RedisStreamStore on ${target.name}`, {
    test: { describe, it, expect },
    sharedAcrossInstances: true,
    createBackend: redisContractBackend(
      (connection, settings) => new RedisStreamStore(connection, { logger: createLogger({ level: 'silent' }), ...settings }),
      target,
    ),
  });
}
