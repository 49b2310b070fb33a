import type { ChunkFrame, ConversationFrame, HistoryMessage, MessageEndFrame, ServerFrame } from '@rejoin/core/protocol';
import { conversationStatus } from '../stores/summarizeConversation.ts';
import { foldParts, type StreamPiece, textOfParts } from '../streams/foldParts.ts';

export interface ComposedConversation {
  /** The answer to `load`. */
  readonly frame: ConversationFrame;
  /** Held frames the answer does not cover, to send right after it in their order. */
  readonly rest: readonly ServerFrame[];
  /** Messages final in the answer: the connection stops following their streams. */
  readonly settled: readonly string[];
}

/**
 * Builds a `load` answer from a history snapshot and the stream frames held while it was read.
 *
 * The snapshot's streaming message has the text stored in history (usually none yet); the held
 * frames carry its stream from that point (the connection followed it from the message's `seq`),
 * so folding the contiguous chunks in gives the text up to `activeStream.lastSeq`, and the next
 * live chunk is `lastSeq + 1`: no gap, no overlap. Frames of any message in the snapshot are
 * consumed; frames of replies that started after the snapshot pass through.
 *
 * @param lost Streaming messages whose stream the store no longer knows: shown as `error`.
 */
export function composeConversationFrame(
  conversationId: string,
  history: readonly HistoryMessage[],
  held: readonly ServerFrame[],
  lost: ReadonlySet<string>,
): ComposedConversation {
  const inSnapshot = new Set(history.map((message) => message.id));
  const chunks = new Map<string, ChunkFrame[]>();
  const ends = new Map<string, MessageEndFrame>();
  const rest: ServerFrame[] = [];
  for (const frame of held) {
    const messageId = streamMessageId(frame, conversationId);
    if (messageId === undefined || !inSnapshot.has(messageId)) {
      rest.push(frame);
    } else if (frame.type === 'chunk') {
      const list = chunks.get(messageId) ?? [];
      list.push(frame);
      chunks.set(messageId, list);
    } else if (frame.type === 'message_end') {
      ends.set(messageId, frame);
    }
    // A held `message_start` of a message in the snapshot is dropped: the history has it.
  }

  let activeStream: ConversationFrame['activeStream'] = null;
  const settled: string[] = [];
  const messages = history.map((message): HistoryMessage => {
    if (message.status !== 'streaming') {
      settled.push(message.id);
      return message;
    }
    if (lost.has(message.id)) {
      settled.push(message.id);
      return { ...message, status: 'error' };
    }
    let seq = message.seq ?? 0;
    const pieces: StreamPiece[] = [];
    for (const chunk of (chunks.get(message.id) ?? []).sort((a, b) => a.seq - b.seq)) {
      if (chunk.seq !== seq + 1) continue;
      pieces.push(chunk.part ?? chunk.text);
      seq = chunk.seq;
    }
    const folded = foldInto(message, pieces);
    const end = ends.get(message.id);
    if (end !== undefined) {
      settled.push(message.id);
      return { ...folded, seq, status: end.finishReason };
    }
    activeStream = { messageId: message.id, lastSeq: seq };
    return { ...folded, seq };
  });

  return {
    frame: {
      type: 'conversation',
      conversationId,
      status: conversationStatus(messages),
      messages,
      activeStream,
    },
    rest,
    settled,
  };
}

/**
 * The message with the held pieces folded in: its text (a v1 session's held part events are empty
 * texts), and its parts when it has any (v2).
 */
function foldInto(message: HistoryMessage, pieces: readonly StreamPiece[]): HistoryMessage {
  if (pieces.length === 0) return message;
  if (message.parts === undefined && pieces.every((piece) => typeof piece === 'string')) {
    return { ...message, text: message.text + pieces.join('') };
  }
  const initial = message.parts ?? (message.text === '' ? [] : [{ type: 'text' as const, text: message.text }]);
  const parts = foldParts(pieces, initial);
  return { ...message, text: textOfParts(parts), parts };
}

function streamMessageId(frame: ServerFrame, conversationId: string): string | undefined {
  switch (frame.type) {
    case 'message_start':
    case 'chunk':
    case 'message_end':
      return frame.conversationId === conversationId ? frame.messageId : undefined;
    default:
      return undefined;
  }
}
