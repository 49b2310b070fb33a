// Child process of row 4 (started with `--import installDom.mjs`): counts React and Vue renders
// per chunk and prints them as one JSON line.
import { reactRenderCounts } from './reactScenarios.tsx';
import type { RenderCounts } from './renderCounter.ts';
import { vueRenderCounts } from './vueScenarios.ts';

const chunks = Number(process.argv[2] ?? 100);
const results: RenderCounts[] = [
  reactRenderCounts('rows', chunks),
  reactRenderCounts('messages', chunks),
  reactRenderCounts('memo', chunks),
  reactRenderCounts('rows', chunks, 'parts'),
  await vueRenderCounts('rows', chunks),
  await vueRenderCounts('messages', chunks),
  await vueRenderCounts('rows', chunks, 'parts'),
];
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
