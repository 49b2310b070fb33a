import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksOf, expectedReply, frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { TestClient } from '../../testing/TestClient.ts';

let harness: TestServer;
let bystander: TestClient;
let bystanderStream: string;
/** The server's clock: rate-limit buckets refill only when a test moves it, never while a busy machine dawdles. */
let clock = 1_767_225_600_000;

beforeAll(async () => {
  harness = await startTestServer({
    limits: { maxFrameBytes: 4096, maxMessageChars: 100, burstFrames: 30, framesPerSecond: 10 },
    now: () => clock,
  });
  // Another client streams a reply the whole time: nothing below may disturb it.
  ({ client: bystander } = await TestClient.join(harness.url));
  bystander.send({ type: 'send', conversationId: 'calm', messageId: 'calm-1', text: 'Stay calm' });
  bystanderStream = (await bystander.next(frameOf('message_start'))).messageId;
});

afterAll(async () => {
  await bystander.close();
  await harness.close();
});

/** A `list` frame of exactly `bytes` UTF-8 bytes, padded with an unknown field. */
function listOfBytes(bytes: number): string {
  const bare = JSON.stringify({ type: 'list', pad: '' });
  return JSON.stringify({ type: 'list', pad: 'x'.repeat(bytes - bare.length) });
}

/** A joined client, and a check that its connection is still usable. */
async function joinTroublemaker(): Promise<{ client: TestClient; stillOpen: () => Promise<void> }> {
  const { client } = await TestClient.join(harness.url);
  let t = 0;
  const stillOpen = async (): Promise<void> => {
    t += 1;
    client.send({ type: 'ping', t });
    await client.next(frameOf('pong', { t }));
  };
  return { client, stillOpen };
}

describe('refusing bad frames', () => {
  it.each([
    ['text that is not JSON', '{"type":"ping",', 'bad_frame'],
    ['a JSON value that is not an object', '[1,2,3]', 'bad_frame'],
    ['an unknown frame type', '{"type":"typing","conversationId":"calm"}', 'bad_frame'],
    ['a field of the wrong type', '{"type":"load","conversationId":"../../etc/passwd"}', 'bad_frame'],
    ['a frame over maxFrameBytes', JSON.stringify({ type: 'list', pad: 'x'.repeat(5000) }), 'frame_too_large'],
  ])('answers %s with %s and keeps the connection open', async (_, raw, code) => {
    const { client, stillOpen } = await joinTroublemaker();
    client.sendRaw(raw);
    expect(await client.next(frameOf('error'))).toMatchObject({ code });
    expect(client.frames.find((frame) => frame.type === 'error')).not.toHaveProperty('fatal', true);
    await stillOpen();
    await client.close();
  });

  it('counts the frame limit in UTF-8 bytes: 2,000 euro signs are 6,000 bytes, over 4,096', async () => {
    const { client, stillOpen } = await joinTroublemaker();
    const raw = JSON.stringify({ type: 'list', pad: '€'.repeat(2000) });
    expect(raw.length).toBeLessThan(4096);
    client.sendRaw(raw);
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'frame_too_large' });
    expect(client.frames.some((frame) => frame.type === 'conversations')).toBe(false);
    await stillOpen();
    await client.close();
  });

  it('answers frame_too_large up to the hard cap of 4 x maxFrameBytes bytes, and keeps the connection open', async () => {
    const { client, stillOpen } = await joinTroublemaker();
    client.sendRaw(listOfBytes(4 * 4096));
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'frame_too_large' });
    await stillOpen();
    await client.close();
  });

  it('closes with 1009 and no error frame for a message over the hard cap', async () => {
    const { client } = await joinTroublemaker();
    const mark = client.mark();
    client.sendRaw(listOfBytes(4 * 4096 + 1));
    expect((await client.closed).code).toBe(1009);
    expect(client.since(mark)).toEqual([]);
  });

  it('closes with 1007 and no error frame for a text message that is not UTF-8, as RFC 6455 asks', async () => {
    const { client } = await joinTroublemaker();
    const mark = client.mark();
    client.socket.send(Buffer.from([0x7b, 0xff, 0x7d]), { binary: false });
    expect((await client.closed).code).toBe(1007);
    expect(client.since(mark)).toEqual([]);
  });

  it('answers a binary message with bad_frame', async () => {
    const { client, stillOpen } = await joinTroublemaker();
    client.sendRaw(Buffer.from('{"type":"list"}'));
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'bad_frame' });
    await stillOpen();
    await client.close();
  });

  it('answers a hello of another protocol version with a fatal unsupported_version and closes with 1008', async () => {
    const client = await TestClient.connect(harness.url);
    client.sendRaw(JSON.stringify({ type: 'hello', v: 3, clientId: 'future', cursors: [] }));
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'unsupported_version', fatal: true });
    expect((await client.closed).code).toBe(1008);
  });

  it('answers a second hello with bad_frame', async () => {
    const { client, stillOpen } = await joinTroublemaker();
    client.send({ type: 'hello', v: 1, clientId: 'again', token: 'aaaaaaaaaaaaaaaaaaaa', cursors: [] });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'bad_frame' });
    await stillOpen();
    await client.close();
  });

  it('answers a malformed frame before hello with bad_frame, not handshake_required, and still lets the client join', async () => {
    const client = await TestClient.connect(harness.url);
    client.sendRaw('{"type":"list"');
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'bad_frame' });
    client.sendRaw('{"type":"typing"}');
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'bad_frame' });
    await client.hello();
    expect(client.frames.filter((frame) => frame.type === 'error').map((frame) => frame.type === 'error' && frame.code)).toEqual([
      'bad_frame',
      'bad_frame',
    ]);
    await client.close();
  });

  it('handles frames sent right after hello once the welcome is out, without handshake_required', async () => {
    const client = await TestClient.connect(harness.url);
    client.send({ type: 'hello', v: 1, clientId: 'eager', token: 'eager-token-0000000000', cursors: [] });
    client.send({ type: 'list' });
    await client.next(frameOf('conversations'));
    expect(client.frames.map((frame) => frame.type)).toEqual(['welcome', 'conversations']);
    await client.close();
  });

  it('answers frames before hello with handshake_required, but pings with pong', async () => {
    const client = await TestClient.connect(harness.url);
    client.send({ type: 'list' });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'handshake_required' });
    client.send({ type: 'stop', conversationId: 'early', messageId: 'early-reply' });
    expect(await client.next(frameOf('error'))).toEqual({
      type: 'error',
      code: 'handshake_required',
      message: expect.any(String),
      conversationId: 'early',
      messageId: 'early-reply',
    });
    client.send({ type: 'ping', t: 42 });
    await client.next(frameOf('pong', { t: 42 }));
    await client.hello();
    client.send({ type: 'list' });
    await client.next(frameOf('conversations'));
    await client.close();
  });

  it('refuses a message longer than maxMessageChars, counted in code points, and stores nothing', async () => {
    const { client } = await joinTroublemaker();
    client.send({ type: 'send', conversationId: 'long', messageId: 'too-long', text: 'x'.repeat(101) });
    expect(await client.next(frameOf('error'))).toMatchObject({
      code: 'message_too_long',
      conversationId: 'long',
      messageId: 'too-long',
    });
    expect(await harness.server.stores.conversations.get('long')).toBeNull();

    // 100 emoji are 200 UTF-16 code units but 100 code points: within the limit.
    client.send({ type: 'send', conversationId: 'long', messageId: 'emoji', text: '😀'.repeat(100) });
    expect(await client.next(frameOf('ack', { messageId: 'emoji' }))).toMatchObject({ duplicate: false });
    await client.close();
  });

  it('answers a flood with rate_limited and a retry delay, and serves the client again later', async () => {
    const { client, stillOpen } = await joinTroublemaker();
    for (let index = 0; index < 60; index++) client.send({ type: 'ping', t: 1000 + index });
    await client.until((frames) => frames.filter((frame) => frame.type === 'pong' || frame.type === 'error').length === 60);
    const limited = client.frames.filter((frame) => frame.type === 'error');
    expect(limited.length).toBe(31); // hello and 60 pings against a burst of 30
    for (const error of limited) {
      expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    }
    const retryAfterMs = Math.max(...limited.map((error) => (error.type === 'error' ? error.retryAfterMs ?? 0 : 0)));
    expect(retryAfterMs).toBeGreaterThan(0);
    // No time has passed on the server's clock: still limited.
    client.send({ type: 'ping', t: 999 });
    await client.until((frames) => frames.filter((frame) => frame.type === 'error').length === limited.length + 1);
    expect(client.frames.some((frame) => frame.type === 'pong' && frame.t === 999)).toBe(false);
    clock += retryAfterMs;
    await stillOpen();
    await client.close();
  });

  it('names the refused message in a rate_limited error about a send', async () => {
    const { client } = await joinTroublemaker();
    for (let index = 0; index < 40; index++) client.send({ type: 'ping', t: index });
    client.send({ type: 'send', conversationId: 'flood', messageId: 'flooded', text: 'hi' });
    expect(await client.next(frameOf('error', { messageId: 'flooded' }))).toMatchObject({
      code: 'rate_limited',
      conversationId: 'flood',
    });
    await client.close();
  });

  it("never disturbed the other client's stream", async () => {
    const end = await bystander.next(frameOf('message_end', { messageId: bystanderStream }));
    const chunks = chunksOf(bystander.frames, bystanderStream);
    expect(end.finishReason).toBe('complete');
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index + 1));
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(expectedReply('Stay calm'));
    expect(bystander.frames.some((frame) => frame.type === 'error')).toBe(false);
  });
});
