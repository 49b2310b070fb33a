import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCommand } from './runCommand.ts';

/** The packages a user installs: every workspace under packages/ that is not private. */
export function installablePackages(): string[] {
  return readdirSync(join(REPO_ROOT, 'packages'))
    .map((dir) => JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')) as { name: string; private?: boolean })
    .filter((manifest) => manifest.private !== true)
    .map((manifest) => manifest.name);
}

/**
 * `npm pack` of each installable package into `destination`, as `npm publish` would pack it (the
 * packages must be built first: `npm run build`). Resolves with each package's tarball path.
 */
export async function packTarballs(destination: string): Promise<Map<string, string>> {
  const names = installablePackages();
  const packed = await runCommand('npm', ['pack', '--json', '--pack-destination', destination, ...names.flatMap((name) => ['-w', name])]);
  if (packed.code !== 0) throw new Error(`[rejoin] npm pack failed:\n${packed.output}`);
  const tarballs = JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>;
  return new Map(tarballs.map((tarball) => [tarball.name, join(destination, tarball.filename)]));
}
