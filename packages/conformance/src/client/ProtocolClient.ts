import { parseServerFrame, type ClientFrame, type ServerFrame, type StreamCursor, type WelcomeFrame } from '@rejoin/core/protocol';
import { WebSocket } from 'ws';
import { CaseFailure } from '../suite/CaseFailure.ts';
import type { SectionId } from '../suite/sections.ts';

export interface ClosedSocket {
  readonly code: number;
  readonly reason: string;
  /** When the close arrived (Date.now()), to compare with when the last frame was sent. */
  readonly at: number;
}

export interface HelloOptions {
  readonly token?: string;
  readonly cursors?: readonly StreamCursor[];
  readonly clientId?: string;
  /** The highest protocol version to offer. @default 1 (the v1 cases speak v1) */
  readonly v?: number;
}

/**
 * One raw WebSocket to the server under test. It checks every server frame with core's
 * `parseServerFrame` (a frame the validators refuse is a conformance failure of §3/§19 whatever
 * the case), keeps them in arrival order, and waits for frames by predicate with a deadline, so
 * a case never sleeps: it waits for an event or fails naming what it waited for.
 */
export class ProtocolClient {
  /** Every valid frame received, in order. */
  readonly frames: ServerFrame[] = [];
  /** Messages that were not valid server frames, with the validator's reason. */
  readonly invalidFrames: string[] = [];
  readonly closed: Promise<ClosedSocket>;
  /** When the client last sent something (Date.now()). */
  lastSentAt = Date.now();
  private closedWith: ClosedSocket | null = null;
  private readonly waiters = new Set<() => void>();
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  private pings = 0;

  private constructor(
    private readonly socket: WebSocket,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      // The default limit is the client's (1 MiB): a server MUST NOT send a larger frame (§1).
      const parsed = parseServerFrame(isBinary ? data : text);
      if (parsed.ok) this.frames.push(parsed.frame);
      else this.invalidFrames.push(`${parsed.error.message} (got ${text.slice(0, 200)})`);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString(), at: Date.now() };
        this.stopKeepAlive();
        resolve(this.closedWith);
        this.wake();
      });
    });
    // An 'error' after open always comes with a 'close'; listening keeps it from being thrown.
    socket.on('error', () => undefined);
  }

  static async connect(url: string, timeoutMs: number, headers: Readonly<Record<string, string>> = {}): Promise<ProtocolClient> {
    const socket = new WebSocket(url, { headers: { ...headers } });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CaseFailure('1', `could not open a WebSocket to ${url} within ${timeoutMs} ms`)), timeoutMs);
      socket.once('open', () => (clearTimeout(timer), resolve()));
      socket.once('error', (error) => (clearTimeout(timer), reject(new CaseFailure('1', `could not open a WebSocket to ${url}: ${error.message}`))));
    });
    return new ProtocolClient(socket, timeoutMs);
  }

  get isClosed(): boolean {
    return this.closedWith !== null;
  }

  /** The index the next frame will have: pass it to `waitFor` to look only at what comes after. */
  mark(): number {
    return this.frames.length;
  }

  send(frame: ClientFrame | Record<string, unknown>): void {
    this.sendText(JSON.stringify(frame));
  }

  sendText(text: string): void {
    this.lastSentAt = Date.now();
    this.socket.send(text);
  }

  sendBinary(bytes: Uint8Array): void {
    this.lastSentAt = Date.now();
    this.socket.send(bytes, { binary: true });
  }

  /** Sends `hello` and waits for `welcome` (or fails with the error the server answered). */
  async hello(options: HelloOptions & { readonly section?: SectionId } = {}): Promise<WelcomeFrame> {
    const from = this.mark();
    this.send({
      type: 'hello',
      v: options.v ?? 1,
      clientId: options.clientId ?? 'conformance-suite',
      ...(options.token === undefined ? {} : { token: options.token }),
      cursors: options.cursors ?? [],
    });
    const answer = await this.waitFor(
      options.section ?? '4',
      (frame) => frame.type === 'welcome' || (frame.type === 'error' && frame.fatal === true),
      'welcome in answer to hello',
      from,
    );
    if (answer.type !== 'welcome') {
      throw new CaseFailure(options.section ?? '4', `hello was answered ${JSON.stringify(answer)} instead of welcome`);
    }
    this.startKeepAlive(answer.heartbeatMs);
    return answer;
  }

  /**
   * The first frame at index >= `from` that matches. Fails, naming `section` and `what`, when the
   * socket closes or the deadline passes first.
   */
  waitFor<T extends ServerFrame>(section: SectionId, match: (frame: ServerFrame) => frame is T, what: string, from?: number): Promise<T>;
  waitFor(section: SectionId, match: (frame: ServerFrame) => boolean, what: string, from?: number): Promise<ServerFrame>;
  waitFor(section: SectionId, match: (frame: ServerFrame) => boolean, what: string, from = 0): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let index = from; index < this.frames.length; index++) {
          const frame = this.frames[index] as ServerFrame;
          if (match(frame)) {
            done();
            resolve(frame);
            return true;
          }
        }
        if (this.closedWith !== null) {
          done();
          reject(new CaseFailure(section, `the connection closed (${this.closedWith.code}) before ${what}${this.recent(from)}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new CaseFailure(section, `did not get ${what} within ${this.timeoutMs} ms${this.recent(from)}`));
      }, this.timeoutMs);
      const wake = (): void => void check();
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      if (!check()) this.waiters.add(wake);
    });
  }

  /**
   * Sends `list` and waits for its `conversations`: the server handles one connection's frames in
   * order (§1), so every answer to what was sent before has arrived by then. Returns the index of
   * the `conversations` frame. This is how a case checks that the server sent *nothing*, without
   * waiting an arbitrary time.
   */
  async barrier(section: SectionId): Promise<number> {
    const from = this.mark();
    this.send({ type: 'list' });
    await this.waitFor(section, (frame) => frame.type === 'conversations', 'answer to list (used as an ordering barrier)', from);
    return this.frames.findIndex((frame, index) => index >= from && frame.type === 'conversations');
  }

  /**
   * What the server sent from index `from` up to the barrier at `until`, pongs aside (the
   * keep-alive's): the answers to the frames sent in between.
   */
  answersBetween(from: number, until: number): ServerFrame[] {
    return this.frames.slice(from, until).filter((frame) => frame.type !== 'pong');
  }

  /** Waits for the socket to close; fails naming `section` at the deadline. */
  async waitClose(section: SectionId, what: string, timeoutMs = this.timeoutMs): Promise<ClosedSocket> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CaseFailure(section, `the server did not close the connection (${what}) within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Pings when nothing was sent for half of `heartbeatMs`, as a client SHOULD (§12), so the
   * server's idle timeout never closes a connection a case is still reading from.
   */
  startKeepAlive(heartbeatMs: number): void {
    this.stopKeepAlive();
    const silenceMs = Math.max(1, Math.floor(heartbeatMs / 2));
    // Checked twice as often as it pings, so silence never exceeds 3/4 of heartbeatMs.
    this.keepAlive = setInterval(() => {
      if (this.closedWith === null && Date.now() - this.lastSentAt >= silenceMs) this.send({ type: 'ping', t: ++this.pings });
    }, Math.max(1, Math.floor(silenceMs / 2)));
  }

  /** Stays silent from now on (the idle-timeout case). */
  stopKeepAlive(): void {
    clearInterval(this.keepAlive);
    this.keepAlive = undefined;
  }

  close(): void {
    this.stopKeepAlive();
    if (this.closedWith === null) this.socket.close(1000);
  }

  /** Stops at once, like a dropped network or a closed tab. */
  drop(): void {
    this.stopKeepAlive();
    this.socket.terminate();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private recent(from: number): string {
    const frames = this.frames.slice(Math.max(from, this.frames.length - 4)).map((frame) => JSON.stringify(frame).slice(0, 160));
    return frames.length === 0 ? '; nothing arrived' : `; last frames: ${frames.join(' | ')}`;
  }
}
