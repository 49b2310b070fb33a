import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, defineConfig } from 'vite';

/** Read by `storybook dev/build` and by the story tests (vitest.config.ts). */
export default defineConfig({
  plugins: [vue()],
  // `source` first: the workspace packages are used from their TypeScript, no package build needed.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // A Storybook preview is one big bundle by nature; the warning only adds noise to its build.
  build: { chunkSizeWarningLimit: 2_000 },
});
