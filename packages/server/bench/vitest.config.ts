import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../../vitest.shared.ts';

/**
 * Runs the Redis-versus-memory benchmark only: `npx vitest run --config bench/vitest.config.ts`.
 * REJOIN_BENCH_FILE=bench/socketWriteCost.ts runs that measurement instead.
 */
export default defineConfig({
  ...sharedConfig,
  // Not merged: the shared test globs must not apply here.
  test: { include: [process.env['REJOIN_BENCH_FILE'] ?? 'bench/redisVsMemory.ts'], dir: '.', testTimeout: 600_000 },
});
