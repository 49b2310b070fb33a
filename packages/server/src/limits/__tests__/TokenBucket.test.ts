import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../TokenBucket.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refuses with the time until the next token', () => {
    const now = 0;
    const bucket = new TokenBucket(3, 10, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0]);
    expect(bucket.take()).toBe(100);
  });

  it('refills at the configured rate, up to the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 4, () => now);
    bucket.take();
    bucket.take();
    now = 250;
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBeGreaterThan(0);
    now = 10_000;
    expect([bucket.take(), bucket.take()]).toEqual([0, 0]);
    expect(bucket.take()).toBeGreaterThan(0);
  });
});
