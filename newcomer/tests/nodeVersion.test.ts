import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/runCommand.ts';

const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8'));

/** "Node ≥ 20.19" in the README, as the oldest version it promises. */
function readmeMinimum(): string {
  const match = /Node ≥ (\d+\.\d+)/.exec(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
  if (match === null) throw new Error('[rejoin] the README no longer names its minimum Node version as "Node ≥ X.Y"');
  return `${match[1]}.0`;
}

describe('the Node version the README promises', () => {
  it('is the root package.json engines range', () => {
    expect(readJson('package.json')['engines']['node']).toBe(`>=${readmeMinimum().replace(/\.0$/, '')}`);
  });

  // npm ci prints EBADENGINE for each of these on that Node (abbrev 5 and nopt 10 once did).
  it('satisfies every engines.node range in the lockfile, so npm ci warns about none', () => {
    const minimum = readmeMinimum();
    const packages = readJson('package-lock.json')['packages'] as Record<string, { version?: string; engines?: { node?: string } }>;
    const refusing = Object.entries(packages)
      .filter(([, entry]) => typeof entry.engines?.node === 'string' && !semver.satisfies(minimum, entry.engines.node))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} wants Node ${entry.engines!.node}`);
    expect(Object.keys(packages).length).toBeGreaterThan(100);
    expect(refusing).toEqual([]);
  });
});
