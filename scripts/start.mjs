#!/usr/bin/env node
// `npm start`: builds what the demo needs (only what changed since the last start), then serves
// the demo chat from the reference server on 127.0.0.1. No Redis, no API key, no network.
//
//   PORT=8788 npm start      another port (default 8787; 0 picks a free one)
//   HOST=0.0.0.0 npm start   listen beyond this machine (default 127.0.0.1)
//   REJOIN_LOG=info npm start  server logs (default warn)
//
// The server runs in this process, from `@rejoin/server`'s build: one process, so Ctrl+C (SIGINT)
// or SIGTERM reaches it directly and closes it gracefully. package.json runs it with `exec`: npm
// passes a SIGTERM on to its script's shell, and `sh -c` would die of it, leaving this server
// running orphaned (a `docker stop` or process manager that signals npm alone would never stop it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputsDigest } from './inputsDigest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampDir = join(root, 'node_modules', '.cache', 'rejoin-start');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const demoDist = join(root, 'apps', 'demo', 'dist');

/**
 * What every build reads besides its own files: the shared compiler options, and the lockfile
 * (a new TypeScript, Vite or dependency version can turn a passing build into a failing one).
 */
const sharedInputs = ['tsconfig.base.json', 'package-lock.json'];

/** Each step, in dependency order: what it reads, and how to produce its output. */
const steps = [
  {
    name: '@rejoin/core',
    inputs: packageInputs('packages/core'),
    output: 'packages/core/dist/index.js',
    command: [tsc, '-p', 'packages/core/tsconfig.build.json'],
    cwd: root,
  },
  {
    name: '@rejoin/server',
    inputs: [...packageInputs('packages/server'), 'packages/core/dist', 'packages/core/package.json'],
    output: 'packages/server/dist/index.js',
    command: [tsc, '-p', 'packages/server/tsconfig.build.json'],
    cwd: root,
  },
  {
    name: 'demo app',
    // The demo bundles the workspace packages from their TypeScript source (the `source` condition).
    inputs: [
      'apps/demo/src',
      'apps/demo/index.html',
      'apps/demo/vite.config.ts',
      'apps/demo/package.json',
      'packages/core/src',
      'packages/core/package.json',
      'packages/react/src',
      'packages/react/package.json',
      'packages/ui/src',
      'packages/ui/package.json',
    ],
    output: 'apps/demo/dist/index.html',
    command: [vite, 'build', '--logLevel', 'warn'],
    cwd: join(root, 'apps', 'demo'),
  },
];

function packageInputs(dir) {
  return [`${dir}/src`, `${dir}/package.json`, `${dir}/tsconfig.json`, `${dir}/tsconfig.build.json`];
}

function fail(message) {
  process.stderr.write(`\n[rejoin] npm start: ${message}\n`);
  process.exit(1);
}

function build(step) {
  // A stamp written only after a successful build: a failed build is retried next time.
  const stamp = join(stampDir, `${step.name.replace(/^@/, '').replace(/[^a-z0-9]+/gi, '-')}.stamp`);
  // Taken before the build: a file saved during the build makes the next start rebuild.
  const digest = inputsDigest(root, [...sharedInputs, ...step.inputs], step.command);
  if (existsSync(join(root, step.output)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
    process.stdout.write(`  ${step.name}: up to date\n`);
    return;
  }
  process.stdout.write(`  ${step.name}: building...\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, step.command, { cwd: step.cwd, stdio: 'inherit' });
  if (result.error) fail(`could not run ${relative(root, step.command[0])}: ${result.error.message}. Did you run \`npm ci\`?`);
  if (result.status !== 0) fail(`building ${step.name} failed (exit ${result.status}); see the errors above.`);
  mkdirSync(stampDir, { recursive: true });
  writeFileSync(stamp, digest);
  process.stdout.write(`  ${step.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function readPort() {
  const raw = process.env.PORT ?? '8787';
  const port = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    fail(`PORT must be an integer from 0 to 65535, got "${raw}".`);
  }
  return port;
}

/** Explains a failed `listen` in words a first-time user can act on, then exits. */
function listenFailed(error) {
  if (error?.code === 'EADDRINUSE') {
    fail(`port ${port} on ${host} is already in use (another \`npm start\`?). Stop that process, or pick another port: PORT=${port + 1} npm start`);
  }
  if (error?.code === 'EACCES') fail(`no permission to listen on ${host}:${port}. Pick a port above 1023: PORT=8787 npm start`);
  if (error?.code === 'EADDRNOTAVAIL') fail(`${host} is not an address of this machine. Use HOST=127.0.0.1.`);
  fail(`could not listen on ${host}:${port}: ${error?.message ?? error}`);
}

/** Fails before the build, not after it, when the port is taken (the real listen still decides). */
async function checkPortFree() {
  if (port === 0) return;
  await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  }).catch(listenFailed);
}

const port = readPort();
const host = process.env.HOST?.trim() || '127.0.0.1';

if (!existsSync(tsc) || !existsSync(vite)) fail('the dev dependencies are missing. Run `npm ci` first (see the README).');

await checkPortFree();
process.stdout.write('Building the Rejoin demo:\n');
for (const step of steps) build(step);

const { createRejoinServer, createLogger } = await import('@rejoin/server');
const server = createRejoinServer({
  host,
  port,
  staticDir: demoDist,
  logger: createLogger(process.env.REJOIN_LOG ? {} : { level: 'warn' }),
});

let address;
try {
  address = await server.listen();
} catch (error) {
  listenFailed(error);
}

process.stdout.write(`\nRejoin demo ready: ${address.httpUrl}/\n(WebSocket ${address.url}; Ctrl+C to stop)\n`);

let stopping = false;
function stop(signal) {
  // Repeats are ignored, not taken as "now": under `npm start` one Ctrl+C arrives twice (the
  // terminal signals the whole job, and npm passes its copy on), and the close is bounded anyway
  // (the server's shutdown timeout).
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: closing the server (replies in progress get a few seconds to finish)...\n`);
  server.close().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`[rejoin] shutdown failed: ${error?.message ?? error}\n`);
      process.exit(1);
    },
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
