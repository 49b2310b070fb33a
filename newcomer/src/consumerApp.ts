import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCommand, type FinishedCommand } from './runCommand.ts';

export type Framework = 'react' | 'vue';

/** What each scratch app installs from the registry beside the tarballs. */
const REGISTRY_PACKAGES: Record<Framework, readonly string[]> = {
  // vitest and happy-dom: the React app runs the generated reconnection paths (docs/testing-your-app.md).
  react: ['react', 'react-dom', '@types/react', '@types/react-dom', 'vite', '@vitejs/plugin-react', 'typescript', 'vitest', 'happy-dom'],
  vue: ['vue', 'vite', '@vitejs/plugin-vue', 'typescript', 'vue-tsc'],
};

/** The Rejoin packages each app installs, by tarball: the server too, as a user runs its CLI as the backend. */
export const REJOIN_PACKAGES: Record<Framework, readonly string[]> = {
  react: ['@rejoin/core', '@rejoin/react', '@rejoin/ui', '@rejoin/server'],
  vue: ['@rejoin/core', '@rejoin/vue', '@rejoin/ui'],
};

/** The exact version this repository installed, so the scratch apps test what the workspace tests (and hit npm's cache). */
function workspaceVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * A scratch app in `dir` (outside the workspace): the template from consumer-apps/, a package.json
 * naming the tarballs by path and the rest by registry version, and a plain `npm install` with no
 * lockfile, so the packed packages' own dependency ranges resolve as they would for a user.
 */
export async function createConsumerApp(framework: Framework, dir: string, tarballs: ReadonlyArray<{ name: string; tarball: string }>): Promise<FinishedCommand> {
  cpSync(join(REPO_ROOT, 'newcomer', 'consumer-apps', framework), dir, { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const name of REJOIN_PACKAGES[framework]) {
    const packed = tarballs.find((entry) => entry.name === name);
    if (packed === undefined) throw new Error(`[rejoin] no tarball of ${name} was packed: is it still installable (not private)?`);
    dependencies[name] = `file:${packed.tarball}`;
  }
  for (const name of REGISTRY_PACKAGES[framework]) dependencies[name] = workspaceVersion(name);
  const typecheck = framework === 'react' ? 'tsc -p tsconfig.json' : 'vue-tsc -p tsconfig.json';
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `rejoin-consumer-${framework}`, private: true, type: 'module', scripts: { typecheck, build: 'vite build', test: 'vitest run --environment happy-dom' }, dependencies }, null, 2)}\n`,
  );
  return runCommand('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir });
}
