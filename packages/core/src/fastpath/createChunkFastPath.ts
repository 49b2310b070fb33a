import type { Actor } from 'xstate';
import type { Clock } from '../environment/Clock.ts';
import type { ChatMachine, ChatSnapshot } from '../machine/chatMachine.ts';
import { positionOf } from '../merge/conversationUpdates.ts';
import type { ChatMessage } from '../model/message.ts';
import type { ChunkFrame, ServerFrame } from '../protocol/frames.ts';
import type { FrameBatch } from '../socket/frameBatcher.ts';
import { overlayBufferedText, type BufferedText, type ShownMessage } from './overlayBufferedText.ts';

/**
 * The longest the machine's own snapshot (`client.actor`) lags behind the text the app sees while
 * a reply streams in order: the buffer is committed at least this often. It keeps the heartbeat
 * fed (it counts the frames the machine has seen; its timeout is seconds). Persistence needs no
 * commit (it reads the overlaid snapshot), so this is the persistence throttle's default: a commit
 * costs a statechart step and a fold, measured at about a third of the fast path's own time at 250 ms.
 */
export const FAST_PATH_COMMIT_MS = 500;

export interface ChunkFastPathOptions {
  readonly actor: Actor<ChatMachine>;
  readonly clock: Clock;
  /** @default FAST_PATH_COMMIT_MS */
  readonly commitAfterMs?: number;
}

interface Buffer extends BufferedText {
  lastSeq: number;
  text: string;
  /**
   * Sent to the machine, which has not folded it yet: a commit made while the machine is in the
   * middle of a transition (the socket's cleanup) is queued by XState. It is shown until the
   * machine holds it, and takes no more chunks.
   */
  committed: boolean;
}

/**
 * The chunk fast path. A machine event per batch window costs a statechart step (14 to 26 µs)
 * around a fold that, for an in-order chunk of the reply being followed, is only a seq check and
 * an append. So such chunks are folded here instead, into a text buffer per message beside the
 * actor, and subscribers hear of them once per batch. The machine still sees every other frame
 * and every chunk that needs a decision (a gap, a duplicate, a reply it does not follow): before
 * any of them, the buffer is committed to it as the very chunk frames it holds (one
 * `SERVER.CHUNKS` event, folded with the machine's own seq checks), so the machine sees every
 * frame, in arrival order, and can never disagree with what was shown.
 *
 * The buffer is also committed every `commitAfterMs`, when the socket closes, on `pagehide`, on
 * dispose, and when the machine itself stops the socket (offline, a heartbeat or handshake timeout:
 * see `detach`). Never dropped: the app has shown that text, so dropping it would make it shrink
 * and grow again with the resume's replay. The machine folds a commit in any state, and the next
 * `hello` resumes after it.
 *
 * `getSnapshot` and `subscribe` are the client's store: the machine's snapshot with the buffered
 * text overlaid (see overlayBufferedText.ts), stable by reference between notifications.
 */
export function createChunkFastPath(options: ChunkFastPathOptions) {
  const { actor, clock } = options;
  const commitAfterMs = options.commitAfterMs ?? FAST_PATH_COMMIT_MS;
  /** By message id. */
  const buffers = new Map<string, Buffer>();
  /** Every buffered frame in arrival order: what the machine gets on commit. */
  let frames: ChunkFrame[] = [];
  let commitTimer: unknown = null;
  /** How many of `frames` (the first ones) arrived before the last heartbeat probe went out. */
  let beforeProbe = 0;
  /** Moves on every detach, so a batch being delivered stops buffering for a connection that is gone. */
  let generation = 0;

  const listeners = new Set<() => void>();
  let composed: ChatSnapshot = actor.getSnapshot();
  let composedFrom: ChatSnapshot = composed;
  let bufferChanged = false;
  /** The buffered messages as last shown, by message id: kept by identity where the next overlay says the same. */
  let shown: ReadonlyMap<string, ShownMessage> = new Map();

  /** A commit is being folded: the machine's change is checked against what was shown instead of told. */
  let committing = false;
  /** Some committed buffer waits for the machine to fold it (see `Buffer.committed`). */
  let awaiting = false;

  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };
  /** Forgets the committed buffers the machine now holds: from here on its snapshot shows them. */
  const dropHeld = (): void => {
    const machine = actor.getSnapshot();
    awaiting = false;
    for (const [messageId, buffer] of buffers) {
      if (!buffer.committed) continue;
      if (holdsBuffer(machine, buffer) !== undefined) buffers.delete(messageId);
      else awaiting = true;
    }
    bufferChanged = true;
  };
  // `error` too, as @xstate/react's useSelector does: a failed actor sends no further `next`.
  const actorSubscription = actor.subscribe({
    next: () => {
      if (committing) return;
      if (awaiting) dropHeld();
      notify();
    },
    error: notify,
  });

  function getSnapshot(): ChatSnapshot {
    const machine = actor.getSnapshot();
    if (machine === composedFrom && !bufferChanged) return composed;
    const overlay = overlayBufferedText(machine, buffers.values(), shown);
    composed = overlay.snapshot;
    shown = overlay.shown;
    composedFrom = machine;
    bufferChanged = false;
    return composed;
  }

  /** Whether the machine would fold `chunk` as a pure append to the reply it follows. */
  function followsInOrder(chunk: ChunkFrame): boolean {
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== 'active' || !snapshot.matches('connected')) return false;
    const conversation = snapshot.context.conversations[chunk.conversationId];
    const stream = conversation?.stream;
    if (conversation === undefined || conversation.status !== 'streaming' || stream == null) return false;
    if (stream.messageId !== chunk.messageId || stream.awaitingReplay || chunk.seq !== stream.lastSeq + 1) return false;
    const message = conversation.messages[positionOf(conversation.messages, chunk.messageId)];
    return message !== undefined && message.role === 'assistant' && message.status === 'streaming' && (message.seq ?? 0) === stream.lastSeq;
  }

  /** Appends `chunk` when it is the next of a reply the buffer (or the machine) follows; false when the machine must decide. */
  function tryBuffer(chunk: ChunkFrame): boolean {
    // A part event goes to the machine (after the buffer is committed, so order holds): parts are
    // rare next to text, and the machine's fold is the one definition of what they do.
    if (chunk.part !== undefined) return false;
    const buffer = buffers.get(chunk.messageId);
    if (buffer !== undefined) {
      if (buffer.committed || chunk.conversationId !== buffer.conversationId || chunk.seq !== buffer.lastSeq + 1) return false;
      buffer.text += chunk.text;
      buffer.lastSeq = chunk.seq;
    } else {
      if (!followsInOrder(chunk)) return false;
      buffers.set(chunk.messageId, {
        conversationId: chunk.conversationId,
        messageId: chunk.messageId,
        baseSeq: chunk.seq - 1,
        lastSeq: chunk.seq,
        text: chunk.text,
        committed: false,
      });
    }
    frames.push(chunk);
    bufferChanged = true;
    commitTimer ??= clock.setTimeout(commit, commitAfterMs);
    return true;
  }

  /**
   * Hands the buffered chunks to the machine; its snapshot then holds all the text shown. That
   * changes nothing the app sees, so subscribers are not told and the snapshot they hold stays
   * current (re-rendering every row bound to a whole snapshot four times a second would be the
   * cost the buffer exists to avoid). Should the machine hold anything else afterwards, they are.
   *
   * Sent from inside a transition (the socket's cleanup), the event is queued by XState: the
   * buffers stay, marked committed, and are shown until the machine's snapshot holds them.
   */
  function commit(): void {
    if (frames.length === 0) return;
    if (commitTimer !== null) clock.clearTimeout(commitTimer);
    commitTimer = null;
    const shownBefore = getSnapshot();
    const held = frames;
    const fresh = held.length - beforeProbe;
    frames = [];
    beforeProbe = 0;
    for (const buffer of buffers.values()) buffer.committed = true;
    const before = actor.getSnapshot();
    committing = true;
    try {
      actor.send(fresh === held.length ? { type: 'SERVER.CHUNKS', frames: held } : { type: 'SERVER.CHUNKS', frames: held, fresh });
    } finally {
      committing = false;
    }
    const machine = actor.getSnapshot();
    if (machine === before) {
      // Queued: nothing changed yet; the machine's next snapshot is told as any other.
      awaiting = true;
      return;
    }
    // Each message shown stands for the machine's new one from now on: recognised by identity, as
    // comparing texts would flatten and copy the whole reply on every commit.
    const standing = new Map<string, ShownMessage>();
    let holdsWhatWasShown = machine.status === 'active';
    for (const buffer of buffers.values()) {
      const message = holdsBuffer(machine, buffer);
      const shownMessage = shown.get(buffer.messageId)?.message;
      const stream = machine.context.conversations[buffer.conversationId]?.stream;
      if (message === undefined || shownMessage === undefined || stream?.lastSeq !== buffer.lastSeq) holdsWhatWasShown = false;
      else standing.set(buffer.messageId, { conversationId: buffer.conversationId, message: shownMessage, standsFor: message });
    }
    buffers.clear();
    awaiting = false;
    bufferChanged = true;
    if (holdsWhatWasShown) {
      shown = standing;
      composed = shownBefore;
      composedFrom = machine;
      bufferChanged = false;
      return;
    }
    notify();
  }

  return {
    /**
     * Takes a delivered batch: buffers the chunks it can, and hands the rest to `forward` (the
     * machine's way in) in arrival order, committing the buffer before each frame that needs the
     * machine.
     */
    deliver(batch: FrameBatch, forward: (batch: FrameBatch) => void): void {
      const mine = generation;
      let toMachine: ServerFrame[] = [];
      const handOver = (errors: FrameBatch['errors']): void => {
        const handed = toMachine;
        toMachine = [];
        forward({ frames: handed, errors });
      };
      let buffered = false;
      for (const frame of batch.frames) {
        if (frame.type === 'chunk') {
          // Chunks right after a chunk the machine must see go along with it, in one event.
          const last = toMachine[toMachine.length - 1];
          if (last !== undefined && last.type !== 'chunk') {
            handOver([]);
            if (mine !== generation) return;
          }
          if (toMachine.length === 0 && tryBuffer(frame)) {
            buffered = true;
            continue;
          }
        }
        if (toMachine.length === 0) commit();
        toMachine.push(frame);
      }
      if (toMachine.length > 0 || batch.errors.length > 0) {
        commit();
        handOver(batch.errors);
      }
      if (buffered && mine === generation) notify();
    },
    commit,
    /**
     * The machine's heartbeat probe is being written: the chunks held so far came before it, so
     * when committed they do not count as its answer (or a socket that went half-open right after
     * them would be judged alive once more).
     */
    markProbe(): void {
      beforeProbe = frames.length;
    },
    /**
     * The connection the buffer came from is gone (the socket actor's cleanup, often inside the
     * machine's transition out of `connected`): commits the buffer, which the machine folds in any
     * state, and stops a batch being delivered from buffering more.
     */
    detach(): void {
      generation += 1;
      commit();
    },
    getSnapshot,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Commits what is buffered and stops notifying. */
    dispose(): void {
      commit();
      actorSubscription.unsubscribe();
      listeners.clear();
    },
  };
}

export type ChunkFastPath = ReturnType<typeof createChunkFastPath>;

/** The machine's message for `buffer` when it holds all of the buffer's text (its seq reached the buffer's last). */
function holdsBuffer(machine: ChatSnapshot, buffer: Buffer): ChatMessage | undefined {
  const conversation = machine.context.conversations[buffer.conversationId];
  const message = conversation?.messages[positionOf(conversation.messages, buffer.messageId)];
  return message !== undefined && (message.seq ?? 0) >= buffer.lastSeq ? message : undefined;
}
