import { isDevelopment } from '../environment/isDevelopment.ts';
import { StorageError } from '../errors/RejoinError.ts';
import { appendTextToParts, partsOfText } from '../merge/messageParts.ts';
import type { MessagePart } from '../model/parts.ts';
import { arrayWhere, checkRecord, isRecord, string, type FieldRule } from '../protocol/fieldChecks.ts';
import { partEvent } from '../protocol/partShapes.ts';
import type { KeyValueStorage } from './KeyValueStorage.ts';
import type { PersistedSegment, PersistedStream } from './PersistedRecord.ts';
import { foldSegmentEvents, textOfSegmentEvents } from './segmentEvents.ts';
import { segmentKey } from './storageKey.ts';
import { toStorageError } from './toStorageError.ts';

/** A base stream extended by the segments that continue it. */
export interface ReadSegments {
  /** The base stream with every usable segment appended: text, parts and cursor always agree. */
  readonly stream: PersistedStream;
  /** How many segment keys exist (used or not): the ones a compaction must remove. */
  readonly keys: number;
  /** The first segment that could not be used; it and every one after it were ignored. */
  readonly error: StorageError | null;
}

/**
 * Reads the segments of one stream, in order, from 1 until a key is missing, and appends each that
 * starts at the cursor so far, folding its part events (if any) into the parts. A segment that ends at or before the cursor is a leftover of a
 * compaction interrupted between writing the base and removing segments: it is skipped quietly.
 * Anything else that does not continue the text (corrupt, another namespace's, a gap) ends the
 * restore of this stream there with a typed error; what came before it is kept, and the server
 * replays the rest from the cursor, so no token is lost or doubled.
 */
export function readSegments(storage: KeyValueStorage, namespace: string, base: PersistedStream): ReadSegments {
  let { text, lastSeq } = base;
  /** Absent while the stream is text alone, as in the base. */
  let parts: readonly MessagePart[] | undefined = base.parts;
  let error: StorageError | null = null;
  let n = 1;
  for (; ; n += 1) {
    let raw: string | null;
    try {
      raw = storage.getItem(segmentKey(namespace, base.messageId, n));
    } catch (cause) {
      error ??= toStorageError(cause, 'reading a stream segment');
      break;
    }
    if (raw === null) break;
    if (error !== null) continue; // counted for removal, not used
    const decoded = decodeSegment(raw, namespace);
    if (decoded instanceof StorageError) {
      error = decoded;
    } else if (decoded.toSeq <= lastSeq) {
      // Already in the base: a compaction wrote it and was interrupted before removing this key.
    } else if (decoded.fromSeq !== lastSeq) {
      error = segmentError(
        'storage/corrupt',
        `segment ${n} starts after chunk ${decoded.fromSeq} where the text so far ends at chunk ${lastSeq}`,
      );
    } else if (decoded.events === undefined) {
      const appended = decoded.text ?? '';
      text += appended;
      if (parts !== undefined) parts = appendTextToParts(parts, appended);
      lastSeq = decoded.toSeq;
    } else {
      const folded = foldSegmentEvents(parts ?? partsOfText(text), decoded.events);
      if (folded === null) {
        error = segmentError('storage/corrupt', `segment ${n} has an event for a tool call the reply lacks`);
      } else {
        text += textOfSegmentEvents(decoded.events);
        parts = folded;
        lastSeq = decoded.toSeq;
      }
    }
  }
  return { stream: { ...base, text, lastSeq, ...(parts === undefined ? {} : { parts }) }, keys: n - 1, error };
}

/** Parses and checks one stored segment; never throws. */
export function decodeSegment(raw: string, namespace: string): PersistedSegment | StorageError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // The parser's message quotes the text, which holds the user's chat: leave it out.
    return segmentError('storage/corrupt', 'it is not valid JSON');
  }
  if (!isRecord(parsed)) return segmentError('storage/corrupt', 'it is not an object');
  const { namespace: owner, fromSeq, toSeq, text, events } = parsed;
  if (
    typeof owner !== 'string' ||
    !Number.isSafeInteger(fromSeq) ||
    !Number.isSafeInteger(toSeq) ||
    (fromSeq as number) < 0 ||
    (toSeq as number) <= (fromSeq as number) ||
    // Exactly one: text for a reply of text alone, events for one with parts.
    (events === undefined ? typeof text !== 'string' : text !== undefined || segmentEvents(events, 'events') !== undefined)
  ) {
    return segmentError('storage/corrupt', 'it is not a segment (namespace, fromSeq < toSeq, text or events)');
  }
  if (owner !== namespace) {
    return segmentError('storage/foreign_namespace', 'it belongs to another namespace (another user)');
  }
  const range = { namespace: owner, fromSeq: fromSeq as number, toSeq: toSeq as number };
  return events === undefined ? { ...range, text: text as string } : { ...range, events: events as PersistedSegment['events'] & object };
}

/** A segment's events: text deltas and part events, each checked as a chunk's would be. */
const segmentEvents: FieldRule = arrayWhere((value, path) =>
  isRecord(value) && value['kind'] === 'text' ? checkRecord(value, { kind: string, delta: string }) : partEvent(value, path),
);

function segmentError(code: 'storage/corrupt' | 'storage/foreign_namespace', reason: string): StorageError {
  return new StorageError(
    code,
    // The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
    isDevelopment
      ? `[rejoin] A saved stream segment is unusable: ${reason}. The reply resumes from the text before it; the server resends the rest.`
      : `[rejoin] A saved stream segment is unusable: ${reason}.`,
  );
}
