import { RejoinError } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/stores/redis/RedisConnection.ts';

describe('RedisConnection options', () => {
  it.each([
    ['neither a URL nor cluster URLs', {}],
    ['both a URL and cluster URLs', { url: 'redis://127.0.0.1:1', clusterUrls: ['redis://127.0.0.1:2'] }],
    ['an empty cluster URL list', { clusterUrls: [] }],
  ])('refuses %s with a config/invalid error, before connecting', async (_what, options) => {
    const refused = RedisConnection.connect(options);
    await expect(refused).rejects.toBeInstanceOf(RejoinError);
    await expect(refused).rejects.toMatchObject({ code: 'config/invalid', message: expect.stringMatching(/^\[rejoin\] .*`clusterUrls`/) });
  });

  it('refuses, on a cluster, a key prefix with a brace, which would override the hash tags', async () => {
    const refused = RedisConnection.connect({ clusterUrls: ['redis://127.0.0.1:1'], keyPrefix: '{app}:' });
    await expect(refused).rejects.toMatchObject({ code: 'config/invalid', message: expect.stringMatching(/brace/) });
  });
});
