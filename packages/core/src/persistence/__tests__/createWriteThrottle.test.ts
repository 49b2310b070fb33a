import { describe, expect, it } from 'vitest';
import { createWriteThrottle } from '../createWriteThrottle.ts';
import { createTestClock } from './testClock.ts';

function setup(windowMs: number) {
  const clock = createTestClock();
  const writtenAt: number[] = [];
  const throttle = createWriteThrottle(clock, windowMs, () => writtenAt.push(clock.now() - 1_700_000_000_000));
  return { clock, throttle, writtenAt };
}

describe('createWriteThrottle', () => {
  it('writes the first request at once and the requests of a window once, at its end', () => {
    const { clock, throttle, writtenAt } = setup(500);
    throttle.request();
    clock.advance(100);
    throttle.request();
    clock.advance(100);
    throttle.request();
    expect(writtenAt).toEqual([0]);
    clock.advance(300);
    expect(writtenAt).toEqual([0, 500]);
  });

  it('makes a request right after a trailing write wait for the next window', () => {
    const { clock, throttle, writtenAt } = setup(500);
    throttle.request();
    throttle.request();
    clock.advance(500);
    throttle.request();
    expect(writtenAt).toEqual([0, 500]);
    clock.advance(500);
    expect(writtenAt).toEqual([0, 500, 1_000]);
    clock.advance(5_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('writes every request at once, without a timer, when the window is 0', () => {
    const { clock, throttle, writtenAt } = setup(0);
    throttle.request();
    throttle.request();
    expect(writtenAt).toEqual([0, 0]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancel drops the waiting write and closes the window', () => {
    const { clock, throttle, writtenAt } = setup(500);
    throttle.request();
    throttle.request();
    throttle.cancel();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(1_000);
    expect(writtenAt).toEqual([0]);
    throttle.request();
    expect(writtenAt).toEqual([0, 1_000]);
  });
});
