#!/usr/bin/env node
// `npm run bench`: the benchmarks workspace (rows 1–6), then the Redis-versus-memory row on a
// throwaway loopback redis-server. Flags go to the workspace runner (e.g. --smoke, --only=1).
import { spawnSync } from 'node:child_process';
import { startRedisForTests } from './redisForTests.mjs';

const args = process.argv.slice(2);
const run = (command, commandArgs, options = {}) => {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('node', ['benchmarks/bin/run.mjs', ...args]);
if (args.some((arg) => arg.startsWith('--only'))) process.exit(0);

const hasRedis = spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;
if (!hasRedis) {
  console.log('[rejoin] Skipping the Redis row: install redis-server (apt-get install -y redis-server) to measure it.');
  process.exit(0);
}
const redis = process.env.REDIS_URL ? null : await startRedisForTests();
try {
  run('npx', ['vitest', 'run', '--config', 'bench/vitest.config.ts'], {
    cwd: 'packages/server',
    env: { ...process.env, REDIS_URL: process.env.REDIS_URL ?? redis.url, ...(args.includes('--smoke') ? { REJOIN_BENCH_SMOKE: '1' } : {}) },
  });
} finally {
  redis?.stop();
}
