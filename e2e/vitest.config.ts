import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.ts';

export default mergeConfig(sharedConfig, {
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./src/globalSetup.ts'],
    // One file at a time: each drives a real Chromium and a real server, on a two-core machine,
    // and the assertions sample timing (a starved browser would only measure the contention).
    fileParallelism: false,
    // The files share nothing but the server's modules: load them once.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
