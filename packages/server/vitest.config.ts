import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(sharedConfig, {
  // Test files share no global state (each starts its own server on port 0), so they can share a
  // module cache: @rejoin/core is loaded once per worker instead of once per file.
  test: {
    isolate: false,
    // The `source` condition the workspace resolves with also matches eventsource-parser (a
    // dependency of `ai`), whose `source` export is TypeScript: let Vite transform it.
    server: { deps: { inline: ['ai', /@ai-sdk\//, 'eventsource-parser'] } },
  },
});
