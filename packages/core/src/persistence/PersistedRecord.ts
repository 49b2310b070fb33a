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
 */
import type { OutboxEntry, PendingApproval } from '../model/conversation.ts';
import type { MessagePart } from '../model/parts.ts';

/** The record format version this package writes; older versions are migrated on read. */
export const PERSISTED_RECORD_VERSION = 3;

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
   * the parts are its text alone). Segments append text only; a part event makes the next write a
   * compaction, so restored parts and cursor always agree. The joined text parts equal `text`.
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
 * The text a stream gained between two writes: the chunks after `fromSeq` up to `toSeq`. Stored
 * under `segmentKey(namespace, messageId, n)`, n counting from 1 after the base's last compaction.
 * Restore appends segments in order while each starts where the text so far ends (`fromSeq` equals
 * the cursor), so the restored cursor always describes exactly the restored text.
 */
export interface PersistedSegment {
  /** Whose segment this is; checked on read like the base record's. */
  readonly namespace: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly text: string;
}
