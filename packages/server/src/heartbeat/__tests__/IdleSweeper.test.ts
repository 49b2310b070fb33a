import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type IdleCandidate, IdleSweeper } from '../IdleSweeper.ts';

/** A connection that records when it was closed. */
class Connection implements IdleCandidate {
  lastSeenAt = Date.now();
  closedAt: number | null = null;
  get isOpen(): boolean {
    return this.closedAt === null;
  }
  closeIdle(): void {
    this.closedAt = Date.now();
  }
  send(): void {
    this.lastSeenAt = Date.now();
  }
}

const TIMEOUT = 45_000;
let connections: Set<Connection>;
let sweeper: IdleSweeper;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_767_225_600_000 });
  connections = new Set();
  sweeper = new IdleSweeper(() => connections, TIMEOUT, () => Date.now());
  sweeper.start();
});

afterEach(() => {
  sweeper.stop();
  vi.useRealTimers();
});

function open(): Connection {
  const connection = new Connection();
  connections.add(connection);
  return connection;
}

describe('IdleSweeper', () => {
  it('closes a connection silent for exactly the idle timeout, not a millisecond earlier', () => {
    const connection = open();
    const openedAt = Date.now();
    vi.advanceTimersByTime(TIMEOUT - 1);
    expect(connection.closedAt).toBeNull();
    vi.advanceTimersByTime(1);
    expect(connection.closedAt).toBe(openedAt + TIMEOUT);
  });

  it('closes a connection that fell silent between sweeps at most 1 s after its deadline, never 1.25 timeouts later', () => {
    vi.advanceTimersByTime(7_000);
    const connection = open();
    const due = Date.now() + TIMEOUT;
    vi.advanceTimersByTime(TIMEOUT - 1);
    expect(connection.closedAt).toBeNull();
    vi.advanceTimersByTime(1_001);
    expect(connection.closedAt).not.toBeNull();
    expect(connection.closedAt! - due).toBeLessThanOrEqual(1_000);
  });

  it('keeps a connection that sends every heartbeat, and closes it a timeout after it stops', () => {
    const connection = open();
    for (let beat = 0; beat < 20; beat++) {
      vi.advanceTimersByTime(15_000);
      connection.send();
    }
    expect(connection.closedAt).toBeNull();
    const lastSent = Date.now();
    vi.advanceTimersByTime(TIMEOUT);
    expect(connection.closedAt).toBe(lastSent + TIMEOUT);
  });

  it('sweeps at most once a second while connections fall due at scattered times', () => {
    const sweep = vi.spyOn(sweeper, 'sweep');
    for (let index = 0; index < 100; index++) {
      open();
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(TIMEOUT);
    expect([...connections].every((connection) => connection.closedAt !== null)).toBe(true);
    // 100 deadlines 10 ms apart, spread over one second: two sweeps close them all, not a hundred.
    expect(sweep.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it('does not close a connection twice, nor wait for one that is already closing', () => {
    const connection = open();
    const closeIdle = vi.spyOn(connection, 'closeIdle');
    vi.advanceTimersByTime(TIMEOUT * 3);
    expect(closeIdle).toHaveBeenCalledTimes(1);
    // Still in the set (its socket has not finished closing): no timer spins on it.
    expect(vi.getTimerCount()).toBe(1);
  });

  it('stops sweeping when stopped', () => {
    const connection = open();
    sweeper.stop();
    vi.advanceTimersByTime(TIMEOUT * 2);
    expect(connection.closedAt).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });
});
