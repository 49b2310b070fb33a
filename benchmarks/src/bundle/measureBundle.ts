import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

export interface BundleSize {
  readonly minified: number;
  readonly gzipped: number;
  /** Minified bytes in the output per package (`@rejoin/core`, `xstate`, ...), from esbuild's metafile. */
  readonly byPackage: ReadonlyMap<string, number>;
  /** Minified bytes per folder of `@rejoin/core` (`machine`, `persistence`, ...). */
  readonly coreFolders: ReadonlyMap<string, number>;
  /** The minified code. */
  readonly code: string;
}

/** `node_modules/@scope/name/...` or `packages/core/...` to a package name. */
function packageOf(input: string): string {
  const modules = input.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const parts = input.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input);
  if (workspace !== null) return `@rejoin/${workspace[1]}`;
  return 'app';
}

/**
 * Bundles `entry` as a production browser build (esbuild, minified, `process.env.NODE_ENV` set to
 * production, `@rejoin/*` from source) with `external` left out, and measures it minified and
 * gzipped (level 9). `nodeEnv` builds for another mode, to compare with.
 */
export async function measureBundle(entry: string, external: readonly string[], nodeEnv = 'production'): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Naming conditions drops esbuild's implicit `module`, which packages such as xstate need to
    // resolve to their tree-shakable ESM build rather than a CommonJS wrapper: name it again.
    conditions: ['source', 'module'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    external: [...external],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    byPackage: sizesByPackage(result.metafile),
    coreFolders: coreFolderSizes(result.metafile),
    code: result.outputFiles[0]!.text,
  };
}

function sizesByPackage(metafile: Metafile): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return sizes;
}

function coreFolderSizes(metafile: Metafile): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /packages\/core\/src\/([^/]+)\//.exec(input);
      if (match === null) continue;
      sizes.set(match[1]!, (sizes.get(match[1]!) ?? 0) + bytesInOutput);
    }
  }
  return sizes;
}
