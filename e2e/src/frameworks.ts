import { fileURLToPath } from 'node:url';

/** The demo variants the suite runs against: the same UI and test ids, one per adapter. */
export type Framework = 'react' | 'vue';

/** Every variant, React first. */
export const FRAMEWORKS: readonly Framework[] = ['react', 'vue'];

/** Where each variant's source lives. */
export const APP_DIRS: Readonly<Record<Framework, string>> = {
  react: fileURLToPath(new URL('../../apps/demo/', import.meta.url)),
  vue: fileURLToPath(new URL('../../apps/demo-vue/', import.meta.url)),
};

/** Where the suite builds each variant: beside the tests, so `npm start`'s `apps/demo/dist` is never touched. */
export const DIST_DIRS: Readonly<Record<Framework, string>> = {
  react: fileURLToPath(new URL('../dist/react/', import.meta.url)),
  vue: fileURLToPath(new URL('../dist/vue/', import.meta.url)),
};

/** Development builds (the demos' Devtools button is in them only), built by the tests that need one. */
export const DEVELOPMENT_DIST_DIRS: Readonly<Record<Framework, string>> = {
  react: fileURLToPath(new URL('../dist/react-development/', import.meta.url)),
  vue: fileURLToPath(new URL('../dist/vue-development/', import.meta.url)),
};

/**
 * The variants to run: all of them, or the comma-separated subset in `E2E_FRAMEWORKS` (to iterate
 * on one locally). An unknown name fails rather than running nothing.
 *
 * @default ['react', 'vue']
 */
export function selectedFrameworks(value = process.env['E2E_FRAMEWORKS']): readonly Framework[] {
  if (value === undefined || value.trim() === '') return FRAMEWORKS;
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  for (const name of names) {
    if (!FRAMEWORKS.includes(name as Framework)) {
      throw new Error(`[rejoin] E2E_FRAMEWORKS lists "${name}"; use a comma-separated subset of ${FRAMEWORKS.join(', ')}.`);
    }
  }
  return names as Framework[];
}
