import { randomUUID } from 'node:crypto';
import type { ServerFrame } from '@rejoin/core/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksOf, frameOf } from '../../src/testing/frameMatchers.ts';
import { createTestToken, TestClient } from '../../src/testing/TestClient.ts';
import { redisUrl } from '../redis/support/redisForTests.ts';
import { bundleCli, freePort, runCli } from './support/cliProcess.ts';

let cli: Awaited<ReturnType<typeof bundleCli>>;
beforeAll(async () => {
  cli = await bundleCli();
});
afterAll(() => cli.remove());

/** The chunk seqs a client received for `messageId`, and how its stream ended. */
async function followToEnd(client: TestClient, messageId: string) {
  const end = await client.next(frameOf('message_end', { messageId }), 20_000);
  return { seqs: chunksOf(client.frames, messageId).map((chunk) => chunk.seq), end };
}

const consecutive = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('rejoin-server --workers', () => {
  it('refuses more than one worker without Redis, saying why', async () => {
    const { REDIS_URL: _ignored, REDIS_CLUSTER_URLS: _ignoredToo, ...env } = process.env;
    const run = runCli(cli.path, ['--port', '0', '--workers', '2'], env);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/^\[rejoin\] 2 workers need stores they can share.*Redis/);
  });

  it('serves one port from two workers on Redis: a reply resumes on either, and a killed worker is replaced and its reply ends explicitly', async () => {
    const port = await freePort();
    const run = runCli(cli.path, ['--port', String(port), '--workers', '2', '--redis', redisUrl(), '--rate', '20'], {
      ...process.env,
      REJOIN_LOG: 'silent',
    });
    const clients: TestClient[] = [];
    try {
      const started = await run.lines(/^Rejoin server worker (\d+) listening on (\S+)$/, 2);
      const pids = started.map((match) => Number(match[1]));
      expect(new Set(pids).size).toBe(2);
      const url = started[0]![2]!;
      const token = createTestToken();
      const conversationId = `workers-${randomUUID()}`;

      const { client: writer } = await TestClient.join(url, { token });
      clients.push(writer);
      writer.send({ type: 'send', conversationId, messageId: 'q1', text: 'Tell me about processes sharing a port.' });
      const start = await writer.next(frameOf('message_start'), 10_000);
      await writer.next(frameOf('chunk', { messageId: start.messageId, seq: 3 }), 10_000);
      await writer.close();

      // The primary hands connections to the workers in turn: of two in a row, one lands on each.
      const cursor = { conversationId, messageId: start.messageId, lastSeq: 3 };
      const resumed = await Promise.all(
        [0, 1].map(async () => {
          const { client } = await TestClient.join(url, { token, cursors: [cursor] });
          clients.push(client);
          return client;
        }),
      );
      const followed = await Promise.all(resumed.map((client) => followToEnd(client, start.messageId)));
      for (const { seqs, end } of followed) {
        expect(end.finishReason).toBe('complete');
        expect(seqs).toEqual(consecutive(4, end.lastSeq));
      }
      const texts = resumed.map((client) => chunksOf(client.frames, start.messageId).map((chunk) => chunk.text).join(''));
      expect(texts[0]).toBe(texts[1]);

      // Kill one worker mid-reply: whichever was generating, the reply ends (complete, or error once
      // the other worker adopts it), and the primary starts a third worker.
      const { client: asker } = await TestClient.join(url, { token });
      clients.push(asker);
      asker.send({ type: 'send', conversationId, messageId: 'q2', text: 'And when one of them dies?' });
      const second = await asker.next(frameOf('message_start', { replyTo: 'q2' }), 10_000);
      await asker.next(frameOf('chunk', { messageId: second.messageId, seq: 2 }), 10_000);
      process.kill(pids[0]!, 'SIGKILL');
      const replaced = await run.lines(/^Rejoin server worker (\d+) listening on/, 3);
      expect(pids).not.toContain(Number(replaced[2]![1]));
      const seen = chunksOf(asker.frames, second.messageId).length;
      const { client: after } = await TestClient.join(url, {
        token,
        cursors: [{ conversationId, messageId: second.messageId, lastSeq: seen }],
      });
      clients.push(after);
      const { seqs, end } = await followToEnd(after, second.messageId);
      expect(['complete', 'error']).toContain(end.finishReason);
      expect(seqs).toEqual(consecutive(seen + 1, end.lastSeq));
      expect(after.frames.some((frame: ServerFrame) => frame.type === 'error')).toBe(false);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      expect(await run.stop()).toBe(0);
    }
  });
});
