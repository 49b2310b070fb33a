import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('authorization', () => {
  it("refuses to load another user's conversation with forbidden", async () => {
    bob.send({ type: 'load', conversationId: 'alice-conv' });
    expect(await bob.next(frameOf('error'))).toMatchObject({ code: 'forbidden', conversationId: 'alice-conv' });
  });

  it("refuses to subscribe to another user's stream", async () => {
    bob.send({ type: 'subscribe', conversationId: 'alice-conv', messageId: aliceStream, lastSeq: 0 });
    expect(await bob.next(frameOf('error'))).toMatchObject({ code: 'forbidden' });
  });

  it("refuses to send into another user's conversation and stores nothing", async () => {
    bob.send({ type: 'send', conversationId: 'alice-conv', messageId: 'b-1', text: 'Intrusion' });
    expect(await bob.next(frameOf('error'))).toMatchObject({ code: 'forbidden', conversationId: 'alice-conv' });
    const history = await harness.server.stores.conversations.history('alice-conv');
    expect(history.map((message) => message.id)).not.toContain('b-1');
  });

  it("refuses to stop another user's generation, which then completes", async () => {
    bob.send({ type: 'stop', conversationId: 'alice-conv' });
    expect(await bob.next(frameOf('error'))).toMatchObject({ code: 'forbidden' });
    expect(await alice.next(frameOf('message_end', { messageId: aliceStream }))).toMatchObject({
      finishReason: 'complete',
    });
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
      expect.objectContaining({ conversationId: 'alice-conv', title: 'Private question', messageCount: 2 }),
    ]);
  });

  it('refuses a hello without a valid token with a fatal unauthorized and closes with 1008', async () => {
    const client = await TestClient.connect(harness.url);
    client.send({ type: 'hello', v: 1, clientId: 'no-token', cursors: [] });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'unauthorized', fatal: true });
    expect((await client.closed).code).toBe(1008);
  });
});
