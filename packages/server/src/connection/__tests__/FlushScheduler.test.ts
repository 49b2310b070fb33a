import { describe, expect, it } from 'vitest';
import { FlushScheduler } from '../FlushScheduler.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A clock that advances by `stepMs` each time it is read. */
function steppingClock(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

describe('FlushScheduler', () => {
  it('flushes what was queued during a turn at the end of that turn, in queue order', async () => {
    const scheduler = new FlushScheduler();
    const flushed: string[] = [];
    scheduler.schedule({ flush: () => flushed.push('a') });
    scheduler.schedule({ flush: () => flushed.push('b') });
    expect(flushed).toEqual([]);
    await nextTurn();
    expect(flushed).toEqual(['a', 'b']);
  });

  it('stops a turn at its time budget and finishes in the next turns, those left waiting first', async () => {
    // Each reading of the clock moves it 1 ms: with a 1.5 ms budget, two flushes fit in a turn.
    const scheduler = new FlushScheduler(1.5, steppingClock(1));
    const flushed: string[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) scheduler.schedule({ flush: () => flushed.push(name) });
    await nextTurn();
    expect(flushed).toEqual(['a', 'b']);
    scheduler.schedule({ flush: () => flushed.push('late') });
    await nextTurn();
    expect(flushed).toEqual(['a', 'b', 'c', 'd']);
    await nextTurn();
    expect(flushed).toEqual(['a', 'b', 'c', 'd', 'e', 'late']);
    expect(scheduler.waiting).toBe(0);
  });

  it('flushes at least one target per turn, whatever the budget', async () => {
    const scheduler = new FlushScheduler(0, steppingClock(1));
    const flushed: string[] = [];
    scheduler.schedule({ flush: () => flushed.push('a') });
    scheduler.schedule({ flush: () => flushed.push('b') });
    await nextTurn();
    expect(flushed).toEqual(['a']);
    await nextTurn();
    expect(flushed).toEqual(['a', 'b']);
  });
});
