import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../../vitest.shared.ts';

/** Runs the Redis-versus-memory benchmark only: `npx vitest run --config bench/vitest.config.ts`. */
export default defineConfig({
  ...sharedConfig,
  // Not merged: the shared test globs must not apply here.
  test: { include: ['bench/redisVsMemory.ts'], dir: '.', testTimeout: 600_000 },
});
