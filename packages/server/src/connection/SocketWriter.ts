import type { ServerFrame } from '@rejoin/core/protocol';
import type WebSocket from 'ws';
import { encodeFrame } from '../protocol/coreProtocol.ts';
import type { Flushable, FlushScheduler } from './FlushScheduler.ts';
import { textFrameHeaderBytes, writeTextFrame } from './textFrame.ts';

/**
 * A seam between a connection and its socket: receives every frame the server sends and decides
 * how it reaches the socket. The default delivers each frame once, in order. Meant for a test-only
 * chaos mode that duplicates, drops or reorders deliveries to prove clients cope; never for
 * production.
 */
export type DeliveryInterceptor = (frame: ServerFrame, deliver: (frame: ServerFrame) => void) => void;

/** The part of a `ws` WebSocket the writer uses: its state and its send buffer. */
export type FrameSocket = Pick<WebSocket, 'readyState' | 'OPEN' | 'bufferedAmount'>;

/** The TCP socket under the WebSocket (the upgraded request's socket): the frames are written to it. */
export interface FrameTransport {
  write(data: Buffer): boolean;
}

export interface SocketWriterOptions {
  /** Bytes that may wait, queued here or in the socket's send buffer, before `onOverflow`. */
  readonly maxBufferedBytes: number;
  /** Called with the bytes waiting when they pass `maxBufferedBytes`; the writer drops what it queued. */
  readonly onOverflow: (bufferedBytes: number) => void;
  /** Decides when queued frames are written (once per turn of the event loop). */
  readonly scheduler: FlushScheduler;
  /** The TCP socket under `socket`, which the frames are written to. */
  readonly transport: FrameTransport;
  readonly intercept?: DeliveryInterceptor;
}

/**
 * Writes frames to one socket. Frames are queued and written together once per turn of the event
 * loop (see `FlushScheduler`), in the order they were sent, so a connection that receives several
 * frames within a turn (a replay, a reply catching up, an `ack` with its `message_start`) costs
 * one system call, not one each.
 *
 * A turn's frames are framed into one buffer (`writeTextFrame`) and written to the TCP socket in
 * one call: through `ws`'s `send`, each message costs a header, an options object and two socket
 * writes, which at thousands of sockets with one chunk each per turn was a third of the writing.
 * `ws` itself never queues a frame here (the server negotiates no compression, so its sender
 * writes synchronously), so its own frames (close, ping) and these stay in order.
 *
 * What may wait is bounded: a client that reads slower than the server writes is dropped (it
 * resumes from its cursor on reconnect) once its queued frames plus its socket's send buffer pass
 * `maxBufferedBytes`, instead of making the server buffer without limit.
 */
export class SocketWriter implements Flushable {
  private pending: string[] = [];
  /** The UTF-8 length of each pending frame, measured once for the bound and reused to frame it. */
  private pendingLengths: number[] = [];
  private pendingBytes = 0;
  private queued = false;
  private readonly maxBufferedBytes: number;
  private readonly onOverflow: (bufferedBytes: number) => void;
  private readonly scheduler: FlushScheduler;
  private readonly transport: FrameTransport;
  private readonly intercept: DeliveryInterceptor | undefined;
  /** Stable for the socket's life: the chaos interceptor keys its per-socket state on it. */
  private readonly deliverIntercepted = (frame: ServerFrame): void => this.enqueue(encodeFrame(frame));

  constructor(
    private readonly socket: FrameSocket,
    options: SocketWriterOptions,
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes;
    this.onOverflow = options.onOverflow;
    this.scheduler = options.scheduler;
    this.transport = options.transport;
    this.intercept = options.intercept;
  }

  /**
   * Queues a frame. `text` is its encoding when the caller has it already (a chunk shared by every
   * follower of a stream is encoded once); an interceptor, which may deliver other frames, makes
   * the writer encode what it delivers.
   */
  send(frame: ServerFrame, text?: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.intercept === undefined) this.enqueue(text ?? encodeFrame(frame));
    else this.intercept(frame, this.deliverIntercepted);
  }

  /** Writes what is queued now; used before a close, which must follow the frames sent before it. */
  flush(): void {
    this.queued = false;
    const frames = this.pending;
    const lengths = this.pendingLengths;
    const payloadBytes = this.pendingBytes;
    this.pending = [];
    this.pendingLengths = [];
    this.pendingBytes = 0;
    if (frames.length === 0 || this.socket.readyState !== this.socket.OPEN) return;
    let headerBytes = 0;
    for (const length of lengths) headerBytes += textFrameHeaderBytes(length);
    const batch = Buffer.allocUnsafe(headerBytes + payloadBytes);
    let offset = 0;
    for (let index = 0; index < frames.length; index++) offset = writeTextFrame(batch, offset, frames[index] as string, lengths[index] as number);
    this.transport.write(batch);
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.maxBufferedBytes) this.onOverflow(buffered);
  }

  private enqueue(text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const length = Buffer.byteLength(text);
    this.pending.push(text);
    this.pendingLengths.push(length);
    this.pendingBytes += length;
    const waiting = this.pendingBytes + this.socket.bufferedAmount;
    if (waiting > this.maxBufferedBytes) {
      this.pending = [];
      this.pendingLengths = [];
      this.pendingBytes = 0;
      this.onOverflow(waiting);
      return;
    }
    if (!this.queued) {
      this.queued = true;
      this.scheduler.schedule(this);
    }
  }
}
