#!/usr/bin/env node
// `npm run check:packages`: builds and packs every installable package (scripts/packPackages.mjs),
// then lints each tarball as a user would receive it: publint (package.json, exports, files) and
// @arethetypeswrong/cli (do the types resolve, for Node's ESM resolution and for bundlers). Both
// run offline. Exits non-zero on any error, after checking every package.
//
//   npm run check:packages                  build, pack into a temporary folder, check
//   npm run check:packages -- --no-build    check what is already built
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackages, root } from './packPackages.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Each check, by name: the command that exits non-zero when it finds an error in `tarball`. */
const checks = {
  // --strict: warnings are errors too.
  publint: (tarball) => [bin('publint'), ['run', tarball, '--strict']],
  // The packages are ESM only, as the exports maps say: the esm-only profile leaves out `require`
  // from CommonJS and node10 (which reads no exports map at all). A stylesheet is not a module.
  attw: (tarball) => [bin('attw'), [tarball, '--profile', 'esm-only', '--exclude-entrypoints', 'styles.css', '--format', 'table-flipped']],
};

const folder = mkdtempSync(join(tmpdir(), 'rejoin-packages-'));
const failures = [];
try {
  const tarballs = await packPackages(folder, { build: !process.argv.includes('--no-build') });
  for (const { name, tarball } of tarballs) {
    for (const [check, command] of Object.entries(checks)) {
      const [executable, args] = command(tarball);
      console.log(`\n${name}: ${check}`);
      const result = spawnSync(executable, args, { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
      if (result.status !== 0) failures.push(`${name}: ${check}`);
    }
  }
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(folder, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n[rejoin] Package checks failed:\n  ${failures.join('\n  ')}\nFix the package.json (exports, files, types) or the build, then run \`npm run check:packages\` again.`);
  process.exit(1);
}
console.log('\nEvery installable package passes publint and attw.');
