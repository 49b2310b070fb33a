import type { ClientFrame, ErrorFrame } from '@rejoin/core/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeOwner } from '../../auth/Authorize.ts';
import { frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { TestClient } from '../../testing/TestClient.ts';

let harness: TestServer;
let alice: TestClient;
let bob: TestClient;
let aliceStream: string;

beforeAll(async () => {
  harness = await startTestServer();
  ({ client: alice } = await TestClient.join(harness.url));
  ({ client: bob } = await TestClient.join(harness.url));
  alice.send({ type: 'send', conversationId: 'alice-conv', messageId: 'a-1', text: 'Private question' });
  aliceStream = (await alice.next(frameOf('message_start'))).messageId;
});

afterAll(async () => {
  await Promise.all([alice.close(), bob.close()]);
  await harness.close();
});

/** The error a frame gets (frames are answered in order, and each test reads every error it causes). */
function errorFor(client: TestClient, frame: ClientFrame): Promise<ErrorFrame> {
  client.send(frame);
  return client.next(frameOf('error'));
}

/** The same error with its conversation id set aside: what a stranger could compare. */
function withoutConversation({ conversationId: _, ...rest }: ErrorFrame): Omit<ErrorFrame, 'conversationId'> {
  return rest;
}

describe('authorization', () => {
  it.each([
    ['load', (conversationId: string): ClientFrame => ({ type: 'load', conversationId })],
    ['subscribe', (conversationId: string): ClientFrame => ({ type: 'subscribe', conversationId, messageId: 'as-any', lastSeq: 0 })],
    ['stop', (conversationId: string): ClientFrame => ({ type: 'stop', conversationId })],
  ])("answers a %s of another user's conversation exactly as one of a conversation that does not exist", async (_, frameFor) => {
    const refused = await errorFor(bob, frameFor('alice-conv'));
    const missing = await errorFor(bob, frameFor('nobody-conv'));
    expect(refused).toEqual({ type: 'error', code: 'not_found', message: 'No such conversation.', conversationId: 'alice-conv' });
    expect(withoutConversation(refused)).toEqual(withoutConversation(missing));
    expect(missing.conversationId).toBe('nobody-conv');
  });

  it("answers a subscribe to another user's stream not_found, naming no stream", async () => {
    const refused = await errorFor(bob, { type: 'subscribe', conversationId: 'alice-conv', messageId: aliceStream, lastSeq: 0 });
    expect(refused).toEqual({ type: 'error', code: 'not_found', message: 'No such conversation.', conversationId: 'alice-conv' });
  });

  it("refuses to send into another user's conversation with not_found naming the message, and stores nothing", async () => {
    const refused = await errorFor(bob, { type: 'send', conversationId: 'alice-conv', messageId: 'b-1', text: 'Intrusion' });
    expect(refused).toEqual({
      type: 'error',
      code: 'not_found',
      message: 'No such conversation.',
      conversationId: 'alice-conv',
      messageId: 'b-1',
    });
    const history = await harness.server.stores.conversations.history('alice-conv');
    expect(history.map((message) => message.id)).not.toContain('b-1');
  });

  it("refuses to stop another user's generation, which then completes", async () => {
    bob.send({ type: 'stop', conversationId: 'alice-conv' });
    expect(await bob.next(frameOf('error'))).toMatchObject({ code: 'not_found' });
    expect(await alice.next(frameOf('message_end', { messageId: aliceStream }))).toMatchObject({
      finishReason: 'complete',
    });
  });

  it("tells a stranger who loaded another user's conversation nothing of its next reply", async () => {
    const { client: stranger } = await TestClient.join(harness.url);
    stranger.send({ type: 'load', conversationId: 'alice-conv' });
    await stranger.next(frameOf('error', { code: 'not_found' }));
    alice.send({ type: 'send', conversationId: 'alice-conv', messageId: 'a-2', text: 'Still private' });
    const start = await alice.next(frameOf('message_start', { replyTo: 'a-2' }));
    await alice.next(frameOf('message_end', { messageId: start.messageId }));
    // The reply has ended for its owner; a round trip puts the stranger's socket past it too.
    stranger.send({ type: 'ping', t: 1 });
    await stranger.next(frameOf('pong', { t: 1 }));
    expect(stranger.frames.filter((frame) => 'conversationId' in frame && frame.conversationId === 'alice-conv')).toEqual([
      expect.objectContaining({ type: 'error', code: 'not_found' }),
    ]);
    await stranger.close();
  });

  it("reports another user's cursor as lost and never lists their conversations or streams", async () => {
    const token = 'bob-token-000000000000';
    const { client, welcome } = await TestClient.join(harness.url, {
      token,
      cursors: [{ conversationId: 'alice-conv', messageId: aliceStream, lastSeq: 0 }],
    });
    expect(welcome.lostStreams).toEqual([{ conversationId: 'alice-conv', messageId: aliceStream, lastSeq: 0 }]);
    expect(welcome.activeStreams).toEqual([]);
    client.send({ type: 'list' });
    expect((await client.next(frameOf('conversations'))).conversations).toEqual([]);
    // Nothing of Alice's stream was replayed.
    expect(client.frames.filter((frame) => frame.type === 'chunk')).toEqual([]);
    await client.close();
  });

  it('lists the owner their own conversation, titled by its first message', async () => {
    alice.send({ type: 'list' });
    const list = await alice.next(frameOf('conversations'));
    expect(list.conversations).toEqual([
      // Two exchanges: the first, and the one the stranger was not told about.
      expect.objectContaining({ conversationId: 'alice-conv', title: 'Private question', messageCount: 4 }),
    ]);
  });

  it('refuses a hello without a valid token with a fatal unauthorized and closes with 1008', async () => {
    const client = await TestClient.connect(harness.url);
    client.send({ type: 'hello', v: 1, clientId: 'no-token', cursors: [] });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'unauthorized', fatal: true });
    expect((await client.closed).code).toBe(1008);
  });

  it('drops the frames sent right after a refused hello, answering none of them', async () => {
    const client = await TestClient.connect(harness.url);
    client.send({ type: 'hello', v: 1, clientId: 'eager', token: 'too-short', cursors: [] });
    client.send({ type: 'list' });
    client.send({ type: 'load', conversationId: 'alice-conv' });
    expect((await client.closed).code).toBe(1008);
    expect(client.frames).toEqual([expect.objectContaining({ type: 'error', code: 'unauthorized', fatal: true })]);
  });
});

describe('authorization path', () => {
  it('runs the authorization rule for a conversation that does not exist as for one it refuses, so both take one path', async () => {
    const calls: string[] = [];
    const own = await startTestServer({
      authorize: (input) => {
        calls.push(`${input.action} ${input.conversation === null ? 'missing' : 'existing'}`);
        return authorizeOwner(input);
      },
    });
    const [{ client: owner }, { client: stranger }] = await Promise.all([TestClient.join(own.url), TestClient.join(own.url)]);
    try {
      owner.send({ type: 'send', conversationId: 'owned', messageId: 'o-1', text: 'Mine' });
      await owner.next(frameOf('ack'));
      calls.length = 0;
      for (const conversationId of ['owned', 'missing']) {
        stranger.send({ type: 'stop', conversationId });
        await stranger.next(frameOf('error', { code: 'not_found', conversationId }));
      }
      expect(calls).toEqual(['stop existing', 'stop missing']);

      // hello cursors too: both are lost, and the rule ran for each.
      calls.length = 0;
      const ownerStream = (await owner.next(frameOf('message_start'))).messageId;
      const cursors = [
        { conversationId: 'owned', messageId: ownerStream, lastSeq: 0 },
        { conversationId: 'missing', messageId: 'as-missing', lastSeq: 0 },
      ];
      const { client: late, welcome } = await TestClient.join(own.url, { cursors });
      await late.close();
      expect(welcome.lostStreams).toEqual(cursors);
      expect(calls.sort()).toEqual(['subscribe existing', 'subscribe missing']);
    } finally {
      await Promise.all([owner.close(), stranger.close()]);
      await own.close();
    }
  });
});
