import type { StorybookConfig } from '@storybook/vue3-vite';

/**
 * The Vue Storybook. It is composed into the React one (apps/storybook) through `refs`, so
 * designers see both in one sidebar; on its own it serves on port 6007.
 */
const config: StorybookConfig = {
  // No docgen: there are no docs pages, and it costs seconds per build.
  framework: { name: '@storybook/vue3-vite', options: { docgen: false } },
  stories: ['../src/stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};
export default config;
