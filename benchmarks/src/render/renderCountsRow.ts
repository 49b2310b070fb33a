import { join } from 'node:path';
import type { BenchSettings } from '../harness/BenchSettings.ts';
import { runJsonChild } from '../harness/runChild.ts';
import { formatRatio } from '../report/format.ts';
import type { GoalCheck, RowReport } from '../report/RowReport.ts';
import type { RenderCounts } from './renderCounter.ts';

const perChunk = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** Row 4: React and Vue renders per chunk in a 200-message conversation. */
export async function renderCountsRow(settings: BenchSettings): Promise<RowReport> {
  const chunks = settings.smoke ? 10 : 200;
  const results = await runJsonChild<RenderCounts[]>(
    ['--import', join(settings.outdir, 'installDom.mjs'), join(settings.outdir, 'renderCounts.mjs'), String(chunks)],
    120_000,
  );
  const total = (counts: RenderCounts): number => counts.streamingRow + counts.otherRows + counts.list;
  const rejoinRows = new Map(
    results.filter((counts) => counts.devtools === 'none' && counts.pattern.startsWith('`useMessageIds`')).map((counts) => [counts.framework, counts]),
  );
  const withRows = results.filter((counts) => counts.devtools === 'none' && counts.pattern.includes('`useMessageIds`'));
  const goals: GoalCheck[] = withRows.map((counts) => {
    const met = counts.streamingRow === 1 && counts.otherRows === 0 && counts.list === 0;
    const what = counts.pattern.startsWith('text and part chunks') ? 'a text or part chunk' : 'a chunk';
    return {
      goal: `${counts.framework}: ${what} re-renders only the streaming row`,
      met,
      detail: `${perChunk(counts.streamingRow)} streaming-row render, ${perChunk(counts.otherRows)} other-row renders and ${perChunk(counts.list)} list renders per chunk`,
    };
  });
  for (const counts of results.filter((candidate) => candidate.devtools !== 'none')) {
    const without = rejoinRows.get(counts.framework)!;
    const unchanged = counts.streamingRow === without.streamingRow && counts.otherRows === without.otherRows && counts.list === without.list;
    goals.push(
      counts.devtools === 'closed'
        ? {
            goal: `${counts.framework}: the devtools panel, closed, changes no app render count`,
            met: unchanged && counts.panelRenders === 0,
            detail: `${perChunk(total(counts))} app renders per chunk (${perChunk(total(without))} without it), ${perChunk(counts.panelRenders)} panel renders`,
          }
        : {
            goal: `${counts.framework}: the devtools panel, open, renders at most once per chunk batch and changes no app render count`,
            met: unchanged && counts.panelRenders <= 1,
            detail: `${perChunk(counts.panelRenders)} panel renders and ${perChunk(total(counts))} app renders per chunk (${perChunk(total(without))} without it)`,
          },
    );
  }
  return {
    id: 4,
    title: 'Render counts',
    runs: `${chunks} chunks per scenario, counted exactly (one run)`,
    method: [
      `A 200-message conversation (199 settled messages and the streaming reply) is rendered with React 19 (react-dom, \`act\`) and Vue 3.5 in happy-dom, in a child process, bound to the whole client on the fake transport. Each of ${chunks} chunks is delivered and flushed on its own (one machine event per chunk, the worst case for renders), then renders are counted per component. Each row component counts its own renders; the list component counts its own.`,
      '',
      'The devtools panel (`@rejoin/devtools`) is measured beside the adapters\' pattern, mounted closed and open: closed it subscribes to nothing; open it renders outside the framework, at most once per client notification.',
      '',
      'The adapters\' pattern (`useMessageIds` for the list, `useMessage` per row) is compared with what an app builds from a whole `messages` array, as AI SDK\'s `useChat().messages` hands it out, here from Rejoin\'s own `useConversation().messages`.',
    ],
    tables: [
      {
        headers: ['framework', 'pattern', 'streaming row', 'other rows', 'list', 'renders per chunk', 'vs Rejoin rows', 'devtools panel renders per chunk'],
        rows: results.map((counts) => [
          counts.framework,
          counts.pattern,
          perChunk(counts.streamingRow),
          perChunk(counts.otherRows),
          perChunk(counts.list),
          perChunk(total(counts)),
          formatRatio(total(counts) / total(rejoinRows.get(counts.framework)!)),
          counts.devtools === 'open' ? perChunk(counts.panelRenders) : '–',
        ]),
      },
    ],
    goals,
    closingNotes: goals.filter((goal) => !goal.met).map((goal) => `${goal.goal}: missed, ${goal.detail}.`),
  };
}
