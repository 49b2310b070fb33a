import type { BrowserContext, Page } from 'playwright-core';
import { readDemoView, type DemoView } from './demoView.ts';

/** A view recorded in one of the context's pages. */
export interface ViewSample extends DemoView {
  /** Which page, in the order the pages first reported (0, 1, ...). */
  readonly page: number;
  /** Which document of that page: a random id per load, so a reload starts a new one. */
  readonly document: string;
}

export interface ViewRecorder {
  /** Every view recorded so far, in order, optionally for one page only. */
  samples(page?: Page): readonly ViewSample[];
  /** The page's latest view, or undefined before it reported one. */
  latest(page: Page): ViewSample | undefined;
  /**
   * Resolves with the first view of `page` recorded from now on (or the latest one, if it already
   * matches) for which `predicate` holds; rejects with `description` after `timeoutMs`.
   */
  waitFor(page: Page, description: string, predicate: (view: ViewSample) => boolean, timeoutMs?: number): Promise<ViewSample>;
  /**
   * Resolves with the FIRST view of `page` sampled at or after `since` for which `predicate`
   * holds, whether it was recorded already or is still to come: for timings.
   */
  firstSince(page: Page, since: number, description: string, predicate: (view: ViewSample) => boolean, timeoutMs?: number): Promise<ViewSample>;
}

/** How often the page is read besides on every DOM change. */
export const SAMPLE_INTERVAL_MS = 10;

/** An unchanged view is reported again after this long, so a view that lasts is sampled throughout. */
export const RESAMPLE_MS = 50;

/**
 * Records what every page of `context` shows, from its first script to its last: on each DOM
 * mutation and every `SAMPLE_INTERVAL_MS`, the page reads its view and reports it when it changed
 * (and every `RESAMPLE_MS` when it did not, so the samples cover time, not just changes).
 * The recorder is an init script, so it survives reloads and runs in new tabs, and the report is a
 * binding call, which survives the page that made it: the samples just before a reload are kept.
 */
export async function recordViews(context: BrowserContext): Promise<ViewRecorder> {
  const samples: ViewSample[] = [];
  const pages: Page[] = [];
  const waiters = new Set<(sample: ViewSample) => void>();
  const pageIndex = (page: Page): number => {
    let index = pages.indexOf(page);
    if (index === -1) index = pages.push(page) - 1;
    return index;
  };
  await context.exposeBinding('__rejoinE2eSample', ({ page }, view: DemoView, document: string) => {
    const sample = { ...view, page: pageIndex(page), document };
    samples.push(sample);
    for (const waiter of [...waiters]) waiter(sample);
  });
  await context.addInitScript(`(() => {
    const read = ${readDemoView.toString()};
    const documentId = Math.random().toString(36).slice(2);
    let last = '';
    let lastAt = 0;
    const sample = () => {
      const view = read();
      const key = JSON.stringify({ ...view, at: 0 });
      if (key === last && view.at - lastAt < ${RESAMPLE_MS}) return;
      last = key;
      lastAt = view.at;
      window.__rejoinE2eSample(view, documentId);
    };
    new MutationObserver(sample).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    setInterval(sample, ${SAMPLE_INTERVAL_MS});
  })();`);

  const samplesOf = (page?: Page) => (page === undefined ? samples.slice() : samples.filter((sample) => sample.page === pageIndex(page)));
  const latest = (page: Page) => samplesOf(page).at(-1);

  // Only a hang should fail a wait: its budget is most of the test's own (60 s), so a correct run on
  // a loaded machine (a page load once took over 15 s there) is not cut short, and the error still
  // names what was awaited.
  const waitFor = (page: Page, description: string, predicate: (view: ViewSample) => boolean, timeoutMs = 45_000) =>
    new Promise<ViewSample>((resolve, reject) => {
      const current = latest(page);
      if (current !== undefined && predicate(current)) {
        resolve(current);
        return;
      }
      const index = pageIndex(page);
      const timer = setTimeout(() => {
        waiters.delete(check);
        const last = latest(page);
        reject(new Error(`[rejoin] e2e: timed out after ${timeoutMs} ms waiting for ${description}. Last view: ${JSON.stringify(last)}`));
      }, timeoutMs);
      const check = (sample: ViewSample) => {
        if (sample.page !== index || !predicate(sample)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(sample);
      };
      waiters.add(check);
    });

  const firstSince = (page: Page, since: number, description: string, predicate: (view: ViewSample) => boolean, timeoutMs?: number) => {
    const matches = (view: ViewSample) => view.at >= since && predicate(view);
    const recorded = samplesOf(page).find(matches);
    return recorded === undefined ? waitFor(page, description, matches, timeoutMs) : Promise.resolve(recorded);
  };

  return { samples: samplesOf, latest, waitFor, firstSince };
}
