import type { StorybookConfig } from '@storybook/react-vite';

/** Where `npm run storybook` serves the Vue Storybook (apps/storybook-vue) during development. */
const vueDevUrl = process.env['VUE_STORYBOOK_URL'] ?? 'http://localhost:6007';

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../src/stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  // No docs pages here: the stories describe themselves, and docgen costs seconds per build.
  typescript: { reactDocgen: false },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The Vue stories live in their own Storybook (a Vue renderer cannot share a React preview),
  // composed here so designers see both in one sidebar. The build copies the Vue build under ./vue.
  refs: (_refs, { configType }) => ({
    vue: { title: 'Vue', url: configType === 'DEVELOPMENT' ? vueDevUrl : './vue' },
  }),
};
export default config;
