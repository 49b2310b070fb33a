import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

/** A text only the devtools hold (their support bundle's format name): its presence marks their code. */
const DEVTOOLS_MARKER = 'rejoin-support-bundle';

export interface DemoDevtoolsBytes {
  /** Bytes of the production build's files holding devtools code: 0 is the goal. */
  readonly production: number;
  /** The same in a development build, where the demo's Devtools button loads them. */
  readonly development: number;
}

/**
 * Builds the React demo with its own vite config, as a production and as a development build, and
 * counts the bytes of the output files that hold devtools code. The development build must hold
 * some, or the check could pass by looking for the wrong thing.
 */
export async function demoDevtoolsBytes(demoDir: string): Promise<DemoDevtoolsBytes> {
  return { production: await bytesIn(demoDir, 'production'), development: await bytesIn(demoDir, 'development') };
}

async function bytesIn(demoDir: string, mode: 'production' | 'development'): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), `rejoin-demo-${mode}-`));
  // vite picks React's and the app's `import.meta.env.DEV` from NODE_ENV, not from the mode.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = mode;
  try {
    await build({ root: demoDir, configFile: join(demoDir, 'vite.config.ts'), mode, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    let bytes = 0;
    for (const file of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(js|css|html)$/.test(file)) continue;
      const content = readFileSync(join(outDir, file));
      if (content.includes(DEVTOOLS_MARKER)) bytes += content.byteLength;
    }
    return bytes;
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
    rmSync(outDir, { recursive: true, force: true });
  }
}
