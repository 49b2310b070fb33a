import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One file at a time, in the order they are named: builds, installs and a browser on two cores.
    fileParallelism: false,
    sequence: { shuffle: false },
    // Each step is a whole command (a build from scratch, an `npm install`): bounded per test,
    // not per wait, and each reports the time it took.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
