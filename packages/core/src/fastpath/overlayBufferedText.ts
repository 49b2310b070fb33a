import type { ChatContext } from '../machine/chatContext.ts';
import type { ChatSnapshot } from '../machine/chatMachine.ts';
import type { ConversationState } from '../model/conversation.ts';
import type { ChatMessage } from '../model/message.ts';
import { positionOf } from '../merge/conversationUpdates.ts';
import { appendTextToParts } from '../merge/messageParts.ts';

/** Text of a followed reply that arrived in order and has not reached the machine yet. */
export interface BufferedText {
  readonly conversationId: string;
  readonly messageId: string;
  /** The message's `seq` when buffering began: the text is appended only to a message still there. */
  readonly baseSeq: number;
  /** The seq of the last buffered chunk: the message's `seq` once the text is shown. */
  readonly lastSeq: number;
  readonly text: string;
}

/**
 * A message as the last overlay showed it, with its conversation; `standsFor` is the machine's
 * object it replaced when the two say the same (after a commit), so that is recognised at once.
 */
export interface ShownMessage {
  readonly conversationId: string;
  readonly message: ChatMessage;
  readonly standsFor?: ChatMessage;
}

/** The overlaid snapshot, and the messages it changed (hand them back as `previous` next time). */
export interface Overlay {
  readonly snapshot: ChatSnapshot;
  readonly shown: ReadonlyMap<string, ShownMessage>;
}

/**
 * The machine's snapshot as the app should see it: each buffered text appended to its message (and
 * the followed stream's `lastSeq` moved with it) while the machine's message is still at the seq the
 * buffer started from, exactly what the machine will hold once the buffer
 * is committed. Only the touched conversations, messages and streams are new objects; everything
 * else keeps its identity, so a row selector sees one changed message per window. The copy keeps
 * the snapshot's own fields (`value`, `tags`, `machine`, ...), so `matches`, `hasTag` and `can`,
 * which read them through `this`, answer as on the original.
 *
 * A message of `previous` (what the last overlay showed) that would come out the same is shown as
 * that same object: once the buffer is committed the machine holds the text itself, in a new
 * object, and to a row nothing changed, so nothing re-renders.
 *
 * The snapshot is `snapshot` itself when there is nothing to change.
 */
export function overlayBufferedText(
  snapshot: ChatSnapshot,
  buffered: Iterable<BufferedText>,
  previous: ReadonlyMap<string, ShownMessage> = new Map(),
): Overlay {
  const { context } = snapshot;
  let conversations: Record<string, ConversationState> | null = null;
  const shown = new Map<string, ShownMessage>();
  const read = (conversationId: string): ConversationState | undefined => (conversations ?? context.conversations)[conversationId];
  const place = (conversationId: string, messageId: string, text: BufferedText | undefined): void => {
    const conversation = read(conversationId);
    if (conversation === undefined) return;
    const position = positionOf(conversation.messages, messageId);
    const held = conversation.messages[position];
    if (held === undefined) return;
    const before = previous.get(messageId);
    // Shown relative to what the machine holds: nothing once it holds the text (a commit it has
    // folded), nothing either should it have moved elsewhere; then the machine's message is the truth.
    if (text !== undefined && (held.seq ?? 0) !== text.baseSeq) text = undefined;
    let message: ChatMessage;
    if (text === undefined && before?.standsFor === held) message = before.message;
    else {
      message = text === undefined ? held : { ...held, text: held.text + text.text, parts: appendTextToParts(held.parts, text.text), seq: text.lastSeq };
      if (before !== undefined && sameMessage(message, before.message)) message = before.message;
    }
    if (text !== undefined) shown.set(messageId, { conversationId, message });
    else if (message !== held) shown.set(messageId, { conversationId, message, standsFor: held });
    if (message === held) return;
    const messages = conversation.messages.slice();
    messages[position] = message;
    const stream =
      text !== undefined && conversation.stream?.messageId === messageId
        ? { ...conversation.stream, lastSeq: text.lastSeq }
        : conversation.stream;
    conversations ??= { ...context.conversations };
    conversations[conversationId] = { ...conversation, messages, stream };
  };

  const placed = new Set<string>();
  for (const text of buffered) {
    placed.add(text.messageId);
    place(text.conversationId, text.messageId, text);
  }
  for (const [messageId, entry] of previous) {
    if (!placed.has(messageId)) place(entry.conversationId, messageId, undefined);
  }

  if (conversations === null) return { snapshot, shown };
  const overlaid: ChatContext = { ...context, conversations };
  return { snapshot: { ...snapshot, context: overlaid } as ChatSnapshot, shown };
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.id === b.id &&
    a.role === b.role &&
    a.status === b.status &&
    a.seq === b.seq &&
    a.createdAt === b.createdAt &&
    a.index === b.index &&
    a.text.length === b.text.length &&
    a.text === b.text &&
    a.parts.length === b.parts.length &&
    JSON.stringify(a.parts[a.parts.length - 1]) === JSON.stringify(b.parts[b.parts.length - 1])
  );
}
