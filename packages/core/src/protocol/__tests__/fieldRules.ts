/**
 * The field rules of docs/protocol.md ("Frame reference"), as data, so the parser tests can try
 * every bad value on every field of every frame type instead of a hand-picked few.
 */
import { ERROR_CODES } from '../frames.ts';
import type { ClientFrame, ServerFrame } from '../frames.ts';

export type FieldKind =
  | 'id'
  | 'seq'
  | 'count'
  | 'positive'
  | 'string'
  | 'boolean'
  | 'array'
  | 'object'
  | 'objectOrNull'
  | 'version'
  | 'errorCode'
  | readonly string[];

export interface FieldRule {
  readonly kind: FieldKind;
  readonly optional?: boolean;
}

type Rules = { readonly [field: string]: FieldRule };

const id: FieldRule = { kind: 'id' };
const optionalId: FieldRule = { kind: 'id', optional: true };
const count: FieldRule = { kind: 'count' };
const string: FieldRule = { kind: 'string' };
const array: FieldRule = { kind: 'array' };
const version: FieldRule = { kind: 'version' };
const conversationStatus: FieldRule = { kind: ['idle', 'streaming', 'errored'] };

export const clientFieldRules: { readonly [T in ClientFrame['type']]: Rules } = {
  hello: { v: version, clientId: id, token: { kind: 'string', optional: true }, cursors: array },
  load: { conversationId: id, limit: { kind: 'positive', optional: true } },
  list: {},
  send: { conversationId: id, messageId: id, text: string, files: { kind: 'array', optional: true } },
  approve: {
    conversationId: id,
    messageId: id,
    toolCallId: id,
    approved: { kind: 'boolean' },
    reason: { kind: 'string', optional: true },
  },
  subscribe: { conversationId: id, messageId: id, lastSeq: count },
  unsubscribe: { conversationId: id },
  stop: { conversationId: id, messageId: optionalId },
  ping: { t: count },
  pong: { t: count },
};

export const serverFieldRules: { readonly [T in ServerFrame['type']]: Rules } = {
  welcome: {
    v: version,
    sessionId: id,
    activeStreams: array,
    lostStreams: array,
    limits: { kind: 'object' },
    heartbeatMs: { kind: 'positive' },
  },
  conversation: { conversationId: id, status: conversationStatus, messages: array, activeStream: { kind: 'objectOrNull' } },
  conversations: { conversations: array },
  ack: { conversationId: id, messageId: id, index: count, createdAt: count, duplicate: { kind: 'boolean' } },
  message_start: { conversationId: id, messageId: id, replyTo: id, index: count, createdAt: count },
  chunk: { conversationId: id, messageId: id, seq: { kind: 'seq' }, text: string },
  message_end: {
    conversationId: id,
    messageId: id,
    finishReason: { kind: ['complete', 'stopped', 'error'] },
    lastSeq: count,
    error: { kind: 'string', optional: true },
  },
  error: {
    // Any string is accepted (unknown codes become `internal`; parseServerFrame.test.ts checks that).
    code: { kind: 'errorCode' },
    message: string,
    conversationId: optionalId,
    messageId: optionalId,
    fatal: { kind: 'boolean', optional: true },
    retryAfterMs: { kind: 'count', optional: true },
  },
  ping: { t: count },
  pong: { t: count },
};

const cursorRules: Rules = { conversationId: id, messageId: id, lastSeq: count };

/** Records nested in frames: `[frame type, path to the record, its rules]`. */
export const nestedFieldRules: readonly (readonly ['client' | 'server', string, string, Rules])[] = [
  ['client', 'hello', 'cursors[1]', cursorRules],
  ['server', 'welcome', 'activeStreams[0]', { ...cursorRules, startedAt: count }],
  ['server', 'welcome', 'lostStreams[0]', cursorRules],
  ['server', 'welcome', 'limits', { maxFrameBytes: { kind: 'positive' }, maxMessageChars: { kind: 'positive' } }],
  ['server', 'conversation', 'activeStream', { messageId: id, lastSeq: count }],
  [
    'server',
    'conversation',
    'messages[0]',
    {
      id,
      role: { kind: ['user', 'assistant'] },
      text: string,
      status: { kind: ['complete', 'streaming', 'stopped', 'error'] },
      createdAt: count,
      replyTo: optionalId,
    },
  ],
  ['server', 'conversation', 'messages[1]', { seq: { kind: 'count', optional: true } }],
  [
    'server',
    'conversations',
    'conversations[0]',
    { conversationId: id, title: string, status: conversationStatus, updatedAt: count, messageCount: count },
  ],
];

/** Values that break a field of each kind, with a name for the test title. */
export function badValuesFor(kind: FieldKind): readonly (readonly [string, unknown])[] {
  if (typeof kind !== 'string') {
    return [
      ['a string outside the enum', 'nope'],
      ['an enum value in upper case', String(kind[0]).toUpperCase()],
      ['the empty string', ''],
      ['a number', 1],
      ['null', null],
    ];
  }
  switch (kind) {
    case 'id':
      return [
        ['the empty string', ''],
        ['a string with a space', 'has space'],
        ['a path', '../etc/passwd'],
        ['a non-ASCII letter', 'caf\u00e9'],
        ['129 characters long', 'x'.repeat(129)],
        ['a number', 42],
        ['null', null],
        ['an object', {}],
      ];
    case 'seq':
      return [
        ['0', 0],
        ['negative', -1],
        ['fractional', 1.5],
        ['a numeric string', '1'],
        ['past 2^53', 2 ** 53],
        ['huge', 1e300],
        ['null', null],
        ['a boolean', true],
      ];
    case 'count':
      return [
        ['negative', -1],
        ['fractional', 0.5],
        ['a numeric string', '0'],
        ['past 2^53', 2 ** 53],
        ['null', null],
        ['a boolean', false],
      ];
    case 'positive':
      return [
        ['0', 0],
        ['negative', -5],
        ['fractional', 2.5],
        ['a numeric string', '5'],
        ['null', null],
      ];
    case 'string':
    case 'errorCode':
      return [
        ['a number', 1],
        ['null', null],
        ['a boolean', true],
        ['an object', {}],
        ['an array', []],
      ];
    case 'boolean':
      return [
        ['the string "true"', 'true'],
        ['the number 1', 1],
        ['null', null],
      ];
    case 'array':
      return [
        ['an object', {}],
        ['a string', 'x'],
        ['null', null],
        ['an array holding a number', [1]],
        ['an array holding null', [null]],
      ];
    case 'object':
      return [
        ['an array', []],
        ['a string', 'x'],
        ['null', null],
      ];
    case 'objectOrNull':
      return [
        ['an array', []],
        ['a string', 'x'],
        ['a number', 0],
      ];
    case 'version':
      return [];
  }
}

/** Values at the edge of what a field of each kind accepts. */
export function edgeValuesFor(kind: FieldKind): readonly unknown[] {
  if (typeof kind !== 'string') return kind;
  switch (kind) {
    case 'id':
      return ['x'.repeat(128), 'A', '0', '-', '_', 'a-Z_9'];
    case 'seq':
    case 'positive':
      return [1, Number.MAX_SAFE_INTEGER];
    case 'count':
      return [0, Number.MAX_SAFE_INTEGER];
    case 'string':
      return ['', 'caf\u00e9 \u{1F389} "quoted" \\ \n'];
    case 'boolean':
      return [true, false];
    case 'objectOrNull':
      return [null];
    case 'errorCode':
      return ERROR_CODES;
    default:
      return [];
  }
}

/** Reads or replaces the value at a path such as `cursors[1]` or `limits` in a JSON-like tree. */
export function withValueAt(frame: object, path: string, replace: (parent: Record<string, unknown>) => void): object {
  const copy = structuredClone(frame) as Record<string, unknown>;
  let target: unknown = copy;
  for (const step of path.split(/[.[\]]/).filter((part) => part !== '')) {
    target = (target as Record<string, unknown>)[step];
  }
  replace(target as Record<string, unknown>);
  return copy;
}
