import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient, type ChatMessage } from '@rejoin/core';
import type { HistoryMessage } from '@rejoin/core/protocol';
import { createSeededRandom } from '../../src/testing/chaos/seededRandom.ts';
import { frameOf } from '../../src/testing/frameMatchers.ts';
import { createTestToken, TestClient } from '../../src/testing/TestClient.ts';
import { redisUrl } from '../redis/support/redisForTests.ts';
import { bundleCli, freePort, runCli } from '../workers/support/cliProcess.ts';

/**
 * Chaos with processes: `rejoin-server --workers 2` on Redis, real core clients each streaming a
 * reply, and one worker SIGKILLed mid-stream (the seed picks which; `CHAOS_SEED=<n>` replays it).
 * The clients on the dead worker lose their socket and resume on the other one; the replies the
 * dead worker was generating are adopted once its leases expire and end explicitly. Every reply
 * must settle, and every client must show what the server holds: none stuck streaming.
 */
const CLIENTS = 24;
const SETTLE_BOUND_MS = 30_000;
const seed = Number(process.env['CHAOS_SEED'] ?? Math.floor(Math.random() * 2 ** 31)) >>> 0;

let cli: Awaited<ReturnType<typeof bundleCli>>;
beforeAll(async () => {
  cli = await bundleCli();
});
afterAll(() => cli.remove());

/** The assistant message of a client's only conversation, once it exists. */
function replyOf(client: ChatClient, conversationId: string): ChatMessage | undefined {
  return client.getSnapshot().context.conversations[conversationId]?.messages.find((message) => message.role === 'assistant');
}

/** Resolves once `test` holds for the client's snapshot (checked now and on every change). */
function until(client: ChatClient, test: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (test()) return resolve();
    const unsubscribe = client.subscribe(() => {
      if (!test()) return;
      unsubscribe();
      resolve();
    });
  });
}

/** The server's copy of the conversation, as a fresh connection loads it. */
async function serverHistory(url: string, token: string, conversationId: string): Promise<readonly HistoryMessage[]> {
  const { client } = await TestClient.join(url, { token });
  try {
    client.send({ type: 'load', conversationId });
    const frame = await client.next(frameOf('conversation', { conversationId }), 10_000);
    return frame.type === 'conversation' ? frame.messages : [];
  } finally {
    await client.close();
  }
}

describe(`chaos: a worker killed mid-stream (seed ${seed})`, () => {
  it('every reply resumes or ends explicitly, each client shows what the server holds, and the primary replaces the worker', async () => {
    const random = createSeededRandom(seed);
    const port = await freePort();
    const run = runCli(cli.path, ['--port', String(port), '--workers', '2', '--redis', redisUrl(), '--rate', '20'], {
      ...process.env,
      REJOIN_LOG: 'silent',
    });
    const clients: { client: ChatClient; token: string; conversationId: string }[] = [];
    try {
      const started = await run.lines(/^Rejoin server worker (\d+) listening on (\S+)$/, 2);
      const pids = started.map((match) => Number(match[1]));
      const url = started[0]![2]!;
      const runId = randomUUID().slice(0, 8);
      for (let index = 0; index < CLIENTS; index += 1) {
        const token = createTestToken();
        const client = createChatClient({ url, WebSocket: WebSocket as never, namespace: `kill-${runId}-${index}`, token, storage: null });
        const conversationId = client.newConversation();
        client.send(`Reply ${index}: tell me about processes that die.`);
        clients.push({ client, token, conversationId });
      }
      // Every reply is streaming (or already done) before the kill.
      await Promise.all(
        clients.map(({ client, conversationId }) => until(client, () => (replyOf(client, conversationId)?.text.length ?? 0) > 0)),
      );
      const victim = random.pick(pids);
      process.kill(victim, 'SIGKILL');

      const replaced = await run.lines(/^Rejoin server worker (\d+) listening on/, 3);
      expect(pids).not.toContain(Number(replaced[2]![1]));
      // None stuck: each reply settles, completed or ended with an error by the worker that adopted
      // it. The bound (leases expire after 3 s) only turns a hang into a list of the stuck ones.
      const settled = (client: ChatClient, conversationId: string): boolean => {
        const status = replyOf(client, conversationId)?.status;
        return status !== undefined && status !== 'pending' && status !== 'streaming';
      };
      let bound: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all(clients.map(({ client, conversationId }) => until(client, () => settled(client, conversationId)))),
        new Promise((resolve) => (bound = setTimeout(resolve, SETTLE_BOUND_MS))),
      ]);
      clearTimeout(bound);
      const stuck = clients
        .filter(({ client, conversationId }) => !settled(client, conversationId))
        .map(({ client, conversationId }) => `${conversationId}: ${replyOf(client, conversationId)?.status ?? 'no reply'}`);
      expect(stuck).toEqual([]);
      const outcomes = new Map<string, number>();
      for (const { client, token, conversationId } of clients) {
        const shown = replyOf(client, conversationId)!;
        const stored = (await serverHistory(url, token, conversationId)).find((message) => message.role === 'assistant');
        expect({ id: shown.id, status: shown.status, text: shown.text }).toEqual({ id: stored?.id, status: stored?.status, text: stored?.text });
        outcomes.set(shown.status, (outcomes.get(shown.status) ?? 0) + 1);
      }
      expect([...outcomes.keys()].every((status) => status === 'complete' || status === 'error')).toBe(true);
      console.log(`[chaos] worker ${victim} killed (seed ${seed}): replies ${JSON.stringify(Object.fromEntries(outcomes))}`);
    } finally {
      for (const { client } of clients) client.dispose();
      expect(await run.stop()).toBe(0);
    }
  }, 90_000);
});
