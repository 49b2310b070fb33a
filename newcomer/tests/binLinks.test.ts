import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCommand } from '../src/runCommand.ts';

/** Each workspace package's `bin` files, as paths from the repository root. */
function workspaceBins(): string[] {
  return readdirSync(join(REPO_ROOT, 'packages')).flatMap((dir) => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
    return Object.values(manifest.bin ?? {}).map((file) => join('packages', dir, file));
  });
}

describe('the commands npm links at npm ci', () => {
  // npm links a workspace's bins when it installs, before anything is built, and skips a bin whose
  // file does not exist: a bin in dist/ is missing on a fresh clone, and `npx rejoin-server`
  // then asks the registry (404). Only a file in git is there when `npm ci` runs.
  it('point at files committed to git, not at build output', () => {
    const bins = workspaceBins();
    expect(bins).toContain('packages/server/bin/rejoin-server.js');
    const tracked = execFileSync('git', ['ls-files', '--', ...bins], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(tracked.sort()).toEqual(bins.sort());
  });
});

describe('rejoin-server before a build', () => {
  it('says to run npm run build, and exits 1', async () => {
    // The committed entry point alone, with no dist/ beside it: a fresh clone before `npm run build`.
    const dir = mkdtempSync(join(tmpdir(), 'rejoin-bin-'));
    try {
      cpSync(join(REPO_ROOT, 'packages', 'server', 'bin'), join(dir, 'bin'), { recursive: true });
      const run = await runCommand(process.execPath, [join(dir, 'bin', 'rejoin-server.js'), '--help'], { cwd: dir });
      expect(run.output).toContain('[rejoin] rejoin-server is not built yet: run `npm run build` first');
      expect(run.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
