import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { defaultServerConditions } from 'vite';
import { defineConfig, mergeConfig } from 'vitest/config';
import { storyTestBrowser } from '../storybook/storyTestBrowser.ts';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
    test: {
      projects: [
        {
          // The completeness test over the Vue stories: fast, in Node.
          extends: true,
          test: { name: 'unit', include: ['src/**/__tests__/**/*.test.ts'], environment: 'node' },
        },
        {
          // Every Vue story rendered in chromium, with the shared play functions and the a11y checks.
          extends: true,
          plugins: [storybookTest({ configDir: '.storybook' })],
          test: { name: 'stories', browser: storyTestBrowser() },
        },
      ],
    },
  }),
);
