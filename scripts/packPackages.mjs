#!/usr/bin/env node
// Builds every installable package (each workspace under packages/ that is not private) and packs
// each into a tarball, exactly as `npm publish` would upload it.
//
//   node scripts/packPackages.mjs DIR              build, then pack into DIR; prints one tarball path a line
//   node scripts/packPackages.mjs DIR --no-build   pack what is already built
//
// Or from another script: `const tarballs = await packPackages(dir)` gives
// `[{ name, version, tarball }]`, tarball an absolute path. Install them together (one `npm install`
// of every path) so the @rejoin dependencies between them resolve to the tarballs, not the registry.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The workspaces a user installs: every package under packages/ not marked private. */
export function installablePackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(root, 'packages', entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, version: manifest.version, private: manifest.private === true, dir };
    })
    .filter((pkg) => !pkg.private);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (result.status !== 0) {
    throw new Error(`[rejoin] \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}); its output is above.`);
  }
  return result.stdout;
}

/** Builds the installable packages (and what they depend on) with turbo, the way `npm run build` does. */
export function buildPackages(packages = installablePackages()) {
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const filters = packages.map((pkg) => `--filter=${pkg.name}`);
  run(turbo, ['run', 'build', '--output-logs=errors-only', ...filters], {
    // turbo's report goes to stderr: stdout carries only the tarball paths, for scripts to read.
    stdio: ['ignore', 2, 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
}

/**
 * Packs each installable package into `destination` (created if missing) and returns
 * `[{ name, version, tarball }]`. Builds first unless `build` is false.
 */
export async function packPackages(destination, { build = true } = {}) {
  const packages = installablePackages();
  if (build) buildPackages(packages);
  const dir = resolve(destination);
  mkdirSync(dir, { recursive: true });
  const workspaces = packages.flatMap((pkg) => ['--workspace', pkg.name]);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir, ...workspaces]));
  return packed.map((entry) => ({ name: entry.name, version: entry.version, tarball: join(dir, entry.filename) }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [destination, ...flags] = process.argv.slice(2);
  if (destination === undefined || destination.startsWith('--')) {
    console.error('[rejoin] Usage: node scripts/packPackages.mjs DIR [--no-build]: the folder to write the tarballs to.');
    process.exit(2);
  }
  try {
    const tarballs = await packPackages(destination, { build: !flags.includes('--no-build') });
    for (const { tarball } of tarballs) console.log(tarball);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
