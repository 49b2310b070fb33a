import type { Actor } from 'xstate';
import { parseServerFrame } from '../protocol/parseServerFrame.ts';
import { encodeFrame } from '../protocol/encodeFrame.ts';
import type { ChatMachine } from '../machine/chatMachine.ts';
import { serverEvents } from '../machine/serverEvents.ts';
import type { Clock } from '../environment/Clock.ts';
import type { ChunkFastPath } from '../fastpath/createChunkFastPath.ts';
import { createFrameBatcher, type FrameBatch } from '../transport/frameBatcher.ts';
import type { Transport, TransportConnection } from '../transport/Transport.ts';

/**
 * One animation frame at 60 Hz: a screen cannot show tokens faster, and a machine event (statechart
 * step, snapshot, subscriber notifications) per frame instead of per token is what keeps a fast
 * stream cheap. It bounds the added latency of a chunk; every other frame type flushes at once.
 */
export const DEFAULT_FRAME_BATCH_MS = 16;

export interface SocketDriverOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly maxFrameBytes?: number;
  /** How long chunks may wait to be coalesced. 0 means "until the next macrotask". @default 16 (one frame at 60 Hz) */
  readonly frameBatchMs?: number;
  /** Sees each batch before the machine and folds the in-order chunks of followed replies itself. */
  readonly fastPath?: Pick<ChunkFastPath, 'deliver' | 'commit' | 'discard'>;
}

/**
 * Carries out the machine's socket effects and feeds what the socket says back as events.
 * Each connection gets an epoch: anything a superseded connection says afterwards is ignored, so a
 * late `close` of an old socket can never tear down the new one.
 */
export function connectSocketDriver(actor: Actor<ChatMachine>, options: SocketDriverOptions): () => void {
  let epoch = 0;
  let connection: TransportConnection | null = null;
  const toMachine = (batch: FrameBatch): void => {
    // One event per control frame; the rest of a batch is dropped once one of them closed the socket.
    const mine = epoch;
    for (const event of serverEvents(batch)) {
      if (mine !== epoch) return;
      actor.send(event);
    }
  };
  const { fastPath } = options;
  const batcher = createFrameBatcher({
    deliver: fastPath === undefined ? toMachine : (batch) => fastPath.deliver(batch, toMachine),
    schedule: (flush) => {
      const handle = options.clock.setTimeout(flush, options.frameBatchMs ?? DEFAULT_FRAME_BATCH_MS);
      return () => options.clock.clearTimeout(handle);
    },
  });
  const parseOptions = options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes };

  const close = (): void => {
    epoch += 1;
    batcher.discard();
    fastPath?.discard();
    const current = connection;
    connection = null;
    current?.close(1000, 'client closed');
  };

  const open = (): void => {
    close();
    const mine = epoch;
    connection = options.transport.connect({
      onOpen: () => {
        if (mine === epoch) actor.send({ type: 'SOCKET.OPEN' });
      },
      onMessage: (data) => {
        if (mine !== epoch) return;
        const result = parseServerFrame(data, parseOptions);
        if (result.ok) batcher.push(result.frame);
        else batcher.reject(result.error);
      },
      onClose: (code, reason) => {
        if (mine !== epoch) return;
        batcher.flush();
        // The machine folds what was received before it hears of the close.
        fastPath?.commit();
        connection = null;
        actor.send({ type: 'SOCKET.CLOSED', code, reason, at: options.clock.now() });
      },
    });
  };

  const subscriptions = [
    actor.on('socket.open', open),
    actor.on('socket.close', close),
    actor.on('socket.send', (effect) => {
      for (const frame of effect.frames) connection?.send(encodeFrame(frame));
    }),
  ];
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    close();
  };
}
