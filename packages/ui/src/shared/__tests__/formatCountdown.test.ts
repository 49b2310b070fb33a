import { describe, expect, it } from 'vitest';
import { formatCountdown, secondsUntil } from '../formatCountdown.ts';

describe('secondsUntil', () => {
  it('rounds a partial second up, so a countdown never shows 0 while time is left', () => {
    expect(secondsUntil(10_001, 10_000)).toBe(1);
    expect(secondsUntil(12_500, 10_000)).toBe(3);
  });

  it('is 0 once the moment has passed', () => {
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(9_000, 10_000)).toBe(0);
  });
});

describe('formatCountdown', () => {
  it('shows seconds under a minute', () => {
    expect(formatCountdown(7)).toBe('7 s');
  });

  it('shows minutes and padded seconds from a minute on', () => {
    expect(formatCountdown(65)).toBe('1 min 05 s');
    expect(formatCountdown(120)).toBe('2 min 00 s');
  });

  it('never shows a negative figure', () => {
    expect(formatCountdown(-3)).toBe('0 s');
  });
});
