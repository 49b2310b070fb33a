import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Summary } from './summarize.ts';

export const E2E_START = '<!-- e2e:start -->';
export const E2E_END = '<!-- e2e:end -->';

/** `docs/benchmarks.md`, shared with the benchmark suite: this file writes only between its markers. */
export const BENCHMARKS_DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

/**
 * `document` with the text between the e2e markers replaced by `section`; the markers are
 * appended at the end when absent. Nothing outside the markers changes.
 */
export function withE2eSection(document: string, section: string, markers: readonly [string, string] = [E2E_START, E2E_END]): string {
  const [startMarker, endMarker] = markers;
  const block = `${startMarker}\n${section.trim()}\n${endMarker}`;
  const start = document.indexOf(startMarker);
  const end = document.indexOf(endMarker);
  if (start === -1 || end === -1 || end < start) {
    const separator = document === '' || document.endsWith('\n\n') ? '' : document.endsWith('\n') ? '\n' : '\n\n';
    return `${document}${separator}${block}\n`;
  }
  return document.slice(0, start) + block + document.slice(end + endMarker.length);
}

export interface E2eFigures {
  readonly machine: string;
  readonly chromium: string;
  readonly date: string;
  /** Per framework: reload to the first resumed token, and server restart to the first resumed token. */
  readonly results: readonly { readonly framework: string; readonly reload: Summary; readonly restart: Summary }[];
  readonly tokensPerSecond: number;
  readonly outageMs: number;
}

const ms = (value: number) => `${Math.round(value)} ms`;

/** The e2e section's Markdown. */
export function e2eSection(figures: E2eFigures): string {
  const rows = figures.results.flatMap(({ framework, reload, restart }) => [
    `| ${framework} | reload → first resumed token | ${reload.n} | ${ms(reload.median)} | ${ms(reload.p90)} | ${ms(reload.min)} to ${ms(reload.max)} |`,
    `| ${framework} | server restart → first resumed token | ${restart.n} | ${ms(restart.median)} | ${ms(restart.p90)} | ${ms(restart.min)} to ${ms(restart.max)} |`,
  ]);
  return [
    '## Resuming in a real browser (end-to-end)',
    '',
    `Measured by \`e2e/tests/measurements.test.ts\` (\`npm run measure -w @rejoin/e2e\`) on ${figures.date}: ${figures.machine}, headless ${figures.chromium}, the production build of each demo against the reference server (simulated model at ${figures.tokensPerSecond} tokens/s) on 127.0.0.1.`,
    '',
    '- **Reload → first resumed token**: from `page.reload()` mid-reply to the first view (sampled on every DOM change) whose reply is longer than the one shown before the reload: page load, restore from storage, connect, `hello` with the cursor, replay, render.',
    `- **Server restart → first resumed token**: the chat backend stopped gracefully mid-reply, down ${figures.outageMs} ms, then started again on the same stores; from the new backend accepting connections to the first view with new text. The client's jittered backoff (full jitter, 500 ms base) decides most of it.`,
    '- Both figures grow with the machine\'s load (the load average above; this machine is shared): compare runs made under similar load, and re-record on a quiet machine with `npm run measure -w @rejoin/e2e`.',
    '',
    '| demo | measure | n | median | p90 | range |',
    '|---|---|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

/** Writes `figures` between the e2e markers of `docs/benchmarks.md` (creating the file if needed). */
export function writeE2eFigures(figures: E2eFigures, path = BENCHMARKS_DOC): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, withE2eSection(current, e2eSection(figures)));
}

export const TABS_START = '<!-- e2e-tabs:start -->';
export const TABS_END = '<!-- e2e-tabs:end -->';

/** The handover figures' Markdown: leader tab closed → the next leader's socket accepted by the server. */
export function tabsSection(results: readonly { readonly framework: string; readonly summary: Summary }[], date: string): string {
  return [
    '## Tabs: one connection, and the handover when the leader tab closes (end-to-end)',
    '',
    `Measured by \`e2e/tests/tabs.test.ts\` (\`E2E_RECORD=1\`) on ${date}: three tabs of one browser context on the production build of each demo, a reply streaming; the leader tab is closed (\`page.close()\`) and the time runs until the reference server accepts the next leader's WebSocket. Server connections with 5 tabs: **1** (one socket per tab before tab coordination: 5).`,
    '',
    '| demo | leader closes | median | p90 | range |',
    '|---|---:|---:|---:|---|',
    ...results.map(({ framework, summary }) => `| ${framework} | ${summary.n} | ${ms(summary.median)} | ${ms(summary.p90)} | ${ms(summary.min)} to ${ms(summary.max)} |`),
  ].join('\n');
}

/** Writes the handover figures between their own markers of `docs/benchmarks.md`. */
export function writeTabsFigures(results: readonly { readonly framework: string; readonly summary: Summary }[], path = BENCHMARKS_DOC): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, withE2eSection(current, tabsSection(results, new Date().toISOString().slice(0, 10)), [TABS_START, TABS_END]));
}
