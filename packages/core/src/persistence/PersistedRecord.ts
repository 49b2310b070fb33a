/**
 * The one record Rejoin persists per namespace: what a refresh needs to resume, and nothing
 * else. History is not in it (the server has it), so its size does not grow with history.
 */
import type { OutboxEntry } from '../model/conversation.ts';

/** The record format version this package writes; older versions are migrated on read. */
export const PERSISTED_RECORD_VERSION = 1;

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
  /** The last chunk seq folded into `text`; 0 when `text` is empty. */
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
}
