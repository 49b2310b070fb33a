import { isDevelopment } from '../environment/isDevelopment.ts';
import { StorageError } from '../errors/RejoinError.ts';
import type { OutboxEntry, PendingApproval } from '../model/conversation.ts';
import { fileAttachments, messageParts } from '../protocol/partShapes.ts';
import { describeValue } from '../protocol/frameChecks.ts';
import {
  boolean,
  arrayOf,
  checkRecord,
  id,
  integer,
  isRecord,
  nullable,
  optional,
  recordOf,
  rule,
  string,
  type FrameRecord,
  type RecordShape,
} from '../protocol/fieldChecks.ts';
import {
  PERSISTED_RECORD_FORMAT,
  PERSISTED_RECORD_VERSION,
  type PersistedQuestion,
  type PersistedRecord,
  type PersistedStream,
} from './PersistedRecord.ts';

export type DecodeResult =
  | { readonly record: PersistedRecord; readonly error: null }
  | { readonly record: null; readonly error: StorageError };

type RawObject = Readonly<Record<string, unknown>>;

/** Turns a raw record of version `n` into one of version `n + 1`. Runs before validation. */
type Migration = (record: RawObject) => RawObject;

/**
 * Keyed by the version a migration reads. A stored version with no path to the current one is
 * unusable. Version 1 holds each stream's whole partial text in the record itself; in version 2
 * that is a base its segments extend, and a version 1 record is a base with no segments, so the
 * fields carry over as they are.
 */
const migrations: Readonly<Partial<Record<number, Migration>>> = {
  1: (record) => ({ ...record, v: 2 }),
  // Version 3 adds stream parts (absent: text only) and approvals; a v2 record has neither.
  2: (record) => ({ ...record, v: 3, approvals: [] }),
  // Version 4 changes segments only (they may carry part events); a v3 base is a v4 base.
  3: (record) => ({ ...record, v: 4 }),
};

// The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
const CLEAN_START =
  isDevelopment ? ' It cannot be used: the client starts without it and fetches state from the server.' : '';

const timestamp = rule(
  (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  isDevelopment ? 'a timestamp (a number >= 0)' : '',
);

// The protocol's rules: every id stored came off the wire or was generated for it.
// `sent` is optional and additive: records written before it read as never sent.
const outboxEntryShape: RecordShape = {
  conversationId: id,
  messageId: id,
  text: string,
  createdAt: timestamp,
  sent: optional(rule((value) => value === true, isDevelopment ? 'true' : '')),
  files: optional(fileAttachments),
};
const approvalShape: RecordShape = {
  conversationId: id,
  messageId: id,
  toolCallId: id,
  approved: boolean,
  reason: optional(string),
};
const questionShape: RecordShape = { messageId: id, text: string, createdAt: timestamp, index: integer(0) };
const streamShape: RecordShape = {
  conversationId: id,
  messageId: id,
  lastSeq: integer(0),
  text: string,
  createdAt: timestamp,
  question: optional(recordOf(questionShape)),
  parts: optional(messageParts),
};
const recordShape: RecordShape = {
  namespace: rule(
    (value) => typeof value === 'string' && value !== '',
    isDevelopment ? 'a non-empty string' : '',
  ),
  savedAt: timestamp,
  openConversationId: nullable(id),
  streams: arrayOf(streamShape),
  outbox: arrayOf(outboxEntryShape),
  approvals: arrayOf(approvalShape),
};

/**
 * Parses, migrates and validates a stored snapshot. Every field is checked the way a frame from
 * the network is, because storage is shared with the rest of the page, extensions and the user.
 * Unknown fields are dropped. Never throws: an unusable record comes back as a `StorageError`.
 *
 * - not JSON, or not a Rejoin snapshot's shape: `storage/corrupt`;
 * - a version newer than this build reads, or an older one with no migration: `storage/version`;
 * - another namespace's record (for example copied under this user's key): `storage/foreign_namespace`.
 */
export function decodeRecord(raw: string, namespace: string): DecodeResult {
  if (typeof raw !== 'string') return corrupt('it is not a string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    // The parser's message quotes the text, which holds the user's chat: keep it in `cause` only.
    return corrupt('it is not valid JSON', cause);
  }
  if (!isRecord(parsed) || parsed['format'] !== PERSISTED_RECORD_FORMAT) {
    return corrupt(`it is not a "${PERSISTED_RECORD_FORMAT}" record`);
  }
  const version = parsed['v'];
  if (!Number.isSafeInteger(version)) return corrupt('its version "v" is not an integer');
  let current: FrameRecord = parsed;
  for (let v = version as number; v !== PERSISTED_RECORD_VERSION; v += 1) {
    const migrate = migrations[v];
    if (migrate === undefined) {
      return failure(
        'storage/version',
        isDevelopment
          ? `[rejoin] The saved snapshot is format version ${String(version)}, ` +
            ((version as number) > PERSISTED_RECORD_VERSION
              ? `newer than the version ${PERSISTED_RECORD_VERSION} this build of @rejoin/core reads (was the app rolled back?).`
              : `which this build of @rejoin/core cannot migrate to version ${PERSISTED_RECORD_VERSION}.`) +
            CLEAN_START
          : `[rejoin] The saved snapshot is format version ${String(version)} (this build reads ${PERSISTED_RECORD_VERSION}).`,
      );
    }
    try {
      current = migrate(current);
    } catch (cause) {
      return corrupt(`migrating it from version ${v} failed`, cause);
    }
  }

  const problem = checkRecord(current, recordShape);
  if (problem !== undefined) {
    return corrupt(
      isDevelopment
        ? `${problem.path} must be ${problem.expected}, got ${describeValue(problem.got)}`
        : `${problem.path} is invalid`,
    );
  }
  const record = current as unknown as PersistedRecord;
  // Two entries for one conversation or message could not both be restored, and text without a
  // seq would be appended to again by the replay: the record is not one this package wrote.
  const messages = [
    ...record.streams,
    ...record.streams.flatMap((stream) => (stream.question === undefined ? [] : [stream.question])),
    ...record.outbox,
  ];
  if (new Set(record.streams.map((stream) => stream.conversationId)).size < record.streams.length) {
    return corrupt('two streams are recorded for one conversation');
  }
  if (new Set(messages.map((message) => message.messageId)).size < messages.length) {
    return corrupt('one message id appears twice');
  }
  if (record.streams.some((stream) => stream.lastSeq === 0 && stream.text !== '')) {
    return corrupt('a stream holds text but its lastSeq is 0');
  }
  if (record.namespace !== namespace) {
    // The namespace itself stays out of the message: it is usually a user id, and messages get logged.
    return failure(
      'storage/foreign_namespace',
      isDevelopment
        ? `[rejoin] The saved snapshot belongs to another namespace (another user) and was ignored.${CLEAN_START} Each namespace has its own key, so the record was copied or written there by mistake.`
        : '[rejoin] The saved snapshot belongs to another namespace and was ignored.',
    );
  }
  return {
    record: {
      format: PERSISTED_RECORD_FORMAT,
      v: PERSISTED_RECORD_VERSION,
      ...pick<Omit<PersistedRecord, 'format' | 'v'>>(record, recordShape),
      streams: record.streams.map((stream) => {
        const picked = pick<PersistedStream>(stream, streamShape);
        return stream.question === undefined ? picked : { ...picked, question: pick<PersistedQuestion>(stream.question, questionShape) };
      }),
      outbox: record.outbox.map((entry) => pick<OutboxEntry>(entry, outboxEntryShape)),
      approvals: record.approvals.map((approval) => pick<PendingApproval>(approval, approvalShape)),
    },
    error: null,
  };
}

/** The fields `shape` names and `source` has, without any other: unknown fields are dropped. */
function pick<T>(source: object, shape: RecordShape): T {
  const picked: Record<string, unknown> = {};
  for (const field in shape) {
    const value = (source as FrameRecord)[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked as T;
}

function corrupt(reason: string, cause?: unknown): DecodeResult {
  return failure('storage/corrupt', `[rejoin] The saved snapshot is unreadable: ${reason}.${CLEAN_START}`, cause);
}

function failure(
  code: 'storage/corrupt' | 'storage/version' | 'storage/foreign_namespace',
  message: string,
  cause?: unknown,
): DecodeResult {
  return { record: null, error: new StorageError(code, message, cause === undefined ? {} : { cause }) };
}
