import { StorageError } from '../errors/RejoinError.ts';
import type { OutboxEntry } from '../model/conversation.ts';
import { isId } from '../protocol/fieldChecks.ts';
import {
  PERSISTED_RECORD_FORMAT,
  PERSISTED_RECORD_VERSION,
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
 * Keyed by the version a migration reads. Version 1 is the first format, so there is nothing to
 * migrate yet: a v2 adds `1: (record) => ({ ...record, v: 2, ... })` and bumps
 * `PERSISTED_RECORD_VERSION`. A stored version with no path to the current one is unusable.
 */
const migrations: Readonly<Partial<Record<number, Migration>>> = {};

// The advice is development-only (see protocol/frameRejections.ts); production keeps the facts.
const CLEAN_START =
  typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
    ? 'It cannot be used: the client starts without it and fetches state from the server.'
    : '';

/** A field failed validation; carries the path so the error message can name it. */
class InvalidField {
  constructor(readonly reason: string) {}
}

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
  try {
    return decode(raw, namespace);
  } catch (cause) {
    // Unreachable by design; kept so a bug in validation still cannot crash a page load.
    return corrupt(`validation failed unexpectedly (${describe(cause)})`, cause);
  }
}

function decode(raw: string, namespace: string): DecodeResult {
  if (typeof raw !== 'string') return corrupt('it is not a string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    // The parser's message quotes the text, which holds the user's chat: keep it in `cause` only.
    return corrupt('it is not valid JSON', cause);
  }
  if (!isObject(parsed) || parsed['format'] !== PERSISTED_RECORD_FORMAT) {
    return corrupt(`it is not a "${PERSISTED_RECORD_FORMAT}" record`);
  }
  const version = parsed['v'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version)) {
    return corrupt('its version "v" is not an integer');
  }
  if (version > PERSISTED_RECORD_VERSION) {
    return failure(
      'storage/version',
      typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
        ? `[rejoin] The saved snapshot is format version ${version}, newer than the version ${PERSISTED_RECORD_VERSION} this build of @rejoin/core reads (was the app rolled back?). ${CLEAN_START}`
        : `[rejoin] The saved snapshot is format version ${version} (this build reads ${PERSISTED_RECORD_VERSION}).`,
    );
  }

  let current: RawObject = parsed;
  for (let v = version; v < PERSISTED_RECORD_VERSION; v += 1) {
    const migrate = migrations[v];
    if (migrate === undefined) {
      return failure(
        'storage/version',
        typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
          ? `[rejoin] The saved snapshot is format version ${version}, which this build of @rejoin/core cannot migrate to version ${PERSISTED_RECORD_VERSION}. ${CLEAN_START}`
          : `[rejoin] The saved snapshot is format version ${version} (this build reads ${PERSISTED_RECORD_VERSION}).`,
      );
    }
    try {
      current = migrate(current);
    } catch (cause) {
      return corrupt(`migrating it from version ${v} failed (${describe(cause)})`, cause);
    }
  }

  let record: PersistedRecord;
  try {
    record = readRecord(current);
  } catch (cause) {
    if (cause instanceof InvalidField) return corrupt(cause.reason);
    throw cause;
  }
  if (record.namespace !== namespace) {
    // The namespace itself stays out of the message: it is usually a user id, and messages get logged.
    return failure(
      'storage/foreign_namespace',
      typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
        ? `[rejoin] The saved snapshot belongs to another namespace (another user) and was ignored. ${CLEAN_START} Each namespace has its own key, so the record was copied or written there by mistake.`
        : '[rejoin] The saved snapshot belongs to another namespace and was ignored.',
    );
  }
  return { record, error: null };
}

function readRecord(source: RawObject): PersistedRecord {
  const streams = readArray(source, 'streams').map((item, i) => readStream(item, `streams[${i}]`));
  const outbox = readArray(source, 'outbox').map((item, i) => readOutboxEntry(item, `outbox[${i}]`));

  // Two entries for one conversation or message could not both be restored; the record is not
  // one this package wrote.
  const conversations = new Set<string>();
  for (const stream of streams) {
    if (conversations.has(stream.conversationId)) {
      throw new InvalidField(`two streams are recorded for one conversation`);
    }
    conversations.add(stream.conversationId);
  }
  const messages = new Set<string>();
  for (const { messageId } of [...streams, ...outbox]) {
    if (messages.has(messageId)) throw new InvalidField(`one message id appears twice`);
    messages.add(messageId);
  }

  const openConversationId = source['openConversationId'];
  return {
    format: PERSISTED_RECORD_FORMAT,
    v: PERSISTED_RECORD_VERSION,
    namespace: readString(source, 'namespace', 'namespace', true),
    savedAt: readTimestamp(source, 'savedAt', 'savedAt'),
    openConversationId:
      openConversationId === null ? null : readId(source, 'openConversationId', 'openConversationId'),
    streams,
    outbox,
  };
}

function readStream(value: unknown, path: string): PersistedStream {
  const source = readObject(value, path);
  const lastSeq = source['lastSeq'];
  if (typeof lastSeq !== 'number' || !Number.isSafeInteger(lastSeq) || lastSeq < 0) {
    throw new InvalidField(`${path}.lastSeq is not a non-negative integer`);
  }
  const text = readString(source, 'text', `${path}.text`, false);
  // Seq 0 means no chunk received yet: text there would be appended to again by the replay.
  if (lastSeq === 0 && text !== '') {
    throw new InvalidField(`${path} holds text but its lastSeq is 0, so cursor and text disagree`);
  }
  return {
    conversationId: readId(source, 'conversationId', `${path}.conversationId`),
    messageId: readId(source, 'messageId', `${path}.messageId`),
    lastSeq,
    text,
    createdAt: readTimestamp(source, 'createdAt', `${path}.createdAt`),
  };
}

function readOutboxEntry(value: unknown, path: string): OutboxEntry {
  const source = readObject(value, path);
  return {
    conversationId: readId(source, 'conversationId', `${path}.conversationId`),
    messageId: readId(source, 'messageId', `${path}.messageId`),
    text: readString(source, 'text', `${path}.text`, false),
    createdAt: readTimestamp(source, 'createdAt', `${path}.createdAt`),
  };
}

function readObject(value: unknown, path: string): RawObject {
  if (!isObject(value)) throw new InvalidField(`${path} is not an object`);
  return value;
}

function readArray(source: RawObject, field: string): readonly unknown[] {
  const value = source[field];
  if (!Array.isArray(value)) throw new InvalidField(`${field} is not an array`);
  return value;
}

function readString(source: RawObject, field: string, path: string, nonEmpty: boolean): string {
  const value = source[field];
  if (typeof value !== 'string' || (nonEmpty && value.length === 0)) {
    throw new InvalidField(`${path} is not a${nonEmpty ? ' non-empty' : ''} string`);
  }
  return value;
}

/** The protocol's id rule: every id stored came off the wire or was generated for it. */
function readId(source: RawObject, field: string, path: string): string {
  const value = source[field];
  if (!isId(value)) throw new InvalidField(`${path} is not an id`);
  return value;
}

function readTimestamp(source: RawObject, field: string, path: string): number {
  const value = source[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidField(`${path} is not a timestamp`);
  }
  return value;
}

function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function corrupt(reason: string, cause?: unknown): DecodeResult {
  return failure('storage/corrupt', `[rejoin] The saved snapshot is unreadable: ${reason}.${CLEAN_START === '' ? '' : ` ${CLEAN_START}`}`, cause);
}

function failure(
  code: 'storage/corrupt' | 'storage/version' | 'storage/foreign_namespace',
  message: string,
  cause?: unknown,
): DecodeResult {
  const error =
    cause === undefined ? new StorageError(code, message) : new StorageError(code, message, { cause });
  return { record: null, error };
}

function describe(cause: unknown): string {
  try {
    return cause instanceof Error ? cause.message : String(cause);
  } catch {
    return 'unknown error';
  }
}
