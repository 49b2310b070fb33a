import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/runCommand.ts';

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
