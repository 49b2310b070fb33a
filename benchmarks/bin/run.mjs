#!/usr/bin/env node
// `npm run bench`: Node 20 cannot run TypeScript, so the benchmark sources are bundled with esbuild
// (`@rejoin/*` from their TypeScript source through the `source` export condition) and the
// bundle runs in a child process, with the flags the measurements need.
//
//   npm run bench                 every row; prints tables and rewrites docs/benchmarks.md
//   npm run bench -- --smoke      one iteration, tiny sizes, no docs rewrite (CI)
//   npm run bench -- --only=1,5   some rows only (docs untouched)
//   npm run bench -- --only=6 --fanout-levels=1000,2000   other fan-out levels (docs untouched)
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Under node_modules so the bundle resolves its external packages like any module of this
// workspace would, and so nothing generated can be committed by accident.
const outdir = join(root, 'node_modules', '.cache', 'rejoin-bench');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

/** Bundles our TypeScript; leaves every installed package to Node, so each is loaded once, as published. */
const externalPackages = {
  name: 'external-packages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@rejoin/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const common = {
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  jsx: 'automatic',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await build({
  ...common,
  plugins: [externalPackages],
  entryPoints: {
    main: join(root, 'src', 'main.ts'),
    fanoutServer: join(root, 'src', 'fanout', 'fanoutServerProcess.ts'),
    fanoutLoad: join(root, 'src', 'fanout', 'fanoutLoadProcess.ts'),
    installDom: join(root, 'src', 'render', 'installDom.ts'),
    renderCounts: join(root, 'src', 'render', 'renderCountsProcess.ts'),
  },
});

const child = spawn(
  process.execPath,
  ['--expose-gc', '--enable-source-maps', join(outdir, 'main.mjs'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, REJOIN_BENCH_ROOT: root, REJOIN_BENCH_OUT: outdir } },
);
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
