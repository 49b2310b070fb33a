import { RejoinError } from '@rejoin/core/protocol';
import type { StreamPiece } from '../../streams/foldParts.ts';
import { chunkOf } from '../StreamStore.ts';
import type {
  StreamChunk,
  StreamEvent,
  StreamListener,
  StreamMeta,
  StreamOutcome,
  StreamRecord,
  StreamStartListener,
  StreamStore,
  Unsubscribe,
} from '../StreamStore.ts';

/** How long a finished stream stays replayable by default: 10 minutes. */
export const DEFAULT_RETENTION_MS = 10 * 60 * 1000;

export interface MemoryStreamStoreOptions {
  /**
   * How long a finished stream stays replayable, in milliseconds; then it is dropped and a client
   * still holding its cursor is told it is lost.
   * @default 600000 (10 minutes)
   */
  readonly retentionMs?: number;
  /**
   * The clock for `startedAt`/`finishedAt` checks and retention.
   * @default Date.now
   */
  readonly now?: () => number;
}

interface StoredStream {
  readonly meta: StreamMeta;
  /** chunks[seq - 1] is the piece of chunk `seq`. */
  readonly chunks: StreamPiece[];
  outcome: StreamOutcome | null;
  finishedAt: number | null;
  readonly listeners: Set<StreamListener>;
  expiry: ReturnType<typeof setTimeout> | null;
}

/**
 * Streams in process memory. Replay and live delivery happen on the same synchronous path, which
 * is what makes `follow` gap-free: the replay and the registration of the listener run in one turn
 * of the event loop, so no `append` can fall between them.
 */
export class MemoryStreamStore implements StreamStore {
  private readonly streams = new Map<string, StoredStream>();
  private readonly watchers = new Map<string, Set<StreamStartListener>>();
  private readonly activeByOwner = new Map<string, Set<string>>();
  private readonly retentionMs: number;
  private readonly now: () => number;

  constructor(options: MemoryStreamStoreOptions = {}) {
    const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    if (!(retentionMs >= 0) || !Number.isFinite(retentionMs)) {
      throw new RejoinError(
        'config/invalid',
        `[rejoin] retentionMs must be a finite number >= 0, got ${retentionMs}.`,
      );
    }
    this.retentionMs = retentionMs;
    this.now = options.now ?? Date.now;
  }

  async create(meta: StreamMeta): Promise<StreamRecord> {
    if (this.streams.has(meta.messageId)) {
      throw new RejoinError(
        'store/invariant',
        `[rejoin] Stream ${meta.messageId} already exists; every assistant message needs a new id.`,
      );
    }
    const stored: StoredStream = {
      meta: { ...meta },
      chunks: [],
      outcome: null,
      finishedAt: null,
      listeners: new Set(),
      expiry: null,
    };
    this.streams.set(meta.messageId, stored);
    addToIndex(this.activeByOwner, meta.ownerId, meta.messageId);
    const record = toRecord(stored);
    for (const watcher of [...(this.watchers.get(meta.conversationId) ?? [])]) {
      try {
        watcher(record);
      } catch {
        removeFromIndex(this.watchers, meta.conversationId, watcher);
      }
    }
    return record;
  }

  async append(messageId: string, seq: number, piece: StreamPiece): Promise<void> {
    const stored = this.running(messageId, 'append to');
    const expected = stored.chunks.length + 1;
    if (seq !== expected) {
      throw new RejoinError(
        'store/invariant',
        `[rejoin] Stream ${messageId} expects seq ${expected}, got ${seq}; seqs must be contiguous from 1.`,
      );
    }
    stored.chunks.push(piece);
    this.notify(stored, { type: 'chunk', ...chunkOf(seq, piece) });
  }

  async finish(messageId: string, outcome: StreamOutcome): Promise<void> {
    const stored = this.running(messageId, 'finish');
    // The stored lastSeq is the truth: a caller cannot announce chunks that were never written.
    const ended: StreamOutcome = { ...outcome, lastSeq: stored.chunks.length };
    stored.outcome = ended;
    stored.finishedAt = this.now();
    removeFromIndex(this.activeByOwner, stored.meta.ownerId, messageId);
    this.notify(stored, { type: 'end', ...ended });
    stored.listeners.clear();
    stored.expiry = setTimeout(() => this.drop(messageId), this.retentionMs);
    // Retention must never keep the process alive.
    stored.expiry.unref?.();
  }

  async get(messageId: string): Promise<StreamRecord | null> {
    const stored = this.live(messageId);
    return stored === null ? null : toRecord(stored);
  }

  async read(messageId: string, afterSeq: number): Promise<readonly StreamChunk[] | null> {
    const stored = this.live(messageId);
    if (stored === null) return null;
    return chunksAfter(stored, afterSeq);
  }

  async follow(messageId: string, afterSeq: number, listener: StreamListener): Promise<Unsubscribe | null> {
    const stored = this.live(messageId);
    if (stored === null) return null;
    for (const chunk of chunksAfter(stored, afterSeq)) {
      if (!deliver(listener, { type: 'chunk', ...chunk })) return noop;
    }
    if (stored.outcome !== null) {
      deliver(listener, { type: 'end', ...stored.outcome });
      return noop;
    }
    stored.listeners.add(listener);
    return () => {
      stored.listeners.delete(listener);
    };
  }

  async watchConversation(conversationId: string, listener: StreamStartListener): Promise<Unsubscribe> {
    addToIndex(this.watchers, conversationId, listener);
    return () => removeFromIndex(this.watchers, conversationId, listener);
  }

  async activeForOwner(ownerId: string): Promise<readonly StreamRecord[]> {
    const records: StreamRecord[] = [];
    for (const messageId of this.activeByOwner.get(ownerId) ?? []) {
      const stored = this.streams.get(messageId);
      if (stored !== undefined) records.push(toRecord(stored));
    }
    return records.sort((a, b) => a.startedAt - b.startedAt);
  }

  async close(): Promise<void> {
    for (const stored of this.streams.values()) {
      if (stored.expiry !== null) clearTimeout(stored.expiry);
      stored.listeners.clear();
    }
    this.streams.clear();
    this.watchers.clear();
    this.activeByOwner.clear();
  }

  /** The stream unless it is unknown or past retention (the timer may lag behind the clock). */
  private live(messageId: string): StoredStream | null {
    const stored = this.streams.get(messageId);
    if (stored === undefined) return null;
    if (stored.finishedAt !== null && this.now() - stored.finishedAt >= this.retentionMs) {
      this.drop(messageId);
      return null;
    }
    return stored;
  }

  private running(messageId: string, action: string): StoredStream {
    const stored = this.streams.get(messageId);
    if (stored === undefined || stored.outcome !== null) {
      throw new RejoinError(
        'store/invariant',
        `[rejoin] Cannot ${action} stream ${messageId}: it is ${stored === undefined ? 'unknown' : 'finished'}. ` +
          'Only a stream created and not yet finished accepts writes.',
      );
    }
    return stored;
  }

  private notify(stored: StoredStream, event: StreamEvent): void {
    for (const listener of [...stored.listeners]) {
      if (!deliver(listener, event)) stored.listeners.delete(listener);
    }
  }

  private drop(messageId: string): void {
    const stored = this.streams.get(messageId);
    if (stored === undefined) return;
    if (stored.expiry !== null) clearTimeout(stored.expiry);
    this.streams.delete(messageId);
    removeFromIndex(this.activeByOwner, stored.meta.ownerId, messageId);
  }
}

const noop: Unsubscribe = () => {};

/** Calls a listener; false when it threw, so the caller can drop it. */
function deliver(listener: StreamListener, event: StreamEvent): boolean {
  try {
    listener(event);
    return true;
  } catch {
    return false;
  }
}

function chunksAfter(stored: StoredStream, afterSeq: number): StreamChunk[] {
  const from = Math.max(0, Math.floor(afterSeq));
  return stored.chunks.slice(from).map((piece, offset) => chunkOf(from + offset + 1, piece));
}

function toRecord(stored: StoredStream): StreamRecord {
  const base = {
    ...stored.meta,
    lastSeq: stored.chunks.length,
    finishReason: stored.outcome?.finishReason ?? null,
    finishedAt: stored.finishedAt,
  };
  const error = stored.outcome?.error;
  return error === undefined ? base : { ...base, error };
}

function addToIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (set === undefined) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

function removeFromIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  set?.delete(value);
  if (set?.size === 0) index.delete(key);
}
