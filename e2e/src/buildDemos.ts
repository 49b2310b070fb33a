import { build } from 'vite';
import { APP_DIRS, DEVELOPMENT_DIST_DIRS, DIST_DIRS, FRAMEWORKS, type Framework } from './frameworks.ts';

/**
 * Builds each demo with its own vite config into `e2e/dist/<framework>`, so
 * every test serves exactly the current source. Both, even when `E2E_FRAMEWORKS` narrows the
 * scenarios: the same-UI check compares them. Sequential: the machine has two cores.
 */
export async function buildDemos(): Promise<void> {
  // vitest sets NODE_ENV=test, and vite builds whatever NODE_ENV says: the tests must drive the
  // production bundle users get, not React's or Vue's development build.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await buildAll();
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
}

async function buildAll(): Promise<void> {
  for (const framework of FRAMEWORKS) {
    const started = performance.now();
    await build({
      root: APP_DIRS[framework],
      configFile: `${APP_DIRS[framework]}vite.config.ts`,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: DIST_DIRS[framework], emptyOutDir: true },
    });
    process.stdout.write(`[e2e] built the ${framework} demo in ${Math.round(performance.now() - started)} ms\n`);
  }
}

/**
 * Builds one demo as a development build (`import.meta.env.DEV` true, so with its Devtools button)
 * into `e2e/dist/<framework>-development`, for the tests of what exists in development only.
 */
export async function buildDevelopmentDemo(framework: Framework): Promise<string> {
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'development';
  try {
    await build({
      root: APP_DIRS[framework],
      configFile: `${APP_DIRS[framework]}vite.config.ts`,
      mode: 'development',
      logLevel: 'warn',
      build: { outDir: DEVELOPMENT_DIST_DIRS[framework], emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  return DEVELOPMENT_DIST_DIRS[framework];
}
