// What must hold of the client's conversation after EVERY delivery, however adversarial: never a
// wrong or duplicated token, never a duplicated id, nothing going backwards, identity kept for
// what did not change. Plain checks rather than expect(): they run millions of times per suite.
import type { ConversationState, StreamState } from '../../model/conversation.ts';
import type { ChatMessage } from '../../model/message.ts';
import { isFinished } from '../conversationUpdates.ts';
import { orderMessages } from '../conversationUpdates.ts';
import { mixedTextOf, partsOf, type CanonicalMessage } from './simulatedConversation.ts';

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

function ensure(condition: boolean, describe: () => string): void {
  if (!condition) throw new InvariantViolation(describe());
}

export function expectConsistent(
  canonical: ReadonlyMap<string, CanonicalMessage>,
  current: ConversationState,
  previous: ConversationState,
): void {
  const ids = current.messages.map((m) => m.id);
  ensure(new Set(ids).size === ids.length, () => `an id appears twice: ${ids.join(',')}`);
  ensure(orderMessages(current.messages) === current.messages, () => `messages out of order: ${ids.join(',')}`);

  for (const message of current.messages) {
    const truth = canonical.get(message.id);
    if (truth === undefined) throw new InvariantViolation(`a message the server never had: ${message.id}`);
    ensure(message.role === truth.role, () => `${message.id} has the wrong role`);
    ensure(message.index === undefined || message.index === truth.index, () => `${message.id} has index ${message.index}`);
    if (message.role === 'user') {
      ensure(message.text === truth.text, () => `${message.id} has the wrong text`);
      ensure(message.status === 'pending' || message.status === 'complete', () => `${message.id} is ${message.status}`);
    } else {
      // The text is always exactly the first `seq` chunks: nothing lost in between, nothing twice.
      // The parts are exactly the first `seq` events folded in order, the text their text parts.
      ensure(message.seq !== undefined && message.text === mixedTextOf(message.id, message.seq), () => {
        return `${message.id} holds ${JSON.stringify(message.text)} at seq ${message.seq}`;
      });
      ensure(JSON.stringify(message.parts) === JSON.stringify(partsOf(message.id, message.seq ?? 0)), () => {
        return `${message.id} holds parts ${JSON.stringify(message.parts)} at seq ${message.seq}`;
      });
      ensure(!isFinished(message) || (message.status === truth.status && message.text === truth.text && message.parts.length === truth.parts.length), () => {
        return `${message.id} ended as ${message.status} with ${JSON.stringify(message.text)}`;
      });
    }
  }

  const { stream } = current;
  if (stream !== null) {
    const followed = current.messages.find((m) => m.id === stream.messageId);
    ensure(followed?.status === 'streaming', () => `the stream follows ${stream.messageId}, ${followed?.status}`);
    ensure(stream.lastSeq === followed?.seq, () => `the stream is at ${stream.lastSeq}, its reply at ${followed?.seq}`);
  }
  ensure((stream !== null) === (current.status === 'streaming'), () => {
    return `status ${current.status} with stream ${JSON.stringify(stream)}`;
  });

  expectNothingBackwards(current, previous);
}

function expectNothingBackwards(current: ConversationState, previous: ConversationState): void {
  const now = new Map(current.messages.map((m) => [m.id, m]));
  for (const before of previous.messages) {
    const after = now.get(before.id);
    if (after === undefined) throw new InvariantViolation(`${before.id} disappeared`);
    ensure((after.seq ?? 0) >= (before.seq ?? 0), () => `the seq of ${before.id} went backwards`);
    ensure(!isFinished(before) || after.status === before.status, () => `${before.id} reopened as ${after.status}`);
    ensure(!sameMessage(before, after) || after === before, () => `${before.id} is unchanged but a new object`);
  }
  ensure(!sameStream(previous.stream, current.stream) || current.stream === previous.stream, () => {
    return 'an unchanged stream became a new object';
  });
  const sameElements =
    current.messages.length === previous.messages.length &&
    current.messages.every((m, i) => m === previous.messages[i]);
  ensure(!sameElements || current.messages === previous.messages, () => 'an unchanged message list became a new array');
  const unchanged =
    sameElements &&
    current.status === previous.status &&
    current.loaded === previous.loaded &&
    current.stream === previous.stream;
  ensure(!unchanged || current === previous, () => 'an unchanged conversation became a new object');
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.text === b.text &&
    a.status === b.status &&
    a.seq === b.seq &&
    a.index === b.index &&
    a.createdAt === b.createdAt &&
    a.role === b.role
  );
}

function sameStream(a: StreamState | null, b: StreamState | null): boolean {
  if (a === null || b === null) return a === b;
  return a.messageId === b.messageId && a.lastSeq === b.lastSeq && a.awaitingReplay === b.awaitingReplay;
}
