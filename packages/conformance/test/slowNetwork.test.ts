import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.ts';
import { createFaultyProxy, type Fault } from './support/createFaultyProxy.ts';
import { startReferenceServer, type RunningServer } from './support/startReferenceServer.ts';

// A conforming server on a network that delivers one connection's frames later than another's:
// the suite must still pass it. Under load (four cases at a time on Redis) the suite's own
// machine is such a network, which is how a too-strict check first showed up.

interface HeldWelcome {
  readonly messageId: string;
  readonly lastSeq: number;
  readonly release: () => void;
}

/**
 * Holds each welcome that lists a running stream until two later chunks of that stream (or its
 * end) have left for another connection (frames leave in order, so seeing chunk lastSeq + 3 means
 * lastSeq + 1 and + 2 were sent): the welcome's `lastSeq` is correct when the server sends it, and
 * older than what the first connection shows when it arrives. `overtaken` counts such welcomes.
 */
function welcomeOvertakenByChunks(): Fault & { readonly overtaken: () => number } {
  let held: HeldWelcome[] = [];
  let overtaken = 0;
  const releaseOlderThan = (messageId: string, seq: number): void => {
    const ready = held.filter((welcome) => welcome.messageId === messageId && welcome.lastSeq < seq);
    held = held.filter((welcome) => !ready.includes(welcome));
    for (const welcome of ready) welcome.release();
  };
  return {
    overtaken: () => overtaken,
    toClient: (frame) => {
      if (frame['type'] === 'chunk') releaseOlderThan(String(frame['messageId']), Number(frame['seq']) - 2);
      if (frame['type'] === 'message_end') releaseOlderThan(String(frame['messageId']), Number.POSITIVE_INFINITY);
      const running = frame['type'] === 'welcome' ? (frame['activeStreams'] as { messageId: string; lastSeq: number }[])[0] : undefined;
      if (running === undefined) return [frame];
      return new Promise((resolve) => {
        held.push({
          messageId: running.messageId,
          lastSeq: running.lastSeq,
          release: () => {
            overtaken += 1;
            resolve([frame]);
          },
        });
      });
    },
  };
}

describe('a conforming server on a slow network', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startReferenceServer();
  });
  afterAll(() => server.close());

  it('passes resume.active-streams when chunks overtake the welcome on the wire', async () => {
    const fault = welcomeOvertakenByChunks();
    const proxy = await createFaultyProxy(server.url, fault);
    try {
      const report = await runConformance({ url: proxy.url, only: ['resume.active-streams'] });
      expect(fault.overtaken()).toBeGreaterThan(0);
      expect(report.cases.map((result) => `${result.id}: ${result.status} ${result.reason ?? ''}`)).toEqual(['resume.active-streams: pass ']);
    } finally {
      await proxy.close();
    }
  });
});
