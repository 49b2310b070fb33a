import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import { createPersister } from '../../persistence/createPersister.ts';
import { decodeRecord } from '../../persistence/decodeRecord.ts';
import { toStorageError } from '../../persistence/toStorageError.ts';
import { parseServerFrame } from '../../protocol/parseServerFrame.ts';

function refused(raw: string) {
  const result = parseServerFrame(raw);
  return result.ok ? null : result.error;
}

/** The same failures, in a development build and in a production one (`NODE_ENV=production`). */
function failures() {
  return {
    notJson: refused('{oops'),
    badField: refused(JSON.stringify({ type: 'chunk', conversationId: 'c', messageId: 'm', seq: 0, text: 'x' }))!,
    quota: toStorageError(Object.assign(new Error('full'), { name: 'QuotaExceededError' }), 'writing the snapshot'),
    version: decodeRecord(JSON.stringify({ format: 'rejoin/snapshot', v: 99 }), 'user-1').error!,
    throttle: (() => {
      try {
        createPersister({ storage: createMemoryStorage(), namespace: 'user-1', throttleMs: -1 });
      } catch (error) {
        return error as Error & { code: string };
      }
      return null;
    })(),
  };
}

describe('error messages in production builds', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('keep the [rejoin] prefix, the stable code and the facts, and drop only the advice', () => {
    const development = failures();
    vi.stubEnv('NODE_ENV', 'production');
    const production = failures();
    for (const name of Object.keys(development) as (keyof typeof development)[]) {
      const dev = development[name]!;
      const prod = production[name]!;
      expect(prod.message, name).toMatch(/^\[rejoin\] \S/);
      expect(prod.code, name).toBe(dev.code);
      expect(prod.message.length, name).toBeLessThan(dev.message.length);
    }
    expect(production.badField.message).toContain('`seq`');
    expect(production.version.message).toContain('version 99');
    expect(production.quota.message).toContain('writing the snapshot');
  });
});
