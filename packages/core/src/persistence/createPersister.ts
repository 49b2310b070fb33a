import { systemClock, type Clock } from '../environment/Clock.ts';
import { isDevelopment } from '../environment/isDevelopment.ts';
import { RejoinError, StorageError } from '../errors/RejoinError.ts';
import { storedNamespaceKeys } from './clearAllRejoinData.ts';
import { createSegmentedWriter, type PersisterStats, type StoredStream } from './createSegmentedWriter.ts';
import { createWriteThrottle } from './createWriteThrottle.ts';
import { decodeRecord, type DecodeResult } from './decodeRecord.ts';
import type { KeyValueStorage } from './KeyValueStorage.ts';
import type { PersistedRecord, PersistedStream } from './PersistedRecord.ts';
import { readSegments } from './readSegments.ts';
import { storageKey } from './storageKey.ts';
import { toStorageError } from './toStorageError.ts';

export type { PersisterStats } from './createSegmentedWriter.ts';

/** What `restore()` returns when nothing is stored under the namespace. */
export type NothingStored = { readonly record: null; readonly error: null };

/** A record restored without a stream segment that could not be used: the text before it is kept. */
export type RestoredWithoutSegment = { readonly record: PersistedRecord; readonly error: StorageError };

export interface Persister {
  /**
   * Reads this namespace's record with its streams' segments. Nothing stored: both fields null.
   * Unusable base: the error, and the base is removed so the next start is clean (unless it is of
   * a version this build cannot read: it is left for the build that can, until this client writes).
   * An unusable segment: the record with the text before it, and the error. Never throws and never
   * calls `onError`: the caller reports what it returns.
   */
  restore(): DecodeResult | NothingStored | RestoredWithoutSegment;
  /**
   * Hands over the latest record. Writes at once when no write happened in the last
   * `throttleMs`; otherwise the records of the window coalesce into one write of the latest at
   * its end. A record equal to what storage holds (ignoring `savedAt`) is not written again.
   */
  save(record: PersistedRecord): void;
  /** Writes the record not yet written, now. Call it on `pagehide`; `dispose` calls it. */
  flush(): void;
  /** Removes this namespace's record and its segments, and forgets any pending one (sign-out). */
  clear(): void;
  /** A copy of the counters at the time of reading. */
  readonly stats: PersisterStats;
  /** Flushes, then cancels the timer; later calls to `save` and `flush` do nothing. */
  dispose(): void;
}

export interface PersisterOptions {
  storage: KeyValueStorage;
  /** Whose record this is: a stable user id or a hash of one. Validated by `storageKey`. */
  namespace: string;
  /** @default systemClock */
  clock?: Clock;
  /** Minimum time between two writes, in milliseconds. @default 500 */
  throttleMs?: number;
  /**
   * Segments a streaming reply may pile up before a write compacts them into the base record.
   * @default 128
   */
  maxSegments?: number;
  /**
   * Called once per failure streak when writing fails (`storage/quota` when full,
   * `storage/unavailable` otherwise). The client keeps running on its in-memory state either way.
   */
  onError?: (error: StorageError) => void;
}

/** The default of `PersisterOptions.throttleMs`: two writes a second at most while a reply streams. */
export const DEFAULT_PERSIST_THROTTLE_MS = 500;

/**
 * The default of `PersisterOptions.maxSegments`: at two writes a second, a minute of streaming
 * before the first compaction (a 2,000-token reply at 50 tokens/s needs none), and restore reads
 * at most this many small keys per stream.
 */
export const DEFAULT_MAX_SEGMENTS = 128;

/**
 * Writes the snapshot record of one namespace to a storage: a throttle (one write per
 * `throttleMs`, the last never lost) in front of a segmented writer (a base record plus
 * append-only segments, so a write while a reply streams costs what was appended).
 *
 * @throws RejoinError at creation when the namespace, `throttleMs` or `maxSegments` is invalid.
 */
export function createPersister(options: PersisterOptions): Persister {
  const {
    storage,
    namespace,
    clock = systemClock,
    throttleMs = DEFAULT_PERSIST_THROTTLE_MS,
    maxSegments = DEFAULT_MAX_SEGMENTS,
    onError = () => {},
  } = options;
  const key = storageKey(namespace);
  assertOption('throttleMs', throttleMs, DEFAULT_PERSIST_THROTTLE_MS, 0);
  assertOption('maxSegments', maxSegments, DEFAULT_MAX_SEGMENTS, 1);

  const writer = createSegmentedWriter({ storage, namespace, maxSegments, onError, now: () => clock.now() });
  /** The latest record handed to `save`, kept until stored (or found unchanged). */
  let pending: PersistedRecord | null = null;
  let disposed = false;
  let reportedForeign = false;

  const writePending = (): void => {
    // A failed write keeps the record pending: the next save or flush retries it.
    if (pending !== null && writer.write(pending)) pending = null;
  };
  const throttle = createWriteThrottle(clock, throttleMs, writePending);

  function restore(): DecodeResult | NothingStored | RestoredWithoutSegment {
    let raw: string | null;
    try {
      raw = storage.getItem(key);
    } catch (cause) {
      return { record: null, error: toStorageError(cause, 'reading the snapshot') };
    }
    if (raw === null) return { record: null, error: null };
    const decoded = decodeRecord(raw, namespace);
    if (decoded.error !== null) {
      writer.forget();
      if (decoded.error.code !== 'storage/version') removeQuietly(key);
      return decoded;
    }
    const streams: PersistedStream[] = [];
    const stored: StoredStream[] = [];
    let segmentError: StorageError | null = null;
    for (const base of decoded.record.streams) {
      const read = readSegments(storage, namespace, base);
      streams.push(read.stream);
      const { lastSeq, text, parts } = read.stream;
      stored.push({ messageId: base.messageId, lastSeq, text, ...(parts === undefined ? {} : { parts }), segments: read.keys });
      segmentError ??= read.error;
    }
    const record = { ...decoded.record, streams };
    // After an unusable segment the next write compacts, which removes it and those after it.
    writer.adopt(record, raw, stored, segmentError !== null);
    return segmentError === null ? { record, error: null } : { record, error: segmentError };
  }

  function save(record: PersistedRecord): void {
    if (disposed) return;
    if (record.namespace !== namespace) {
      // Writing it would put one user's streams and outbox under another user's key.
      if (!reportedForeign) {
        reportedForeign = true;
        onError(
          new StorageError(
            'storage/foreign_namespace',
            isDevelopment
              ? '[rejoin] A record of another namespace was handed to this persister and was not written. ' +
                'Create a new persister (and client) when the signed-in user changes.'
              : '[rejoin] A record of another namespace was not written.',
          ),
        );
      }
      return;
    }
    pending = record;
    throttle.request();
  }

  function flush(): void {
    if (!disposed) writePending();
  }

  function clear(): void {
    throttle.cancel();
    pending = null;
    try {
      const keys = new Set([...writer.knownSegmentKeys(), ...storedNamespaceKeys(storage, namespace), key]);
      for (const stored of keys) storage.removeItem(stored);
    } catch (cause) {
      onError(toStorageError(cause, 'removing the snapshot'));
    }
    writer.forget();
  }

  function removeQuietly(stored: string): void {
    try {
      storage.removeItem(stored);
    } catch {
      // The read worked, so this is unlikely; the next start meets the same error, harmlessly.
    }
  }

  return {
    restore,
    save,
    flush,
    clear,
    get stats() {
      return writer.stats;
    },
    dispose() {
      if (disposed) return;
      flush();
      disposed = true;
      throttle.cancel();
    },
  };
}

function assertOption(name: string, value: number, defaultValue: number, minimum: number): void {
  if (typeof value === 'number' && Number.isFinite(value) && value >= minimum) return;
  throw new RejoinError(
    'config/invalid',
    // The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
    isDevelopment
      ? `[rejoin] ${name} must be a finite number >= ${minimum}, got ${String(value)}. Leave it out for the default of ${defaultValue}.`
      : `[rejoin] Invalid ${name} (${String(value)}).`,
  );
}
