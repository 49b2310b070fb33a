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

// Full logs, so every suite's counts are visible; they are added up into one closing line.
const turbo = spawn('npx', ['turbo', 'run', 'typecheck', 'test', '--output-logs=new-only', '--concurrency=2', ...extraArgs], {
  stdio: ['inherit', 'pipe', 'inherit'],
  env,
});
let passed = 0;
let failed = 0;
let pending = '';
turbo.stdout.on('data', (data) => {
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
turbo.on('exit', (code) => {
  stop();
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failed > 0 ? 1 : (code ?? 1));
});
