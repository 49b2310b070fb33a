import { isDevelopment } from '../environment/isDevelopment.ts';
import { StorageError } from '../errors/RejoinError.ts';
import { isRecord } from '../protocol/fieldChecks.ts';
import type { KeyValueStorage } from './KeyValueStorage.ts';
import type { PersistedSegment, PersistedStream } from './PersistedRecord.ts';
import { segmentKey } from './storageKey.ts';
import { toStorageError } from './toStorageError.ts';

/** A base stream extended by the segments that continue it. */
export interface ReadSegments {
  /** The base stream with every usable segment appended: text and cursor always agree. */
  readonly stream: PersistedStream;
  /** How many segment keys exist (used or not): the ones a compaction must remove. */
  readonly keys: number;
  /** The first segment that could not be used; it and every one after it were ignored. */
  readonly error: StorageError | null;
}

/**
 * Reads the segments of one stream, in order, from 1 until a key is missing, and appends each that
 * starts at the cursor so far. A segment that ends at or before the cursor is a leftover of a
 * compaction interrupted between writing the base and removing segments: it is skipped quietly.
 * Anything else that does not continue the text (corrupt, another namespace's, a gap) ends the
 * restore of this stream there with a typed error; what came before it is kept, and the server
 * replays the rest from the cursor, so no token is lost or doubled.
 */
export function readSegments(storage: KeyValueStorage, namespace: string, base: PersistedStream): ReadSegments {
  let { text, lastSeq } = base;
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
    } else {
      text += decoded.text;
      lastSeq = decoded.toSeq;
    }
  }
  return { stream: { ...base, text, lastSeq }, keys: n - 1, error };
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
  const { namespace: owner, fromSeq, toSeq, text } = parsed;
  if (
    typeof owner !== 'string' ||
    !Number.isSafeInteger(fromSeq) ||
    !Number.isSafeInteger(toSeq) ||
    (fromSeq as number) < 0 ||
    (toSeq as number) <= (fromSeq as number) ||
    typeof text !== 'string'
  ) {
    return segmentError('storage/corrupt', 'it is not a segment (namespace, fromSeq < toSeq, text)');
  }
  if (owner !== namespace) {
    return segmentError('storage/foreign_namespace', 'it belongs to another namespace (another user)');
  }
  return { namespace: owner, fromSeq: fromSeq as number, toSeq: toSeq as number, text };
}

function segmentError(code: 'storage/corrupt' | 'storage/foreign_namespace', reason: string): StorageError {
  return new StorageError(
    code,
    // The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
    isDevelopment
      ? `[rejoin] A saved stream segment is unusable: ${reason}. The reply resumes from the text before it; the server resends the rest.`
      : `[rejoin] A saved stream segment is unusable: ${reason}.`,
  );
}
