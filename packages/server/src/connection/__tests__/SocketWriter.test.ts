import type { ServerFrame } from '@rejoin/core/protocol';
import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { SocketWriter } from '../SocketWriter.ts';

/** The part of a ws socket the writer uses, with a send buffer the test controls. */
function fakeSocket(bufferedPerSend: number) {
  const sent: string[] = [];
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send(data: string) {
      sent.push(data);
      this.bufferedAmount += bufferedPerSend;
    },
  };
  return { socket: socket as unknown as WebSocket & typeof socket, sent };
}

const pong = (t: number): ServerFrame => ({ type: 'pong', t });

describe('SocketWriter', () => {
  it('reports a client whose send buffer grows past the bound', () => {
    const { socket } = fakeSocket(400);
    const overflows: number[] = [];
    const writer = new SocketWriter(socket, 1000, (buffered) => overflows.push(buffered));
    writer.send(pong(1));
    writer.send(pong(2));
    expect(overflows).toEqual([]);
    writer.send(pong(3));
    expect(overflows).toEqual([1200]);
  });

  it('writes nothing once the socket is no longer open', () => {
    const { socket, sent } = fakeSocket(0);
    const writer = new SocketWriter(socket, 1000, () => {});
    socket.readyState = 2;
    writer.send(pong(1));
    expect(sent).toEqual([]);
  });

  it('lets an interceptor decide how each frame is delivered', () => {
    const { socket, sent } = fakeSocket(0);
    const writer = new SocketWriter(socket, 1000, () => {}, (frame, deliver) => {
      deliver(frame);
      deliver(frame);
    });
    writer.send(pong(7));
    expect(sent).toEqual(['{"type":"pong","t":7}', '{"type":"pong","t":7}']);
  });
});
