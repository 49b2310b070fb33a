import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient, type ChatSnapshot } from '@rejoin/core';
import { createRejoinServer } from '../../src/index.ts';
import { createSeededRandom } from '../../src/testing/chaos/seededRandom.ts';
import { startFaultProxy } from './support/faultProxy.ts';

/**
 * 1,000 real core clients (Node, `ws`, default backoff settings) behind one proxy lose their
 * connections in the same instant. Sockets: 4 per client (client, two proxy ends, server), well
 * within this machine's `ulimit -n` of 20,000; memory stays under ~200 MB.
 */
const CLIENTS = 1000;
/** The server answered hello on this connection: the statechart left `restoring` for `merging` or `ready`. */
const pastHandshake = (snapshot: ChatSnapshot) => snapshot.matches({ connected: 'merging' }) || snapshot.matches({ connected: 'ready' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let summary = '';

/** Milliseconds from `t0` to each time in `times`, sorted. */
const offsets = (times: readonly number[], t0: number) => times.map((time) => time - t0).sort((a, b) => a - b);

/** The most events that fall in any window of `windowMs`. */
function densestWindow(sorted: readonly number[], windowMs: number): number {
  let densest = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    densest = Math.max(densest, end - start + 1);
  }
  return densest;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

describe(`${CLIENTS} clients reconnecting at once`, () => {
  afterAll(() => console.log(summary));

  it('spread out by the backoff jitter, and all are served again while the server keeps streaming', async () => {
    const server = createRejoinServer({
      host: '127.0.0.1',
      port: 0,
      respond: async function* fewWords() {
        for (const word of ['still', ' streaming', ' during', ' the', ' storm']) {
          await sleep(100);
          yield word;
        }
      },
      shutdown: { generations: 'abort', timeoutMs: 200 },
    });
    const { port, url } = await server.listen();
    const proxy = await startFaultProxy(port, createSeededRandom(1));
    const clients: ChatClient[] = [];
    const attempts: number[] = [];
    const served: number[] = [];
    /** The jittered wait each client chose when its connection dropped. */
    const delays: number[] = [];
    let cutAt = Number.POSITIVE_INFINITY;
    try {
      for (let index = 0; index < CLIENTS; index += 1) {
        const client = createChatClient({
          url: proxy.url,
          WebSocket: WebSocket as never,
          namespace: `storm-${index}`,
          token: `storm-token-${String(index).padStart(6, '0')}`,
          storage: null,
        });
        let wasConnecting = false;
        let wasWelcomed = false;
        let dropped = false;
        client.subscribe(() => {
          const snapshot = client.getSnapshot();
          const connecting = snapshot.matches('connecting');
          const welcomed = pastHandshake(snapshot);
          const after = Date.now() >= cutAt;
          if (after && !dropped && snapshot.matches('disconnected')) {
            dropped = true;
            delays.push(snapshot.context.retryDelayMs);
          }
          if (after && connecting && !wasConnecting && attempts.length < served.length + CLIENTS) attempts.push(Date.now());
          if (after && welcomed && !wasWelcomed) served.push(Date.now());
          wasConnecting = connecting;
          wasWelcomed = welcomed;
        });
        clients.push(client);
        if (index % 100 === 99) await sleep(30);
      }
      const allWelcomed = () => clients.every((client) => pastHandshake(client.getSnapshot()));
      for (let waited = 0; !allWelcomed() && waited < 15_000; waited += 20) await sleep(20);
      expect(allWelcomed()).toBe(true);

      // A canary outside the proxy: its reply streams while the crowd comes back.
      const canary = createChatClient({ url, WebSocket: WebSocket as never, namespace: 'canary', token: 'canary-token-0123456789', storage: null });
      clients.push(canary);
      for (let waited = 0; !canary.getSnapshot().matches({ connected: 'ready' }) && waited < 5_000; waited += 10) await sleep(10);

      cutAt = Date.now();
      proxy.cutAll();
      const canaryConversation = canary.newConversation();
      canary.send('are you still there?');
      // A bound for the wait only, under the test's own timeout: how fast they are served is
      // measured (the summary), not asserted, since a loaded machine may take several times longer.
      const deadline = cutAt + 180_000;
      while ((served.length < CLIENTS || attempts.length < CLIENTS) && Date.now() < deadline) await sleep(20);
      const reply = () => canary.getSnapshot().context.conversations[canaryConversation]?.messages.find((m) => m.role === 'assistant');
      while (reply()?.status !== 'complete' && Date.now() < deadline) await sleep(20);

      const sortedDelays = [...delays].sort((a, b) => a - b);
      const attemptOffsets = offsets(attempts, cutAt);
      const servedOffsets = offsets(served, cutAt);
      const densestDelays = densestWindow(sortedDelays, 50);
      const densestAttempts = densestWindow(attemptOffsets, 50);
      summary =
        `[storm] ${CLIENTS} clients cut at once: backoff waits chosen from ${sortedDelays[0]} to ${sortedDelays.at(-1)} ms ` +
        `(p10 ${percentile(sortedDelays, 10)}, p50 ${percentile(sortedDelays, 50)}, p90 ${percentile(sortedDelays, 90)}; at most ${densestDelays} in any 50 ms); ` +
        `reconnect attempts started from ${attemptOffsets[0]} to ${attemptOffsets.at(-1)} ms after the cut, at most ${densestAttempts} in any 50 ms; ` +
        `all ${served.length} served again within ${servedOffsets.at(-1)} ms (p50 ${percentile(servedOffsets, 50)}); ` +
        `the canary's reply ${reply()?.status === 'complete' ? 'completed during the storm' : 'did NOT complete'}`;

      expect(served).toHaveLength(CLIENTS);
      expect(delays).toHaveLength(CLIENTS);
      // Spread by the jitter, no thundering herd: full jitter over the first 500 ms backoff window
      // puts about 100 clients in any 50 ms; without it, all 1,000 would wait the same time.
      expect(densestDelays).toBeLessThan(CLIENTS * 0.2);
      expect(percentile(sortedDelays, 90) - percentile(sortedDelays, 10)).toBeGreaterThan(250);
      // When the attempts actually started is wall time: a stalled event loop fires every due timer
      // at once, so their density (in the summary) is measured, not asserted; the jitter is checked
      // on the waits the clients chose, above. The server serves them all while still streaming.
      expect(reply()?.status).toBe('complete');
      expect(reply()?.text).toBe('still streaming during the storm');
      expect(server.connectionCount).toBe(CLIENTS + 1);
    } finally {
      for (const client of clients) client.dispose();
      await proxy.close();
      await server.close();
    }
  }, 240_000); // for a hang only: 15 s quiet, 47 s seen under load
});
