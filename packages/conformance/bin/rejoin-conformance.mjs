#!/usr/bin/env node
// Runs the built CLI (dist/cli.js). In the Rejoin workspace, where only sources are checked in,
// it first builds @rejoin/core and this package with tsc when their builds are missing or older
// than their sources, so `npx rejoin-conformance` works from a fresh clone after `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const coreDir = join(packageDir, '..', 'core');

function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry !== '__tests__') latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

function buildIfStale(dir, output) {
  const src = join(dir, 'src');
  if (!existsSync(src) || !existsSync(join(dir, 'tsconfig.build.json'))) return; // an installed package: dist only
  if (existsSync(join(dir, output)) && statSync(join(dir, output)).mtimeMs >= newest(src)) return;
  const tsc = createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc');
  process.stderr.write(`rejoin-conformance: building ${dir}...\n`);
  const result = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('[rejoin] rejoin-conformance: the build failed; see the errors above.\n');
    process.exit(2);
  }
}

if (existsSync(join(coreDir, 'package.json'))) buildIfStale(coreDir, 'dist/index.js');
buildIfStale(packageDir, 'dist/cli.js');
await import(pathToFileURL(join(packageDir, 'dist', 'cli.js')).href);
