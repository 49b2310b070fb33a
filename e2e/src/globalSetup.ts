import type { TestProject } from 'vitest/node';
import { buildDemos } from './buildDemos.ts';
import { launchChromiumServer } from './launchChromium.ts';

/**
 * vitest `globalSetup`: starts the run's one Chromium (failing first if it is not installed),
 * builds both demos, and hands the browser's endpoint to the test files. Returns the teardown,
 * which closes the browser.
 */
export default async function globalSetup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const chromium = await launchChromiumServer();
  try {
    await buildDemos();
  } catch (error) {
    await chromium.close();
    throw error;
  }
  project.provide('chromiumWsEndpoint', chromium.wsEndpoint());
  return async () => {
    await chromium.close();
    process.stdout.write(`[e2e] the suite took ${((performance.now() - started) / 1000).toFixed(1)} s, builds included\n`);
  };
}
