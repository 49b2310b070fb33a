import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { defaultServerConditions } from 'vite';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';
import { storyTestBrowser } from './storyTestBrowser.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
    test: {
      projects: [
        {
          // The scenarios and the completeness test: fast, in Node.
          extends: true,
          test: { name: 'unit', include: ['src/**/__tests__/**/*.test.ts'], environment: 'node' },
        },
        {
          // Every story rendered in chromium, with its play function and the a11y checks.
          extends: true,
          plugins: [storybookTest({ configDir: '.storybook' })],
          test: { name: 'stories', browser: storyTestBrowser() },
        },
      ],
    },
  }),
);
