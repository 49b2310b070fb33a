import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServerFrame, type ServerFrame } from '@rejoin/core';
import { canonicalHistory, startReferenceServer } from './support/referenceServer.ts';
import { assistantOf, createNodeClient, TOKEN_B, waitFor } from './support/nodeClient.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('bad frames from one client', () => {
  it('get error frames while another client keeps streaming', async () => {
    const reference = await startReferenceServer({ tokensPerSecond: 60 });
    cleanups.push(() => reference.server.close());
    const { client } = createNodeClient({ url: reference.url });
    cleanups.push(() => client.dispose());
    client.send('keep streaming while someone misbehaves');
    const conversationId = client.getSnapshot().context.openConversationId!;
    await waitFor(client, () => (assistantOf(client, conversationId)?.seq ?? 0) >= 2, 'the reply to start');

    const rogue = new WebSocket(reference.url);
    cleanups.push(() => rogue.close());
    const answers: ServerFrame[] = [];
    rogue.on('message', (data) => {
      const parsed = parseServerFrame(data.toString());
      if (parsed.ok) answers.push(parsed.frame);
    });
    await new Promise((resolve) => rogue.once('open', resolve));
    rogue.send(JSON.stringify({ type: 'hello', v: 1, clientId: 'rogue', token: TOKEN_B, cursors: [] }));
    const garbage = ['{not json', JSON.stringify({ type: 'teleport' }), JSON.stringify({ type: 'send', conversationId: 'x' }), JSON.stringify({ type: 'ping', t: 1, v: 7 })];
    for (const frame of garbage) rogue.send(frame);
    const deadline = Date.now() + 5_000;
    while (answers.filter((f) => f.type === 'error').length < garbage.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const codes = answers.flatMap((f) => (f.type === 'error' ? [f.code] : []));
    expect(codes).toEqual(['bad_frame', 'bad_frame', 'bad_frame', 'unsupported_version']);

    await waitFor(client, () => assistantOf(client, conversationId)?.status === 'complete', 'the other reply to finish', 15_000);
    const history = await canonicalHistory(reference.stores, conversationId);
    expect(assistantOf(client, conversationId)!.text).toBe(history.find((m) => m.role === 'assistant')!.text);
  });
});
