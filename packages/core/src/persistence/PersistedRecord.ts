/**
 * What Rejoin persists per namespace: what a refresh needs to resume, and nothing else. History is
 * not in it (the server has it), so its size does not grow with history.
 *
 * Version 2 stores it in two parts. The base record (this `PersistedRecord`, under `storageKey`)
 * holds the settled state and each stream's text up to its last compaction; while a reply streams,
 * the text added since is appended as `PersistedSegment`s under `segmentKey`, so a write costs what
 * was appended rather than the whole partial text. Version 1 had no segments: its records read as
 * version 2 bases with none. A build that reads only version 1 must not read a version 2 base, as
 * it would resume from the base's older cursor without the segments' text; the version bump
 * makes it refuse instead.
 *
 * Version 4 lets a segment carry the reply's part events too (`PersistedSegment.events`), so a reply
 * with parts also costs what was appended; version 3 appended text only and compacted on every part
 * event. The bases are alike, so a version 3 record reads as a version 4 base; a version 3 build
 * must not read version 4, as it would skip the events and resume after parts it never restored.
 */
import type { OutboxEntry, PendingApproval } from '../model/conversation.ts';
import type { MessagePart, PartEvent } from '../model/parts.ts';

/** The record format version this package writes; older versions are migrated on read. */
export const PERSISTED_RECORD_VERSION = 4;

/** Identifies a Rejoin record among whatever else the app keeps in the same storage. */
export const PERSISTED_RECORD_FORMAT = 'rejoin/snapshot';

/**
 * An assistant stream being followed, with the text received so far. The cursor (`lastSeq`) and
 * the text are written in the same record, so after a restore they can never disagree: the text
 * holds exactly the chunks up to `lastSeq`, and a resume asks for what comes after it.
 */
export interface PersistedStream {
  readonly conversationId: string;
  readonly messageId: string;
  /** The last chunk seq folded into `text`; 0 when `text` is empty. Segments continue from it. */
  readonly lastSeq: number;
  readonly text: string;
  readonly createdAt: number;
  /**
   * The acknowledged user message shown right above the reply (the one it answers, or the last
   * one queued behind that), when the client held it. Without it a reloaded page shows the reply
   * alone until the history arrives, then the question appears above it. One
   * message per stream, so the record still does not grow with history. Optional and additive:
   * records written before it, and builds that predate it, read the rest unchanged.
   */
  readonly question?: PersistedQuestion;
  /**
   * Version 3: the reply's parts up to the base's `lastSeq`, when it has any besides text (absent:
   * the parts are its text alone). Segments continue them with events (version 4), folded on
   * restore, so restored parts and cursor always agree. The joined text parts equal `text`.
   */
  readonly parts?: readonly MessagePart[];
}

/** An acknowledged user message, kept beside the reply that answers it. */
export interface PersistedQuestion {
  readonly messageId: string;
  readonly text: string;
  readonly createdAt: number;
  /** Its place in the server's history. */
  readonly index: number;
}

export interface PersistedRecord {
  readonly format: typeof PERSISTED_RECORD_FORMAT;
  readonly v: typeof PERSISTED_RECORD_VERSION;
  /** Whose record this is (usually a user id); checked on read so one user never resumes another's. */
  readonly namespace: string;
  /** Milliseconds since the epoch, from the injected clock. Ignored when comparing records. */
  readonly savedAt: number;
  readonly openConversationId: string | null;
  readonly streams: readonly PersistedStream[];
  /** User messages typed and not yet acknowledged, in the order typed. */
  readonly outbox: readonly OutboxEntry[];
  /** Version 3: tool-call decisions not yet confirmed by the server, resent after the reload. */
  readonly approvals: readonly PendingApproval[];
}

/**
 * What a stream gained between two writes: the chunks after `fromSeq` up to `toSeq`. Stored
 * under `segmentKey(namespace, messageId, n)`, n counting from 1 after the base's last compaction.
 * Restore appends segments in order while each starts where the stream so far ends (`fromSeq`
 * equals the cursor), so the restored cursor always describes exactly the restored text and parts.
 * Exactly one of `text` and `events` is present.
 */
export interface PersistedSegment {
  /** Whose segment this is; checked on read like the base record's. */
  readonly namespace: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  /** A reply of text alone: the text appended (what version 2 and 3 wrote). */
  readonly text?: string;
  /**
   * Version 4, a reply with parts: what it gained, in fold order, as the events that make it
   * (consecutive text chunks joined into one `text` event). Restore folds them with the client's
   * own fold (`PartsDraft`); the writer stores them only when that fold rebuilds its parts exactly.
   */
  readonly events?: readonly SegmentEvent[];
}

/** One step of a segment: text appended, or a part event (`PartEvent`, as a v2 chunk carries it). */
export type SegmentEvent = { readonly kind: 'text'; readonly delta: string } | PartEvent;
