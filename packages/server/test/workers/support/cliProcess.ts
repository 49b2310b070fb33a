import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * `rejoin-server` as users run it, from source: Node 20 cannot run TypeScript, and the `cluster`
 * module re-runs the primary's script in each worker, so the CLI is bundled once into a temporary
 * .mjs (esbuild, the `source` condition, as the benchmarks do).
 */
export async function bundleCli(): Promise<{ readonly path: string; readonly remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'rejoin-cli-'));
  const path = join(dir, 'cli.mjs');
  await build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: path,
    conditions: ['source'],
    logLevel: 'silent',
    // Bundled CommonJS dependencies (ws) call require.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port that was free a moment ago, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout holds `count` lines matching `pattern`; returns their matches. */
  lines(pattern: RegExp, count: number): Promise<RegExpMatchArray[]>;
  readonly exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

export function runCli(path: string, args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, [path, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (data: Buffer) => {
    out += data.toString();
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr.on('data', (data: Buffer) => {
    err += data.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const matches = (pattern: RegExp) => [...out.matchAll(new RegExp(pattern.source, 'gm'))];
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    lines: (pattern, count) =>
      new Promise((resolve) => {
        const check = () => {
          const found = matches(pattern);
          if (found.length < count) return;
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      }),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
