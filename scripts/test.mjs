#!/usr/bin/env node
// `npm test`: every workspace's type-check and tests, against source (no build first), with the
// system services they need: Debian's chromium for browser tests and a loopback redis-server.
import { spawn } from 'node:child_process';
import { chromiumPath, ensureSystemDependencies } from './systemDependencies.mjs';
import { startRedisForTests } from './redisForTests.mjs';

const extraArgs = process.argv.slice(2); // e.g. --filter=@rejoin/core
if (!ensureSystemDependencies()) process.exit(1);

const redis = process.env.REDIS_URL ? null : await startRedisForTests();
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  REDIS_URL: process.env.REDIS_URL ?? redis.url,
  CHROMIUM_PATH: chromiumPath(),
};
const stop = () => redis?.stop();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stop(), process.exit(130)));

const turbo = spawn('npx', ['turbo', 'run', 'typecheck', 'test', '--output-logs=errors-only', '--concurrency=2', ...extraArgs], {
  stdio: 'inherit',
  env,
});
turbo.on('exit', (code) => {
  stop();
  process.exit(code ?? 1);
});
