#!/usr/bin/env node
// `npm test`: type-check and run every workspace's tests against source (no build first).
import { spawnSync } from 'node:child_process';

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
run('npx', ['turbo', 'run', 'typecheck', 'test', '--output-logs=errors-only', '--concurrency=1']);
