#!/usr/bin/env node
// After `vue-tsc` emits the kit's declarations: point their relative imports at the files that
// exist in `dist`, as Node's ESM resolution (and attw's node16 check) requires.
//
// The sources import with their own extensions (`./Composer.vue`, `./useCountdown.ts`). tsc can
// rewrite `.ts` to `.js` but refuses to when a `.vue` import is present (TS2876), and vue-tsc
// emits `Composer.vue.d.ts` where Vite emits `Composer.js`. So: `X.vue.d.ts` becomes `X.d.ts`, and
// every relative specifier ending in `.ts`, `.tsx` or `.vue` ends in `.js`, the name Vite gave it.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

function declarations(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? declarations(path) : entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

for (const file of declarations(dist)) {
  let target = file;
  if (file.endsWith('.vue.d.ts')) {
    target = file.replace(/\.vue\.d\.ts$/, '.d.ts');
    if (existsSync(target)) throw new Error(`[rejoin] ${target} exists twice (a .vue and a .ts of one name): rename one of them.`);
    renameSync(file, target);
  }
  const text = readFileSync(target, 'utf8');
  // `from '…'` and `import('…')`, relative specifiers only.
  const fixed = text.replace(/((?:from\s+|import\s*\(\s*)['"])(\.{1,2}\/[^'"]+?)\.(?:tsx?|vue)(['"])/g, '$1$2.js$3');
  if (fixed !== text) writeFileSync(target, fixed);
}
for (const file of declarations(dist)) {
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const declaration = join(dirname(file), specifier.replace(/\.js$/, '.d.ts'));
    if (!existsSync(declaration)) throw new Error(`[rejoin] ${file} imports ${specifier}, but ${declaration} was not emitted.`);
  }
}
