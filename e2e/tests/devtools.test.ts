import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevelopmentDemo } from '../src/buildDemos.ts';
import { sendMessage } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { useDemo } from '../src/useDemo.ts';
import { lastAssistant } from '../src/viewChecks.ts';

/** Records, in the page, every state the panel lights (its `data-state`), in order. */
async function recordLitStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const panel = document.querySelector('[data-rejoin-devtools]')!.shadowRoot!.querySelector<HTMLElement>('.rj-panel')!;
    const states: string[] = [panel.dataset['state'] ?? ''];
    (window as unknown as { litStates: string[] }).litStates = states;
    new MutationObserver(() => {
      const state = panel.dataset['state'] ?? '';
      if (states.at(-1) !== state) states.push(state);
    }).observe(panel, { attributes: true, attributeFilter: ['data-state'] });
  });
}

/** The frame log's rows (time, direction, type, payload) under a type filter. */
async function frameRows(page: Page, type: string): Promise<{ time: string; direction: string; payload: string }[]> {
  await page.fill('[data-rejoin-devtools] input[name=type]', type);
  return page.$$eval('[data-rejoin-devtools] [data-section=frames] tr[data-frame-type]', (rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
      return { time: cells[0] ?? '', direction: cells[1] ?? '', payload: cells[5] ?? '' };
    }),
  );
}

/** `expected` appears in `seen` in this order, other states allowed between. */
function inOrder(seen: readonly string[], expected: readonly string[]): boolean {
  let next = 0;
  for (const state of seen) if (next < expected.length && state === expected[next]) next += 1;
  return next === expected.length;
}

describe.each(selectedFrameworks())('devtools in the development demo (%s)', (framework) => {
  beforeAll(() => buildDevelopmentDemo(framework).then(() => undefined), 60_000);
  const demo = useDemo(framework, { tokensPerSecond: 20, development: true });

  it('opens from its button, drops the connection, lights the states in order and logs the resume', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    await page.click('[data-rejoin-devtools] [data-action=open]');
    await page.waitForSelector('[data-rejoin-devtools] .rj-panel:not([hidden])');
    await sendMessage(page, 'Tell me how a stream resumes');
    await session.waitFor(page, 'the reply to stream', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 20);
    await recordLitStates(page);

    await page.click('[data-rejoin-devtools] [data-action=drop]');
    const resumed = page
      .waitForFunction(
        () => {
          const states = (window as unknown as { litStates: string[] }).litStates;
          const restoring = states.indexOf('connected.restoring');
          return restoring !== -1 && states.slice(restoring).includes('connected.ready.streaming');
        },
        undefined,
        { timeout: 15_000 },
      )
      .then(() => null, (error: Error) => error.message);
    const failure = await resumed;
    const lit = await page.evaluate(() => (window as unknown as { litStates: string[] }).litStates);
    expect(failure, `states lit: ${lit.join(' → ')}`).toBeNull();
    expect(inOrder(lit, ['connected.ready.streaming', 'disconnected.waiting', 'connecting', 'connected.restoring', 'connected.ready.streaming']), lit.join(' → ')).toBe(true);

    // The resume in the frame log: a hello carrying the stream's cursor, then chunks after it.
    const hellos = await frameRows(page, 'hello');
    const resumeHello = hellos.at(-1)!;
    expect(resumeHello.direction).toContain('out');
    const cursor = /"lastSeq":(\d+)/.exec(resumeHello.payload);
    expect(cursor, resumeHello.payload).not.toBeNull();
    const lastSeq = Number(cursor![1]);
    expect(lastSeq).toBeGreaterThan(0);
    expect(resumeHello.payload).not.toMatch(/"token":"(?!‹hidden)/);
    await page.fill('[data-rejoin-devtools] input[name=type]', 'chunk');
    await page.waitForFunction(
      (helloTime) =>
        [...document.querySelector('[data-rejoin-devtools]')!.shadowRoot!.querySelectorAll('[data-section=frames] tr[data-frame-type=chunk]')].some(
          (row) => (row.querySelector('td')?.textContent ?? '') >= helloTime,
        ),
      resumeHello.time,
    );
    const chunks = (await frameRows(page, 'chunk')).filter((row) => row.time >= resumeHello.time);
    const resumedSeqs = chunks.map((row) => Number(/"seq":(\d+)/.exec(row.payload)?.[1]));
    expect(resumedSeqs.length).toBeGreaterThan(0);
    expect(Math.min(...resumedSeqs)).toBeGreaterThan(lastSeq);
  });
});
