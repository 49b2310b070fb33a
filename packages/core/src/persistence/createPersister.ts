import { systemClock, type Clock } from '../environment/Clock.ts';
import { isDevelopment } from '../environment/isDevelopment.ts';
import { RejoinError, StorageError } from '../errors/RejoinError.ts';
import type { OutboxEntry } from '../model/conversation.ts';
import { decodeRecord, type DecodeResult } from './decodeRecord.ts';
import type { KeyValueStorage } from './KeyValueStorage.ts';
import type { PersistedRecord } from './PersistedRecord.ts';
import { createRecordSerializer } from './createRecordSerializer.ts';
import { storageKey } from './storageKey.ts';
import { toStorageError } from './toStorageError.ts';

/** What the persister did so far; for tests, diagnostics and the write-rate budget. */
export interface PersisterStats {
  /** Successful `setItem` calls. */
  readonly writes: number;
  /** Total length of what was written, in UTF-16 code units (the unit Web Storage quotas count). */
  readonly bytesWritten: number;
  /** `setItem` calls that threw. */
  readonly failures: number;
  /** Writes not made because the record equalled the last one written (ignoring `savedAt`). */
  readonly skippedUnchanged: number;
}

/** What `restore()` returns when nothing is stored under the namespace. */
export type NothingStored = { readonly record: null; readonly error: null };

export interface Persister {
  /**
   * Reads this namespace's record. Nothing stored: both fields null. Unusable: the error, and
   * the record is removed so the next start is clean. Never throws and never calls `onError`:
   * the caller reports what it returns.
   */
  restore(): DecodeResult | NothingStored;
  /**
   * Hands over the latest record. Writes at once when no write happened in the last
   * `throttleMs`; otherwise the records of the window coalesce into one write of the latest at
   * its end. A record equal to the last one written (ignoring `savedAt`) is not written again.
   */
  save(record: PersistedRecord): void;
  /** Writes the record not yet written, now. Call it on `pagehide`; `dispose` calls it. */
  flush(): void;
  /** Removes this namespace's record and forgets any pending one (sign-out). */
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
   * Called once per failure streak when writing fails (`storage/quota` when full,
   * `storage/unavailable` otherwise). The client keeps running on its in-memory state either way.
   */
  onError?: (error: StorageError) => void;
}

/** The default of `PersisterOptions.throttleMs`: two writes a second at most while a reply streams. */
export const DEFAULT_PERSIST_THROTTLE_MS = 500;

/**
 * Writes the snapshot record of one namespace to a storage, throttled. Streams call `save` per
 * token; writing each would serialize the whole partial text dozens of times a second on the
 * main thread, so writes are limited to one per `throttleMs` and the last record is never lost
 * (trailing write, and `flush` on `pagehide`).
 *
 * @throws RejoinError at creation when the namespace or `throttleMs` is invalid.
 */
export function createPersister(options: PersisterOptions): Persister {
  const { storage, namespace, clock = systemClock, throttleMs = DEFAULT_PERSIST_THROTTLE_MS, onError } = options;
  const key = storageKey(namespace);
  if (typeof throttleMs !== 'number' || !Number.isFinite(throttleMs) || throttleMs < 0) {
    throw new RejoinError(
      'config/invalid',
      // The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
      isDevelopment
        ? `[rejoin] throttleMs must be a finite number of milliseconds >= 0, got ${String(throttleMs)}. Leave it out for the default of ${DEFAULT_PERSIST_THROTTLE_MS}.`
        : `[rejoin] Invalid throttleMs (${String(throttleMs)}).`,
    );
  }

  const serialize = createRecordSerializer();
  let writes = 0;
  let bytesWritten = 0;
  let failures = 0;
  let skippedUnchanged = 0;

  /** The latest record handed to `save`, kept until written (or found unchanged). */
  let unwritten: PersistedRecord | null = null;
  /** A save arrived during the current window: write at its end. */
  let trailing = false;
  let timer: unknown = null;
  /** The last record in storage, serialized without `savedAt`; null when unknown or cleared. */
  let lastWritten: string | null = null;
  let failing = false;
  let disposed = false;
  let reportedForeign = false;
  /** Exactly what this persister last wrote (or restored): storage holding anything else was written by another tab. */
  let lastWrittenRaw: string | null = null;
  /** Every outbox message this persister has handed to storage or restored from it. */
  const ownMessageIds = new Set<string>();
  /** Other tabs' entries carried in the last write, kept while storage still holds that write. */
  let carriedForeign: readonly OutboxEntry[] = [];

  /**
   * Two tabs of one user share one key. Without care the last writer wins and the other tab's
   * queued messages vanish from storage (lost if that tab closes before it delivers them). So the
   * entries another tab stored are kept: every stored outbox entry this persister has never held
   * is foreign and stays; the ones it held and dropped were acknowledged (a resend of one that
   * lingers is harmless: the server dedupes by message id).
   */
  function withForeignOutbox(record: PersistedRecord): PersistedRecord {
    let raw: string | null;
    try {
      raw = storage.getItem(key);
    } catch {
      return record; // the write that follows meets the same storage and reports it
    }
    let foreign: readonly OutboxEntry[];
    if (raw === null) foreign = [];
    else if (raw === lastWrittenRaw) foreign = carriedForeign;
    else foreign = decodeRecord(raw, namespace).record?.outbox ?? [];
    foreign = foreign.filter((entry) => !ownMessageIds.has(entry.messageId));
    carriedForeign = foreign;
    if (foreign.length === 0) return record;
    // Across tabs, the order typed is the order of their clocks.
    const outbox = [...record.outbox, ...foreign].sort((a, b) => a.createdAt - b.createdAt);
    return { ...record, outbox };
  }

  function write(): void {
    const handed = unwritten;
    if (handed === null) return;
    for (const entry of handed.outbox) ownMessageIds.add(entry.messageId);
    const record = withForeignOutbox(handed);
    // Serialized once (the partial text can be long); the comparable form shares every part but `savedAt`.
    const { serialized, comparable } = serialize(record, record.savedAt);
    if (comparable === lastWritten) {
      skippedUnchanged += 1;
      unwritten = null;
      return;
    }
    try {
      storage.setItem(key, serialized);
    } catch (cause) {
      failures += 1;
      // `unwritten` stays: the next save or flush retries. One report per streak, not per token.
      if (!failing) {
        failing = true;
        onError?.(toStorageError(cause, 'writing the snapshot'));
      }
      return;
    }
    writes += 1;
    bytesWritten += serialized.length;
    lastWritten = comparable;
    lastWrittenRaw = serialized;
    unwritten = null;
    failing = false;
  }

  function openWindow(): void {
    timer = clock.setTimeout(closeWindow, throttleMs);
  }

  function closeWindow(): void {
    timer = null;
    if (!trailing) return;
    trailing = false;
    write();
    // The trailing write starts a window of its own, or a save right after it would write again at once.
    openWindow();
  }

  function cancelTimer(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    trailing = false;
  }

  function restore(): DecodeResult | NothingStored {
    let raw: string | null;
    try {
      raw = storage.getItem(key);
    } catch (cause) {
      return { record: null, error: toStorageError(cause, 'reading the snapshot') };
    }
    if (raw === null) return { record: null, error: null };
    const result = decodeRecord(raw, namespace);
    if (result.error !== null) {
      try {
        storage.removeItem(key);
      } catch {
        // The read worked, so this is unlikely; the next start meets the same error, harmlessly.
      }
      lastWritten = null;
      return result;
    }
    // Saving the restored state unchanged then costs no write.
    lastWritten = serialize(result.record, 0).comparable;
    lastWrittenRaw = raw;
    // The client resends these: they are this persister's to drop once acknowledged.
    for (const entry of result.record.outbox) ownMessageIds.add(entry.messageId);
    return result;
  }

  function save(record: PersistedRecord): void {
    if (disposed) return;
    if (record.namespace !== namespace) {
      // Writing it would put one user's streams and outbox under another user's key.
      if (!reportedForeign) {
        reportedForeign = true;
        onError?.(
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
    unwritten = record;
    if (timer !== null) {
      trailing = true;
      return;
    }
    write();
    openWindow();
  }

  function flush(): void {
    if (disposed) return;
    trailing = false;
    write();
  }

  function clear(): void {
    cancelTimer();
    unwritten = null;
    lastWritten = null;
    lastWrittenRaw = null;
    try {
      storage.removeItem(key);
    } catch (cause) {
      onError?.(toStorageError(cause, 'removing the snapshot'));
    }
  }

  function dispose(): void {
    if (disposed) return;
    flush();
    disposed = true;
    cancelTimer();
  }

  return {
    restore,
    save,
    flush,
    clear,
    get stats() {
      return { writes, bytesWritten, failures, skippedUnchanged };
    },
    dispose,
  };
}
