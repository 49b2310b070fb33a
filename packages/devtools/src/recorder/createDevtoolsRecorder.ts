import type { ChatClient, ChatSnapshot, ObservedFrame } from '@rejoin/core';

/** A frame in the log, with what the filters need read once. */
export interface LoggedFrame extends ObservedFrame {
  /** Increasing, for keys and ordering. */
  readonly id: number;
  /** The frame's `type`, or `invalid` when it has none. */
  readonly type: string;
  /** The conversation it concerns, when it names one. */
  readonly conversationId: string | null;
}

/** A snapshot the UI saw, for time travel. */
export interface RecordedSnapshot {
  readonly at: number;
  readonly snapshot: ChatSnapshot;
}

export interface RecorderOptions {
  /** Frames kept, newest last. @default 300 */
  readonly maxFrames?: number;
  /** Snapshots kept for time travel. @default 50 */
  readonly maxSnapshots?: number;
  /** Reads the time of a snapshot. */
  readonly now: () => number;
}

export interface DevtoolsRecorder {
  readonly frames: readonly LoggedFrame[];
  readonly snapshots: readonly RecordedSnapshot[];
  /** How many `send` frames went out per message id, while recording. */
  sendAttempts(messageId: string): number;
  /**
   * Subscribes to the client's changes and frames; `onChange` hears which. Returns the stop
   * function. Nothing is subscribed before: a closed panel costs the app nothing.
   */
  start(onChange: (cause: 'snapshot' | 'frame') => void): () => void;
}

export const DEFAULT_MAX_FRAMES = 300;
export const DEFAULT_MAX_SNAPSHOTS = 50;

/**
 * What the panel remembers, bounded: the last frames in and out and the last snapshots. Both are
 * ring buffers trimmed on insert, so a long session holds at most `maxFrames + maxSnapshots` items
 * (snapshots share structure, so one costs little more than what changed).
 */
export function createDevtoolsRecorder(client: ChatClient, options: RecorderOptions): DevtoolsRecorder {
  const maxFrames = options.maxFrames ?? DEFAULT_MAX_FRAMES;
  const maxSnapshots = options.maxSnapshots ?? DEFAULT_MAX_SNAPSHOTS;
  let frames: LoggedFrame[] = [];
  let snapshots: RecordedSnapshot[] = [];
  const attempts = new Map<string, number>();
  let nextId = 1;

  const recordSnapshot = (): void => {
    const snapshot = client.getSnapshot();
    if (snapshots.at(-1)?.snapshot === snapshot) return;
    snapshots = [...snapshots.slice(snapshots.length >= maxSnapshots ? snapshots.length - maxSnapshots + 1 : 0), { at: options.now(), snapshot }];
    // Attempts of acknowledged messages are forgotten: the map stays as small as the outbox.
    const queued = new Set(snapshot.context.outbox.map((entry) => entry.messageId));
    for (const messageId of attempts.keys()) if (!queued.has(messageId)) attempts.delete(messageId);
  };

  const recordFrame = (observed: ObservedFrame): void => {
    const frame = (typeof observed.frame === 'object' && observed.frame !== null ? observed.frame : {}) as Record<string, unknown>;
    const type = typeof frame['type'] === 'string' ? frame['type'] : 'invalid';
    const conversationId = typeof frame['conversationId'] === 'string' ? frame['conversationId'] : null;
    if (observed.direction === 'out' && type === 'send' && typeof frame['messageId'] === 'string') {
      attempts.set(frame['messageId'], (attempts.get(frame['messageId']) ?? 0) + 1);
    }
    frames.push({ ...observed, id: nextId++, type, conversationId });
    if (frames.length > maxFrames) frames = frames.slice(frames.length - maxFrames);
  };

  return {
    get frames() {
      return frames;
    },
    get snapshots() {
      return snapshots;
    },
    sendAttempts: (messageId) => attempts.get(messageId) ?? 0,
    start(onChange) {
      recordSnapshot();
      const stopFrames = client.devtools.observeFrames((observed) => {
        recordFrame(observed);
        onChange('frame');
      });
      const stopSnapshots = client.subscribe(() => {
        recordSnapshot();
        onChange('snapshot');
      });
      return () => {
        stopFrames();
        stopSnapshots();
      };
    },
  };
}
