import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The same failures, in a development build and in a production one (`NODE_ENV=production`).
 * The flag is read once, when its module loads (a bundler substitutes it at build time), so each
 * build loads the modules afresh under its own NODE_ENV.
 */
async function failures() {
  vi.resetModules();
  const { createMemoryStorage } = await import('../../persistence/createMemoryStorage.ts');
  const { createPersister } = await import('../../persistence/createPersister.ts');
  const { decodeRecord } = await import('../../persistence/decodeRecord.ts');
  const { toStorageError } = await import('../../persistence/toStorageError.ts');
  const { parseServerFrame } = await import('../../protocol/parseServerFrame.ts');
  const refused = (raw: string) => {
    const result = parseServerFrame(raw);
    return result.ok ? null : result.error;
  };
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

  it('keep the [rejoin] prefix, the stable code and the facts, and drop only the advice', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    const development = await failures();
    vi.stubEnv('NODE_ENV', 'production');
    const production = await failures();
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
