import { setTimeout as sleep } from 'node:timers/promises';
import { BenchmarkCheckFailed } from './fail.ts';

/** Polls `condition` until it holds; throws after `timeoutMs` so a stuck benchmark fails instead of hanging. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new BenchmarkCheckFailed(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(2);
  }
}
