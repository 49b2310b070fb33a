#!/usr/bin/env node
// Puts the Vue Storybook's static build under the React one's output, at ./vue, where the React
// Storybook's `refs` points in a build: one same-origin site with both Storybooks in one sidebar.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const vueBuild = fileURLToPath(new URL('../../storybook-vue/storybook-static', import.meta.url));
const target = fileURLToPath(new URL('../storybook-static/vue', import.meta.url));

if (!existsSync(vueBuild)) {
  console.error('[rejoin] No Vue Storybook build at apps/storybook-vue/storybook-static: run `npm run build-storybook` (it builds Vue first).');
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(vueBuild, target, { recursive: true });
console.log('Composed the Vue Storybook into apps/storybook/storybook-static/vue');
