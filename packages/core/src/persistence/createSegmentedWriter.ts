import type { StorageError } from '../errors/RejoinError.ts';
import { partsOfText } from '../merge/messageParts.ts';
import type { OutboxEntry } from '../model/conversation.ts';
import type { MessagePart } from '../model/parts.ts';
import { decodeRecord } from './decodeRecord.ts';
import type { KeyValueStorage } from './KeyValueStorage.ts';
import { PERSISTED_RECORD_VERSION, type PersistedRecord, type PersistedSegment, type PersistedStream } from './PersistedRecord.ts';
import { segmentEventsBetween } from './segmentEvents.ts';
import { segmentKey, storageKey } from './storageKey.ts';
import { toStorageError } from './toStorageError.ts';

/** What the writer did so far; for tests, diagnostics and the write budget. */
export interface PersisterStats {
  /** Successful `setItem` calls (base records and segments). */
  readonly writes: number;
  /** Total length of what was written, in UTF-16 code units (the unit Web Storage quotas count). */
  readonly bytesWritten: number;
  /** `setItem` calls that threw. */
  readonly failures: number;
  /** Writes not made because the record equalled what storage holds (ignoring `savedAt`). */
  readonly skippedUnchanged: number;
  /**
   * What storage holds now, in UTF-16 code units: the base plus the segments this writer appended
   * (segments found on restore count once the next compaction folds them into the base).
   */
  readonly storedChars: number;
  /** When the last successful write happened (ms since epoch), or null before the first. */
  readonly lastWriteAt: number | null;
  /** The record format version written (`PERSISTED_RECORD_VERSION`). */
  readonly version: number;
}

/** One stream as storage holds it: the base's part and the segments appended after it. */
export interface StoredStream {
  readonly messageId: string;
  readonly lastSeq: number;
  readonly text: string;
  /** The parts up to `lastSeq`; absent while the reply is text alone. */
  readonly parts?: readonly MessagePart[];
  /** Segment keys 1..segments exist after the base. */
  readonly segments: number;
}

export interface SegmentedWriter {
  /**
   * Stores `record`: appends segments when only streams grew (text or parts), else compacts (rewrites the base
   * with all text so far and removes the segments). False when storage threw: the caller keeps the
   * record and calls again later; storage still holds a consistent earlier state.
   */
  write(record: PersistedRecord): boolean;
  /** Takes what restore read as what storage holds, so an unchanged save costs nothing. */
  adopt(record: PersistedRecord, baseRaw: string, streams: readonly StoredStream[], compactNext: boolean): void;
  /** Forgets what storage holds: the next write compacts. */
  forget(): void;
  /** The segments this writer knows of, to remove with the base on clear. */
  knownSegmentKeys(): string[];
  readonly stats: PersisterStats;
}

export interface SegmentedWriterOptions {
  readonly storage: KeyValueStorage;
  readonly namespace: string;
  /** Segments a stream may pile up before a write compacts instead. */
  readonly maxSegments: number;
  /** Called once per failure streak. */
  readonly onError: (error: StorageError) => void;
  /** Stamps `lastWriteAt`. */
  readonly now: () => number;
}

interface Stored {
  /** The record minus its streams' text, parts and cursors, serialized: equal means only streams can have grown. */
  readonly settled: string;
  readonly streams: ReadonlyMap<string, StoredStream>;
  /** Restore found unusable segments: rewrite the base on the next write whatever changed. */
  readonly compactNext: boolean;
}

/**
 * Writes records to storage as a base plus append-only segments (see `PersistedRecord`). While a
 * reply streams, a write stores only what was appended since the last one (its text, or for a reply
 * with parts the events that rebuild them: see segmentEvents.ts), under a new key: on
 * localStorage every `setItem` rewrites its key's whole value, so appending to one key would cost
 * the whole text again. When the settled part changes (a stream starts or ends, an ack, the outbox,
 * the open conversation) or a stream has `maxSegments` segments, the base is rewritten with all the
 * text and the segments are removed, so restore reads a bounded number of keys.
 */
export function createSegmentedWriter(options: SegmentedWriterOptions): SegmentedWriter {
  const { storage, namespace, maxSegments, onError, now } = options;
  const key = storageKey(namespace);
  const counts = { writes: 0, bytesWritten: 0, failures: 0, skippedUnchanged: 0, storedChars: 0, lastWriteAt: null as number | null };
  let failing = false;
  /** What storage holds, as this writer last wrote or restored it; null when unknown. */
  let stored: Stored | null = null;
  /** Exactly the base this writer last wrote (or restored): a base holding anything else was written by another tab. */
  let storedBaseRaw: string | null = null;
  /** Every outbox message this writer has handed to storage or restored from it. */
  const ownMessageIds = new Set<string>();
  /** Other tabs' entries carried in the last base written, kept while storage still holds that base. */
  let carriedForeign: readonly OutboxEntry[] = [];

  function setItem(itemKey: string, value: string): boolean {
    try {
      storage.setItem(itemKey, value);
    } catch (cause) {
      counts.failures += 1;
      // One report per streak, not per token; the caller retries on the next write.
      if (!failing) {
        failing = true;
        onError(toStorageError(cause, 'writing the snapshot'));
      }
      return false;
    }
    counts.writes += 1;
    counts.bytesWritten += value.length;
    counts.storedChars = itemKey === key ? value.length : counts.storedChars + value.length;
    counts.lastWriteAt = now();
    failing = false;
    return true;
  }

  /**
   * Two tabs of one user share one base. Without care the last writer wins and the other tab's
   * queued messages vanish from storage (lost if that tab closes before it delivers them). So the
   * entries another tab stored are kept: every stored outbox entry this writer has never held is
   * foreign and stays; the ones it held and dropped were acknowledged (a resend of one that
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
    else if (raw === storedBaseRaw) foreign = carriedForeign;
    else foreign = decodeRecord(raw, namespace).record?.outbox ?? [];
    foreign = foreign.filter((entry) => !ownMessageIds.has(entry.messageId));
    carriedForeign = foreign;
    if (foreign.length === 0) return record;
    // Across tabs, the order typed is the order of their clocks.
    const outbox = [...record.outbox, ...foreign].sort((a, b) => a.createdAt - b.createdAt);
    return { ...record, outbox };
  }

  function compact(record: PersistedRecord): boolean {
    const base = encodeRecord(withForeignOutbox(record));
    if (!setItem(key, base)) return false;
    // The base now holds their text: segments left behind would only be skipped on restore. Last
    // first, so an interruption leaves a run from 1 that restore still finds (and skips), never a
    // gap that would hide the rest from it and from the next compaction.
    for (const segment of knownSegmentKeys().reverse()) {
      try {
        storage.removeItem(segment);
      } catch {
        // Restore skips a segment the base already covers; the next compaction tries again.
      }
    }
    storedBaseRaw = base;
    stored = storedOf(record, record.streams.map((stream) => ({ ...stream, segments: 0 })), false);
    return true;
  }

  /**
   * What `stream` gained since `before`: its new text, or for a reply with parts the events that
   * rebuild them; null when no events do (the write compacts instead).
   */
  function segmentOf(before: StoredStream, stream: PersistedStream): PersistedSegment | null {
    const range = { namespace, fromSeq: before.lastSeq, toSeq: stream.lastSeq };
    if (before.parts === undefined && stream.parts === undefined) return { ...range, text: stream.text.slice(before.text.length) };
    const events = segmentEventsBetween(before.parts ?? partsOfText(before.text), stream.parts ?? partsOfText(stream.text));
    return events === null ? null : { ...range, events };
  }

  /** Appends each grown stream's segment; false when a write failed (those before it stay stored). */
  function append(current: Stored, grown: readonly PersistedStream[], segments: readonly PersistedSegment[]): boolean {
    const streams = new Map(current.streams);
    let ok = true;
    for (const [index, stream] of grown.entries()) {
      const before = streams.get(stream.messageId)!;
      const n = before.segments + 1;
      if (!setItem(segmentKey(namespace, stream.messageId, n), JSON.stringify(segments[index]))) {
        ok = false;
        break;
      }
      streams.set(stream.messageId, storedStreamOf(stream, n));
    }
    stored = { settled: current.settled, streams, compactNext: false };
    return ok;
  }

  /** The streams that only grew since storage last held them, or null when a compaction is needed. */
  function grownStreams(record: PersistedRecord, current: Stored): PersistedStream[] | null {
    if (current.compactNext || settledOf(record) !== current.settled) return null;
    const grown: PersistedStream[] = [];
    for (const stream of record.streams) {
      const before = current.streams.get(stream.messageId);
      if (before === undefined) return null;
      if (stream.lastSeq === before.lastSeq && stream.text === before.text && stream.parts === before.parts) continue;
      const appended =
        stream.lastSeq > before.lastSeq &&
        stream.text.length >= before.text.length &&
        // A slice compared whole is a memory comparison; `startsWith` walks character by character.
        stream.text.slice(0, before.text.length) === before.text;
      if (!appended || before.segments >= maxSegments) return null;
      grown.push(stream);
    }
    return grown;
  }

  function knownSegmentKeys(): string[] {
    const keys: string[] = [];
    for (const stream of stored?.streams.values() ?? []) {
      for (let n = 1; n <= stream.segments; n += 1) keys.push(segmentKey(namespace, stream.messageId, n));
    }
    return keys;
  }

  return {
    write(record) {
      for (const entry of record.outbox) ownMessageIds.add(entry.messageId);
      const current = stored;
      const grown = current === null ? null : grownStreams(record, current);
      if (current === null || grown === null) return compact(record);
      if (grown.length === 0) {
        counts.skippedUnchanged += 1;
        return true;
      }
      const segments: PersistedSegment[] = [];
      for (const stream of grown) {
        const segment = segmentOf(current.streams.get(stream.messageId)!, stream);
        if (segment === null) return compact(record);
        segments.push(segment);
      }
      return append(current, grown, segments);
    },
    adopt(record, baseRaw, streams, compactNext) {
      storedBaseRaw = baseRaw;
      counts.storedChars = baseRaw.length;
      stored = storedOf(record, streams, compactNext);
      // The client resends these: they are this writer's to drop once acknowledged.
      for (const entry of record.outbox) ownMessageIds.add(entry.messageId);
    },
    forget() {
      stored = null;
      storedBaseRaw = null;
      counts.storedChars = 0;
    },
    knownSegmentKeys,
    get stats() {
      return { ...counts, version: PERSISTED_RECORD_VERSION };
    },
  };
}

function storedOf(record: PersistedRecord, streams: readonly StoredStream[], compactNext: boolean): Stored {
  return {
    settled: settledOf(record),
    streams: new Map(streams.map((stream) => [stream.messageId, storedStreamOf(stream, stream.segments)])),
    compactNext,
  };
}

function storedStreamOf(stream: PersistedStream | StoredStream, segments: number): StoredStream {
  const { messageId, lastSeq, text, parts } = stream;
  return parts === undefined ? { messageId, lastSeq, text, segments } : { messageId, lastSeq, text, parts, segments };
}

/** Everything of a record but `savedAt` and its streams' text, parts and cursors. */
function settledOf(record: PersistedRecord): string {
  return JSON.stringify([
    record.openConversationId,
    record.outbox.map(encodeOutboxEntry),
    record.streams.map((stream) => [stream.conversationId, stream.messageId, stream.createdAt, stream.question ?? null]),
    record.approvals,
  ]);
}

/**
 * The base as stored: known fields only, in a fixed order, so equal records serialize equally and
 * nothing a caller attached reaches storage.
 */
export function encodeRecord(record: PersistedRecord): string {
  return JSON.stringify({
    format: record.format,
    v: record.v,
    namespace: record.namespace,
    savedAt: record.savedAt,
    openConversationId: record.openConversationId,
    streams: record.streams.map(({ conversationId, messageId, lastSeq, text, createdAt, question, parts }) => ({
      conversationId,
      messageId,
      lastSeq,
      text,
      createdAt,
      ...(question === undefined
        ? {}
        : { question: { messageId: question.messageId, text: question.text, createdAt: question.createdAt, index: question.index } }),
      ...(parts === undefined ? {} : { parts }),
    })),
    outbox: record.outbox.map(encodeOutboxEntry),
    approvals: record.approvals.map(({ conversationId, messageId, toolCallId, approved, reason }) =>
      reason === undefined ? { conversationId, messageId, toolCallId, approved } : { conversationId, messageId, toolCallId, approved, reason },
    ),
  });
}

/** An outbox entry with its known fields only, in a fixed order. */
export function encodeOutboxEntry({ conversationId, messageId, text, createdAt, sent, files }: OutboxEntry): OutboxEntry {
  const entry: OutboxEntry = sent === true ? { conversationId, messageId, text, createdAt, sent } : { conversationId, messageId, text, createdAt };
  return files === undefined ? entry : { ...entry, files };
}
