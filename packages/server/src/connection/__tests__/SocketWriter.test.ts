import type { ServerFrame } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import * as ws from 'ws';
import { FlushScheduler } from '../FlushScheduler.ts';
import { type DeliveryInterceptor, SocketWriter } from '../SocketWriter.ts';

/**
 * The part of a ws socket the writer uses, and the TCP socket under it, whose writes are decoded
 * by `ws`'s own receiver: each write is one system call, holding the messages listed for it.
 */
function fakeSocket() {
  const writes: string[][] = [];
  const receiver = new Receiver({ isServer: false });
  let decoded: string[] = [];
  receiver.on('message', (data: Buffer, isBinary: boolean) => decoded.push(isBinary ? '(binary)' : data.toString()));
  const transport = {
    /** Bytes each write adds to the send buffer, as if the client read nothing. */
    bufferedPerWrite: 0,
    write(data: Buffer) {
      decoded = [];
      receiver.write(data);
      writes.push(decoded);
      socket.bufferedAmount += this.bufferedPerWrite;
      return true;
    },
  };
  const socket = {
    OPEN: 1 as const,
    readyState: 1 as 0 | 1 | 2 | 3,
    bufferedAmount: 0,
  };
  return {
    socket,
    transport,
    writes,
    /** Every message written so far, in order. */
    get sent(): string[] {
      return writes.flat();
    },
  };
}

// ws exports its Receiver (a Writable that parses frames), which @types/ws does not declare.
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean }) => EventEmitter & { write(data: Buffer): boolean };
};

const pong = (t: number): ServerFrame => ({ type: 'pong', t });
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function writerFor(
  fake: ReturnType<typeof fakeSocket>,
  options: { maxBufferedBytes?: number; onOverflow?: (bytes: number) => void; intercept?: DeliveryInterceptor } = {},
) {
  return new SocketWriter(fake.socket, {
    maxBufferedBytes: options.maxBufferedBytes ?? 1_000_000,
    onOverflow: options.onOverflow ?? (() => {}),
    scheduler: new FlushScheduler(),
    transport: fake.transport,
    ...(options.intercept === undefined ? {} : { intercept: options.intercept }),
  });
}

describe('SocketWriter', () => {
  it('writes the frames sent within one turn of the event loop together, in one system call, in order', async () => {
    const fake = fakeSocket();
    const writer = writerFor(fake);
    writer.send(pong(1));
    writer.send(pong(2));
    writer.send(pong(3));
    expect(fake.sent).toEqual([]);
    await nextTurn();
    expect(fake.sent).toEqual(['{"type":"pong","t":1}', '{"type":"pong","t":2}', '{"type":"pong","t":3}']);
    expect(fake.writes).toHaveLength(1);
  });

  it('frames texts of every size and script so that a WebSocket client reads them back unchanged', async () => {
    const fake = fakeSocket();
    const writer = writerFor(fake);
    const texts = ['', 'é', 'x'.repeat(125), 'y'.repeat(126), 'z'.repeat(65_535), '€'.repeat(30_000), '🙂'.repeat(20_000)];
    for (const text of texts) writer.send(pong(0), text);
    await nextTurn();
    expect(fake.writes).toHaveLength(1);
    expect(fake.sent).toEqual(texts);
  });

  it('sends the encoding it is given instead of encoding the frame again', async () => {
    const fake = fakeSocket();
    const writer = writerFor(fake);
    writer.send(pong(1), 'already encoded');
    await nextTurn();
    expect(fake.sent).toEqual(['already encoded']);
  });

  it('writes at once on flush, so a close can follow the frames sent before it', () => {
    const fake = fakeSocket();
    const writer = writerFor(fake);
    writer.send(pong(1));
    writer.flush();
    expect(fake.sent).toEqual(['{"type":"pong","t":1}']);
  });

  it('reports a client whose queued frames and send buffer together pass the bound, and drops what it queued', async () => {
    const fake = fakeSocket();
    const overflows: number[] = [];
    // Each pong is 21 bytes of JSON.
    const writer = writerFor(fake, { maxBufferedBytes: 50, onOverflow: (bytes) => overflows.push(bytes) });
    writer.send(pong(1));
    writer.send(pong(2));
    expect(overflows).toEqual([]);
    fake.socket.bufferedAmount = 10;
    writer.send(pong(3));
    expect(overflows).toEqual([73]);
    await nextTurn();
    expect(fake.sent).toEqual([]);
  });

  it('reports a client whose send buffer passes the bound once its frames are written', async () => {
    const fake = fakeSocket();
    fake.transport.bufferedPerWrite = 600;
    const overflows: number[] = [];
    const writer = writerFor(fake, { maxBufferedBytes: 1000, onOverflow: (bytes) => overflows.push(bytes) });
    writer.send(pong(1));
    await nextTurn();
    expect(overflows).toEqual([]);
    writer.send(pong(2));
    await nextTurn();
    expect(overflows).toEqual([1200]);
  });

  it('writes nothing once the socket is no longer open', async () => {
    const fake = fakeSocket();
    const writer = writerFor(fake);
    writer.send(pong(1));
    fake.socket.readyState = 2;
    writer.send(pong(2));
    await nextTurn();
    expect(fake.sent).toEqual([]);
  });

  it('lets an interceptor decide how each frame is delivered, handing it the same deliver function every time', async () => {
    const fake = fakeSocket();
    const delivers = new Set<unknown>();
    const writer = writerFor(fake, {
      intercept: (frame, deliver) => {
        delivers.add(deliver);
        deliver(frame);
        deliver(frame);
      },
    });
    writer.send(pong(7));
    writer.send(pong(8), 'ignored: the interceptor may deliver other frames');
    await nextTurn();
    expect(fake.sent).toEqual(['{"type":"pong","t":7}', '{"type":"pong","t":7}', '{"type":"pong","t":8}', '{"type":"pong","t":8}']);
    expect(delivers.size).toBe(1);
  });
});
