// The adversary between the simulated server and client: frames in flight that it may deliver out
// of order (within a window), duplicate, or lose with the connection; reconnects that resume from
// the client's cursors; history loads answered at any time, so possibly older than what follows.
import type { StreamCursor } from '../../model/message.ts';
import type { ServerFrame, WelcomeFrame } from '../../protocol/frames.ts';
import { resumeCursors } from '../replyStream.ts';
import type { SimulatedClient } from './simulatedClient.ts';
import type { SimulatedConversation } from './simulatedConversation.ts';

export type NetworkAction =
  /** The server plays `steps` steps of its script (the user types first when a step is their message). */
  | { readonly kind: 'server'; readonly steps: number }
  /** Delivers the frame at `pick` within the window, with up to `batch - 1` chunks that follow it. */
  | { readonly kind: 'deliver'; readonly pick: number; readonly batch: number }
  /** Delivers the frame at `pick` twice: a copy is put back `offset` places later. */
  | { readonly kind: 'duplicate'; readonly pick: number; readonly offset: number }
  /** The connection drops: every frame in flight is lost. */
  | { readonly kind: 'drop' }
  /** A new connection: hello with the client's cursors, outbox resent, history loaded. */
  | { readonly kind: 'reconnect' }
  /** The client asks for the history; the answer joins the frames in flight. */
  | { readonly kind: 'load' };

const SETTLE_LIMIT = 100_000;

export class SimulatedNetwork {
  private inFlight: ServerFrame[] = [];
  private connected = true;

  /**
   * @param window how far from the head of the queue a frame may be delivered (1: in order).
   * @param afterDelivery called after every change to the client, to check invariants as it goes.
   */
  constructor(
    private readonly server: SimulatedConversation,
    private readonly client: SimulatedClient,
    private readonly window: number,
    private readonly afterDelivery: () => void,
  ) {}

  run(action: NetworkAction): void {
    switch (action.kind) {
      case 'server':
        for (let i = 0; i < action.steps; i += 1) this.serverStep();
        return;
      case 'deliver':
        return this.deliver(action.pick, action.batch);
      case 'duplicate':
        return this.duplicate(action.pick, action.offset);
      case 'drop':
        this.connected = false;
        this.inFlight = [];
        return;
      case 'reconnect':
        return this.reconnect();
      case 'load':
        if (this.connected) this.inFlight.push(this.server.snapshot());
        return;
    }
  }

  /**
   * Ends the adversary's turn: reconnects if needed, plays the rest of the script and delivers
   * everything in order, serving the replays the client asks for. With `finalReconnect`, then
   * drops and reconnects once more, as a page reload would.
   */
  settle(finalReconnect: boolean): void {
    if (!this.connected) this.reconnect();
    this.drain();
    if (finalReconnect) {
      this.run({ kind: 'drop' });
      this.reconnect();
      this.drain();
    }
  }

  private drain(): void {
    for (let i = 0; i < SETTLE_LIMIT; i += 1) {
      if (this.inFlight.length > 0) this.deliver(0, Number.POSITIVE_INFINITY);
      else if (!this.server.done) this.serverStep();
      else return;
    }
    throw new Error(`the conversation did not settle within ${SETTLE_LIMIT} deliveries`);
  }

  private serverStep(): void {
    const step = this.server.nextStep;
    if (step === undefined) return;
    if (step.kind === 'store' && !step.turn.fromOtherTab && !this.client.hasTyped(step.turn.userId)) {
      this.client.type(step.turn.userId, step.turn.userText, 1_600_000_000_000);
      if (this.connected) this.server.receiveSend(step.turn.userId);
      this.afterDelivery();
      return;
    }
    const frames = this.server.perform();
    if (this.connected) this.inFlight.push(...frames);
  }

  private deliver(pick: number, batch: number): void {
    if (this.inFlight.length === 0) return;
    const at = pick % Math.min(this.window, this.inFlight.length);
    const [first] = this.inFlight.splice(at, 1);
    if (first === undefined) return;
    const delivery: ServerFrame[] = [first];
    if (first.type === 'chunk') {
      while (delivery.length < batch && this.inFlight[at]?.type === 'chunk') {
        delivery.push(...this.inFlight.splice(at, 1));
      }
    }
    const requests = this.client.receive(delivery);
    this.afterDelivery();
    for (const cursor of requests) this.serveReplay(cursor);
  }

  private duplicate(pick: number, offset: number): void {
    if (this.inFlight.length === 0) return;
    const at = pick % Math.min(this.window, this.inFlight.length);
    const frame = this.inFlight[at];
    if (frame !== undefined) this.inFlight.splice(Math.min(this.inFlight.length, at + 1 + offset), 0, frame);
  }

  private serveReplay(cursor: StreamCursor): void {
    if (!this.connected) return;
    const frames = this.server.replay(cursor);
    this.inFlight.push(
      ...(frames ?? [
        {
          type: 'error',
          code: 'stream_not_found',
          message: 'gone',
          conversationId: cursor.conversationId,
          messageId: cursor.messageId,
        } satisfies ServerFrame,
      ]),
    );
  }

  private reconnect(): void {
    this.connected = true;
    this.inFlight = [];
    const lostStreams: StreamCursor[] = [];
    const replays: ServerFrame[] = [];
    for (const cursor of resumeCursors(this.client.conversation)) {
      const frames = this.server.replay(cursor);
      if (frames === null) lostStreams.push(cursor);
      else replays.push(...frames);
    }
    this.inFlight.push(welcome(lostStreams), ...replays);
    for (const entry of this.client.outbox) {
      const ack = this.server.receiveSend(entry.messageId);
      if (ack !== null) this.inFlight.push(ack);
    }
    this.inFlight.push(this.server.snapshot());
  }
}

function welcome(lostStreams: readonly StreamCursor[]): WelcomeFrame {
  return {
    type: 'welcome',
    v: 1,
    sessionId: 's',
    activeStreams: [],
    lostStreams,
    limits: { maxFrameBytes: 1_048_576, maxMessageChars: 10_000 },
    heartbeatMs: 15_000,
  };
}
