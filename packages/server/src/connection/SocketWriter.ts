import type { ServerFrame } from '@rejoin/core/protocol';
import type WebSocket from 'ws';
import { encodeFrame } from '../protocol/coreProtocol.ts';

/**
 * A seam between a connection and its socket: receives every frame the server sends and decides
 * how it reaches the socket. The default delivers each frame once, in order. Meant for a test-only
 * chaos mode that duplicates, drops or reorders deliveries to prove clients cope; never for
 * production.
 */
export type DeliveryInterceptor = (frame: ServerFrame, deliver: (frame: ServerFrame) => void) => void;

/**
 * Writes frames to one socket, with a bound on what may wait in its send buffer: a client that
 * reads slower than the server writes is dropped (it resumes from its cursor on reconnect)
 * instead of making the server buffer without limit.
 */
export class SocketWriter {
  private readonly deliver: (frame: ServerFrame) => void;

  constructor(
    private readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: (bufferedBytes: number) => void,
    intercept?: DeliveryInterceptor,
  ) {
    const write = (frame: ServerFrame): void => this.write(frame);
    this.deliver = intercept === undefined ? write : (frame) => intercept(frame, write);
  }

  send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.deliver(frame);
  }

  private write(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encodeFrame(frame));
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.maxBufferedBytes) this.onOverflow(buffered);
  }
}
