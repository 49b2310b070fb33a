#!/usr/bin/env node
// `npm test`: every workspace's type-check and tests, against source (no build first), with the
// system services they need: Debian's chromium for browser tests, a loopback redis-server and a
// loopback Redis Cluster (three masters).
// Then what a newcomer runs (newcomer/): the README's commands on this checkout, and the packed
// packages installed into scratch apps. Last and alone: they build, install and serve, and would
// only slow the unit suites down on two cores.
//
//   npm test                              everything
//   npm test -- --filter=@rejoin/core     one workspace (the newcomer checks run only when named)
import { spawn } from 'node:child_process';
import { chromiumPath, ensureSystemDependencies } from './systemDependencies.mjs';
import { startRedisClusterForTests, startRedisForTests } from './redisForTests.mjs';

const NEWCOMER = '@rejoin/newcomer';
const extraArgs = process.argv.slice(2); // e.g. --filter=@rejoin/core
const filtered = extraArgs.some((arg) => arg.startsWith('--filter'));
const runNewcomer = !filtered || extraArgs.some((arg) => arg.includes(NEWCOMER));
if (!ensureSystemDependencies()) process.exit(1);

// Side by side: the cluster takes a few seconds to join, the single Redis a fraction of one.
const clusterStartedAt = Date.now();
const [redis, redisCluster] = await Promise.all([
  process.env.REDIS_URL ? null : startRedisForTests(),
  process.env.REDIS_CLUSTER_URLS ? null : startRedisClusterForTests(),
]);
if (redisCluster !== null) console.log(`Redis Cluster (3 masters) ready in ${((Date.now() - clusterStartedAt) / 1000).toFixed(1)} s: ${redisCluster.urls}`);
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  REDIS_URL: process.env.REDIS_URL ?? redis.url,
  REDIS_CLUSTER_URLS: process.env.REDIS_CLUSTER_URLS ?? redisCluster.urls,
  CHROMIUM_PATH: chromiumPath(),
};
const stop = () => {
  redis?.stop();
  redisCluster?.stop();
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stop(), process.exit(130)));

let passed = 0;
let failed = 0;

/** Runs one phase with its output shown in full, adding up vitest's summary lines; resolves with its exit code. */
function runPhase(title, command, args) {
  console.log(`\n── ${title}`);
  const started = Date.now();
  const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'inherit'], env });
  let pending = '';
  child.stdout.on('data', (data) => {
    process.stdout.write(data);
    pending += data.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      // vitest's summary line, e.g. "Tests  12 passed | 1 failed (13)"
      const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
      if (!/^\S*\s*Tests\s+\d/.test(plain.replace(/^[^:]*:\s*/, ''))) continue;
      passed += Number(/(\d+) passed/.exec(plain)?.[1] ?? 0);
      failed += Number(/(\d+) failed/.exec(plain)?.[1] ?? 0);
    }
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      console.log(`── ${title}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${Math.round((Date.now() - started) / 1000)} s`);
      resolve(code ?? 1);
    }),
  );
}

let code = await runPhase('Type-check and tests of every workspace (turbo)', 'npx', [
  'turbo', 'run', 'typecheck', 'test', '--output-logs=new-only', '--concurrency=2', ...extraArgs,
]);
if (code !== 0 && runNewcomer) {
  console.log("\n── A newcomer's path (newcomer/): not run, the phase above failed");
} else if (runNewcomer) {
  code = await runPhase("A newcomer's path: the README's commands and the packed packages (newcomer/)", 'npm', [
    'run', 'test:newcomer', '--workspace', NEWCOMER,
  ]);
}
stop();
// A phase can fail with no failing test (vitest's unhandled errors, a type error, a crash): the
// closing line must not then say "0 failed", so that phase counts as one failure, said why.
if (code !== 0 && failed === 0) {
  console.log('\n[rejoin] npm test failed outside any test (see the errors above): counted as 1 failed.');
  failed = 1;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed > 0 ? 1 : code);
