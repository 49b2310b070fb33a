#!/usr/bin/env node
// Keeps every core busy so timing-dependent tests show themselves: one busy-looping worker thread
// per core, for a bounded time, then exits by itself. Stops early on SIGINT/SIGTERM.
//
//   node scripts/loadCores.mjs --seconds 1200 & npm test; kill $!
//   node scripts/loadCores.mjs -- npm test -- --force --continue   # a command under load; exits with its code
//   npm run test:loaded                                 # the same for the whole suite
//
// Options: --seconds N (default 600, or 3600 with a command), --workers N (default: one per core).
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread } from 'node:worker_threads';
import { parseArgs } from 'node:util';

if (!isMainThread) {
  // Spin until the main thread terminates us. Math keeps the loop from being optimised away.
  let x = 0;
  for (;;) x = Math.sqrt(x + 1) % 1e9;
}

const dashes = process.argv.indexOf('--', 2);
const command = dashes === -1 ? [] : process.argv.slice(dashes + 1);
const { values } = parseArgs({
  args: process.argv.slice(2, dashes === -1 ? undefined : dashes),
  options: { seconds: { type: 'string' }, workers: { type: 'string' } },
});
const seconds = Number(values.seconds ?? (command.length > 0 ? 3600 : 600));
const count = Number(values.workers ?? availableParallelism());
if (!(seconds > 0) || !(count > 0)) {
  console.error('[rejoin] loadCores: --seconds and --workers must be positive numbers');
  process.exit(2);
}

const workers = Array.from({ length: count }, () => new Worker(new URL(import.meta.url)));
console.error(`[loadCores] ${count} busy workers for at most ${seconds}s (pid ${process.pid})`);

let stopping = false;
const stop = async (reason, code = 0) => {
  if (stopping) return;
  stopping = true;
  clearTimeout(deadline);
  await Promise.all(workers.map((worker) => worker.terminate()));
  console.error(`[loadCores] stopped (${reason})`);
  process.exit(code);
};
const deadline = setTimeout(() => stop('time is up'), seconds * 1000);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));

if (command.length > 0) {
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
  child.on('exit', (code, signal) => stop(`${command.join(' ')} exited`, code ?? (signal ? 1 : 0)));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.removeAllListeners(signal);
    process.on(signal, () => child.kill(signal));
  }
}
