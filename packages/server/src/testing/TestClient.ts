import { randomBytes } from 'node:crypto';
import type { ClientFrame, ServerFrame, StreamCursor, WelcomeFrame } from '@rejoin/core/protocol';
import { WebSocket } from 'ws';
import { parseServerFrame } from '../protocol/coreProtocol.ts';

/** A fresh credential for the default token authenticator: a new user each time. */
export function createTestToken(): string {
  return randomBytes(18).toString('base64url');
}

/** How long `next` and `until` wait before they call it a hang. */
const HANG_MS = 15_000;

export interface HelloOptions {
  readonly token?: string;
  readonly cursors?: readonly StreamCursor[];
  readonly clientId?: string;
  /** The protocol version to speak. @default 1 */
  readonly v?: number;
}

/**
 * A raw protocol client for tests: sends frames as they are (or any text), records every frame
 * the server sends, checks each against core's `parseServerFrame`, and awaits frames by predicate.
 */
export class TestClient {
  /** Every frame received, in order. */
  readonly frames: ServerFrame[] = [];
  /** Server frames that failed core's validator (a conforming server sends none). */
  readonly invalidFrames: string[] = [];
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private readCursor = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      const parsed = parseServerFrame(text);
      if (!parsed.ok) {
        this.invalidFrames.push(text.slice(0, 300));
        return;
      }
      this.frames.push(parsed.frame);
      for (const wake of [...this.waiters]) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of [...this.waiters]) wake();
      });
    });
  }

  static async connect(url: string): Promise<TestClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new TestClient(socket);
  }

  /** Connects and completes the handshake. */
  static async join(url: string, options: HelloOptions = {}): Promise<{ client: TestClient; welcome: WelcomeFrame }> {
    const client = await TestClient.connect(url);
    const welcome = await client.hello(options);
    return { client, welcome };
  }

  /** Sends `hello` and waits for `welcome`. */
  async hello(options: HelloOptions = {}): Promise<WelcomeFrame> {
    this.send({
      type: 'hello',
      v: options.v ?? 1,
      clientId: options.clientId ?? 'test-client',
      token: options.token ?? createTestToken(),
      cursors: options.cursors ?? [],
    });
    return this.next((frame): frame is WelcomeFrame => frame.type === 'welcome');
  }

  /** Sends a frame as JSON. */
  send(frame: ClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Sends anything: malformed text, binary data, frames of other versions. */
  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /**
   * The next frame matching `predicate` after the last one `next` returned, waiting for it if
   * needed. Frames skipped over stay in `frames`. The timeout only catches a hang: it stays under
   * the test's own (20 s) but far above what a frame takes on a loaded machine.
   */
  next<F extends ServerFrame>(predicate: (frame: ServerFrame) => frame is F, timeoutMs?: number): Promise<F>;
  next(predicate: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  next(predicate: (frame: ServerFrame) => boolean, timeoutMs = HANG_MS): Promise<ServerFrame> {
    return this.waitFor(() => {
      for (let index = this.readCursor; index < this.frames.length; index++) {
        const frame = this.frames[index] as ServerFrame;
        if (predicate(frame)) {
          this.readCursor = index + 1;
          return frame;
        }
      }
      return undefined;
    }, timeoutMs, 'a matching frame');
  }

  /** Waits until `condition` holds over everything received so far. */
  until(condition: (frames: readonly ServerFrame[]) => boolean, timeoutMs = HANG_MS): Promise<void> {
    return this.waitFor(() => (condition(this.frames) ? true : undefined), timeoutMs, 'the condition').then(() => {});
  }

  /** The frames received from now on (for asserting on what follows an action). */
  mark(): number {
    return this.frames.length;
  }

  since(mark: number): ServerFrame[] {
    return this.frames.slice(mark);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close(1000);
    await this.closed;
  }

  private waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const wake = (): void => {
        const result = check();
        if (result !== undefined) {
          cleanup();
          resolve(result);
        } else if (this.socket.readyState === WebSocket.CLOSED) {
          cleanup();
          reject(new Error(`[rejoin] The socket closed before ${what} arrived. Received: ${this.describe()}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`[rejoin] Timed out after ${timeoutMs} ms waiting for ${what}. Received: ${this.describe()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  private describe(): string {
    return this.frames
      .slice(-8)
      .map((frame) => JSON.stringify(frame).slice(0, 160))
      .join('\n  ');
  }
}
