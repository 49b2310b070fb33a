import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultProxy, type FaultProxy } from '../createFaultProxy.ts';
import { startTestServer, type TestServer } from '../startTestServer.ts';
import { TestClient } from '../TestClient.ts';

let server: TestServer;
let proxy: FaultProxy;

async function throughProxy(): Promise<TestClient> {
  server = await startTestServer();
  const { pathname } = new URL(server.url);
  proxy = await createFaultProxy({ target: server.url });
  const { client } = await TestClient.join(`${proxy.url}${pathname}`);
  return client;
}

afterEach(async () => {
  await proxy?.close();
  await server?.close();
});

describe('the fault proxy', () => {
  it('forwards the protocol both ways, path included', async () => {
    const client = await throughProxy();
    client.send({ type: 'ping', t: 42 });
    expect(await client.next((frame) => frame.type === 'pong')).toMatchObject({ type: 'pong', t: 42 });
    expect(proxy.connections).toBe(1);
  });

  it('forwards plain HTTP to the same host, so a page loads through it', async () => {
    await throughProxy();
    const direct = await fetch(server.url.replace('ws:', 'http:').replace(/\/ws$/, '/healthz'));
    const proxied = await fetch(`${proxy.httpUrl}/healthz`);
    expect(proxied.status).toBe(direct.status);
    expect(await proxied.text()).toBe(await direct.text());
  });

  it('drops a connection with the code asked for', async () => {
    const client = await throughProxy();
    proxy.drop(1012, 'restart');
    expect(await client.closed).toEqual({ code: 1012, reason: 'restart' });
  });

  it('cuts a connection mid-frame: an abnormal close, and the partial frame is never a message', async () => {
    const client = await throughProxy();
    const before = client.frames.length + client.invalidFrames.length;
    proxy.cutMidFrame();
    expect((await client.closed).code).toBe(1006);
    expect(client.frames.length + client.invalidFrames.length).toBe(before);
  });

  it('goes half-open: frames vanish without a close, and flow again once it heals', async () => {
    const client = await throughProxy();
    proxy.setHalfOpen(true);
    client.send({ type: 'ping', t: 1 });
    expect(await once(proxy.events, 'vanished')).toEqual([1]);
    // The ping vanished: the server never saw it, so the answer to the next one is the first pong.
    proxy.setHalfOpen(false);
    client.send({ type: 'ping', t: 2 });
    const pong = await client.next((frame) => frame.type === 'pong');
    expect(pong).toMatchObject({ t: 2 });
    expect(client.frames.filter((frame) => frame.type === 'pong')).toHaveLength(1);
  });

  it('delays frames on a slow network, in order', async () => {
    const client = await throughProxy();
    proxy.setDelay(30);
    client.send({ type: 'ping', t: 1 });
    client.send({ type: 'ping', t: 2 });
    await client.until((frames) => frames.filter((frame) => frame.type === 'pong').length === 2);
    expect(client.frames.filter((frame) => frame.type === 'pong').map((frame) => (frame as { t: number }).t)).toEqual([1, 2]);
  });
});
