#!/usr/bin/env node
// `npm run storybook`: the Vue Storybook on 6007, then the React one on 6006, which composes the
// Vue one through `refs` (VUE_STORYBOOK_URL). Both stop when this process does.
//
// The React one starts only once the Vue one answers: at startup it checks each ref, and a ref it
// could reach is fetched without credentials, which the dev server's `Access-Control-Allow-Origin: *`
// allows; a ref it could not reach is fetched with credentials, which CORS refuses.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const storybookBin = require.resolve('storybook/package.json').replace(/package\.json$/, 'dist/bin/dispatcher.js');
const reactPort = process.env['STORYBOOK_PORT'] ?? '6006';
const vuePort = process.env['VUE_STORYBOOK_PORT'] ?? '6007';
const env = { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', VUE_STORYBOOK_URL: `http://localhost:${vuePort}` };

const start = (app, port, extra = []) =>
  spawn(process.execPath, [storybookBin, 'dev', '-p', port, '--ci', '--no-version-updates', ...extra], {
    cwd: fileURLToPath(new URL(`../../${app}`, import.meta.url)),
    env,
    stdio: 'inherit',
  });

async function waitForIndex(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

const children = [start('storybook-vue', vuePort)];
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
};
children[0].on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

if (!(await waitForIndex(`http://localhost:${vuePort}/index.json`, 180_000))) {
  console.error(`[rejoin] The Vue Storybook did not answer on port ${vuePort}; starting the React one without it.`);
}
if (!stopping) {
  const react = start('storybook', reactPort);
  children.push(react);
  react.on('exit', (code) => stop(code ?? 0));
  console.log(`Storybook: http://localhost:${reactPort} (Vue stories composed from http://localhost:${vuePort})`);
}
