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
  reactRenderCounts('rows', chunks, 'none', 'parts'),
  await vueRenderCounts('rows', chunks),
  await vueRenderCounts('messages', chunks),
  // The devtools panel beside the app: closed it must change nothing; open, at most one panel
  // render per chunk (each chunk here is its own batch window).
  reactRenderCounts('rows', chunks, 'closed'),
  reactRenderCounts('rows', chunks, 'open'),
  await vueRenderCounts('rows', chunks, 'closed'),
  await vueRenderCounts('rows', chunks, 'open'),
  await vueRenderCounts('rows', chunks, 'none', 'parts'),
];
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
