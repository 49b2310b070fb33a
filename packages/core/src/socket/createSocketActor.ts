import { fromCallback } from 'xstate';
import type { Clock } from '../environment/Clock.ts';
import type { ChunkFastPath } from '../fastpath/createChunkFastPath.ts';
import type { ChatEvent } from '../machine/chatEvents.ts';
import { serverEvents } from '../machine/serverEvents.ts';
import { encodeFrame } from '../protocol/frames.ts';
import type { ClientFrame } from '../protocol/frames.ts';
import { parseServerFrame } from '../protocol/parseServerFrame.ts';
import { createFrameBatcher, type FrameBatch } from './frameBatcher.ts';
import type { Transport } from './Transport.ts';

/**
 * One animation frame at 60 Hz: a screen cannot show tokens faster, and a machine event (statechart
 * step, snapshot, subscriber notifications) per frame instead of per token is what keeps a fast
 * stream cheap. It bounds the added latency of a chunk; every other frame type flushes at once.
 */
export const DEFAULT_FRAME_BATCH_MS = 16;

/** What the machine tells its socket (with `sendTo`): frames to write, in order. */
export type SocketCommand = { type: 'socket.send'; frames: readonly ClientFrame[] };

export interface SocketActorOptions {
  readonly transport: Transport;
  /** Runs the batching window. */
  readonly clock: Clock;
  readonly maxFrameBytes?: number;
  /** How long chunks may wait to be coalesced. 0 means "until the next macrotask". @default 16 (one frame at 60 Hz) */
  readonly frameBatchMs?: number;
  /** Sees each batch before the machine and folds the in-order chunks of followed replies itself. */
  readonly fastPath?: Pick<ChunkFastPath, 'deliver' | 'commit' | 'detach' | 'markProbe'>;
}

/**
 * The socket as an XState callback actor: the machine spawns one per connection attempt, writes to
 * it with `sendTo`, and stops it when the connection is over, which closes the socket. It answers
 * with `SOCKET.OPEN`, `SOCKET.CLOSED`, and one `SERVER.*` event per validated frame (chunks coalesced
 * per batching window, see frameBatcher.ts).
 *
 * XState drops what a stopped callback actor sends back, so a superseded socket can never reach the
 * machine. The one gap is the stop itself: XState runs the cleanup before it marks the actor stopped,
 * and a transport that reports its close synchronously would report it from inside that cleanup, so
 * the cleanup detaches first.
 */
export function createSocketActor(options: SocketActorOptions) {
  const parseOptions = options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes };
  const batchMs = options.frameBatchMs ?? DEFAULT_FRAME_BATCH_MS;
  const { fastPath } = options;
  return fromCallback<SocketCommand, undefined, ChatEvent>(({ sendBack, receive }) => {
    let detached = false;
    const send = (event: ChatEvent): void => {
      if (!detached) sendBack(event);
    };
    // Where a batch of validated frames leaves the socket: one typed event per control frame, in
    // arrival order. The rest of a batch is dropped once one of its events closed this socket.
    const deliver = (batch: FrameBatch): void => {
      for (const event of serverEvents(batch)) {
        if (detached) return;
        send(event);
      }
    };
    const batcher = createFrameBatcher({
      deliver: fastPath === undefined ? deliver : (batch) => fastPath.deliver(batch, deliver),
      schedule: (flush) => {
        const handle = options.clock.setTimeout(flush, batchMs);
        return () => options.clock.clearTimeout(handle);
      },
    });
    const connection = options.transport.connect({
      onOpen: () => send({ type: 'SOCKET.OPEN' }),
      onMessage: (data) => {
        if (detached) return;
        const result = parseServerFrame(data, parseOptions);
        if (result.ok) batcher.push(result.frame);
        else {
          batcher.reject(result.error);
          // A chunk with a bad part still takes its seq, so the stream goes on past it.
          if (result.salvaged !== undefined) batcher.push(result.salvaged);
        }
      },
      onClose: (code, reason) => {
        // What arrived before the close still counts: it is delivered first.
        batcher.flush();
        // The machine folds the chunks held beside it before it hears of the close.
        if (!detached) fastPath?.commit();
        send({ type: 'SOCKET.CLOSED', code, reason });
      },
    });
    receive((command) => {
      for (const frame of command.frames) {
        if (frame.type === 'ping') fastPath?.markProbe();
        connection.send(encodeFrame(frame));
      }
    });
    return () => {
      detached = true;
      batcher.discard();
      // The machine stopped this socket (offline, a timeout...): the text already shown reaches it
      // (folded in any state), so it never shrinks, and the next hello resumes after it.
      fastPath?.detach();
      connection.close(1000, 'client closed');
    };
  });
}
