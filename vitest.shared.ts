import { defineConfig } from 'vitest/config';

/**
 * One shared vitest config: packages are tested against their TypeScript source
 * through the `source` export condition, so no build is needed before a test run.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['src/**/__tests__/**/*.test.ts', 'src/**/__tests__/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
