/**
 * The one development flag of Rejoin: `true` unless the app is built for production.
 *
 * Advice in error messages (what to do about a failure) is development-only; production keeps the
 * facts and the error's `code`. Bundlers replace `process.env.NODE_ENV` at build time, as they do
 * for React and Vue (Vite in dev and build, webpack from `mode`, esbuild with `define`, Rollup with
 * `@rollup/plugin-replace`), so a production bundle holds `"production" !== "production"`: a constant
 * `false` that minifiers propagate into every importer and whose dead branches, with their strings,
 * they drop. The benchmarks' bundle row checks that no advice survives a production build.
 *
 * The expression must stay exactly `process.env.NODE_ENV`: a `typeof process` guard or optional
 * chaining makes the value non-constant, and then esbuild keeps every advice string. Node has
 * `process`; an unbundled browser page must define `globalThis.process` first (as Vue's ESM build asks).
 */
// Module-local, so the browser packages type-check without @types/node.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

export const isDevelopment: boolean = process.env.NODE_ENV !== 'production';
