import type { ChatSnapshot } from '../../machine/chatMachine.ts';
import type { ConnectionState } from '../../machine/connectionState.ts';
import type { HistoryMessage } from '../../model/message.ts';
import { selectConnection } from '../../select/connectionView.ts';
import { selectIsPending, selectIsProcessing } from '../../select/conversationView.ts';
import type { ShownChat } from './ChatAppDriver.ts';

/** A broken invariant: which one, and what was seen. */
export interface InvariantViolation {
  readonly invariant: string;
  readonly detail: string;
}

/** What the checks remember between readings of one path. */
export interface InvariantMemory {
  /** The longest text shown so far, by message id. */
  readonly shownText: Map<string, string>;
  /** Every text the user sent on this path. */
  readonly sentTexts: string[];
}

/** What one reading is checked against. */
export interface InvariantInput {
  readonly shown: ShownChat;
  readonly snapshot: ChatSnapshot;
  /** Every message the server holds, in every conversation of the path. */
  readonly serverMessages: readonly HistoryMessage[];
  readonly memory: InvariantMemory;
}

/**
 * The indicator words that fit each connection state. Loose on purpose where a UI may say either
 * (a retry while the browser is offline may read "offline"); never "online" without a connection.
 */
export const CONNECTION_WORDS: Readonly<Record<ConnectionState, readonly string[]>> = {
  idle: ['connecting', 'offline'],
  connecting: ['connecting', 'offline'],
  restoring: ['connecting', 'offline'],
  merging: ['online'],
  connected: ['online'],
  disconnected: ['retrying', 'offline'],
  failed: ['failed'],
  disposed: ['offline'],
};

const count = <T>(items: readonly T[], item: T): number => items.filter((candidate) => candidate === item).length;

/**
 * The invariants every Rejoin UI keeps at every reading. Each returns what it found broken, or nothing.
 */
export const EVERY_READING: Readonly<Record<string, (input: InvariantInput) => string | null>> = {
  'no message shown twice': ({ shown }) => {
    const ids = shown.messages.map((message) => message.id);
    const twice = ids.find((id, index) => ids.indexOf(id) !== index);
    if (twice !== undefined) return `message ${twice} is shown twice`;
    const userTexts = shown.messages.filter((message) => message.role === 'user').map((message) => message.text);
    const repeated = userTexts.find((text, index) => userTexts.indexOf(text) !== index);
    return repeated === undefined ? null : `the user's "${repeated}" is shown twice`;
  },
  'text never shrinks or repeats': ({ shown, serverMessages, memory }) => {
    for (const message of shown.messages) {
      const before = memory.shownText.get(message.id) ?? '';
      if (!message.text.startsWith(before)) return `message ${message.id} went from "${before}" to "${message.text}"`;
      const canonical = serverMessages.find((candidate) => candidate.id === message.id);
      // The server's text is the truth: what is shown is always a beginning of it, never a chunk twice.
      if (canonical !== undefined && !canonical.text.startsWith(message.text)) {
        return `message ${message.id} shows "${message.text}", which the server's "${canonical.text}" does not begin with`;
      }
    }
    return null;
  },
  'indicators agree with the client': ({ shown, snapshot }) => {
    const open = snapshot.context.openConversationId;
    // Only the indicators the app shows are checked.
    if (open !== null && shown.processing !== undefined) {
      const processing = selectIsProcessing(snapshot, open);
      if (shown.processing !== processing) return `the processing indicator is ${shown.processing ? 'on' : 'off'}, the client is ${processing ? '' : 'not '}processing`;
    }
    if (open !== null && shown.pending !== undefined) {
      const pending = selectIsPending(snapshot, open);
      if (shown.pending !== pending) return `the pending indicator is ${shown.pending ? 'on' : 'off'}, the client has ${pending ? 'a' : 'no'} message waiting`;
    }
    if (shown.connection === undefined) return null;
    const state = selectConnection(snapshot).state;
    const words = CONNECTION_WORDS[state];
    return words.includes(shown.connection) ? null : `the connection indicator says "${shown.connection}" while the client is ${state} (expected ${words.join(' or ')})`;
  },
  'queued messages delivered at most once': ({ serverMessages, memory }) => {
    const texts = serverMessages.filter((message) => message.role === 'user').map((message) => message.text);
    const twice = memory.sentTexts.find((text) => count(texts, text) > 1);
    return twice === undefined ? null : `the server holds "${twice}" ${count(texts, twice)} times`;
  },
};

/** Once every fault has healed and the world has settled: nothing lost, nothing left behind. */
export const AT_REST: Readonly<Record<string, (input: InvariantInput & { readonly serverThread: readonly HistoryMessage[] }) => string | null>> = {
  'queued messages delivered exactly once': ({ snapshot, serverMessages, memory }) => {
    if (snapshot.context.outbox.length > 0) return `${snapshot.context.outbox.length} message(s) still wait in the outbox`;
    const kept = Object.values(snapshot.context.conversations).flatMap((conversation) => conversation.messages).filter((message) => message.role === 'user');
    const onServer = serverMessages.filter((message) => message.role === 'user').map((message) => message.text);
    // A message the client still shows reached the server once; one a stop cancelled reached it never.
    const missing = kept.find((message) => memory.sentTexts.includes(message.text) && count(onServer, message.text) !== 1);
    return missing === undefined ? null : `"${missing.text}" is on the server ${count(onServer, missing.text)} times`;
  },
  "the final text equals the server's": ({ shown, serverThread }) => {
    const render = (messages: readonly { role: string; text: string }[]): string => JSON.stringify(messages.map(({ role, text }) => [role, text]));
    return render(shown.messages) === render(serverThread) ? null : `shown ${render(shown.messages)}, the server has ${render(serverThread)}`;
  },
  'nothing left processing': ({ shown }) => (shown.processing === true || shown.pending === true ? 'an indicator is still on' : null),
};

/** Runs a set of invariants; the first broken one, or null. */
export function firstViolation<I>(invariants: Readonly<Record<string, (input: I) => string | null>>, input: I): InvariantViolation | null {
  for (const [invariant, check] of Object.entries(invariants)) {
    const detail = check(input);
    if (detail !== null) return { invariant, detail };
  }
  return null;
}
