import type { MessagePart, PartEvent } from '../../model/parts.ts';
import { PartsDraft, partsOfText } from '../messageParts.ts';
// A reference server for one conversation, driven step by step by the property tests: it plays a
// canonical script (user message stored and acked, reply started, chunked, ended) and answers
// loads, resends and replays from whatever point of the script it has reached.
import type { ConversationStatus, FinishReason, HistoryMessage, StreamCursor } from '../../model/message.ts';
import type { AckFrame, ConversationFrame, ServerFrame } from '../../protocol/frames.ts';

/** One exchange of the script: a user message and the reply that answers it. */
export interface Turn {
  readonly userId: string;
  readonly userText: string;
  /** Typed in another tab: this client never holds it as pending; only history brings its text. */
  readonly fromOtherTab: boolean;
  readonly replyId: string;
  readonly chunkCount: number;
  readonly finishReason: FinishReason;
}

export type ServerStep =
  | { readonly kind: 'store'; readonly turn: Turn }
  | { readonly kind: 'start'; readonly turn: Turn }
  | { readonly kind: 'chunk'; readonly turn: Turn; readonly seq: number }
  | { readonly kind: 'end'; readonly turn: Turn };

/** What the client must show once everything has settled. */
export interface CanonicalMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly parts: readonly MessagePart[];
  readonly status: 'complete' | 'stopped' | 'error';
  readonly index: number;
}

export const SIMULATED_CONVERSATION_ID = 'sim';

/**
 * The text of chunk `seq` of a reply. Unique per reply and seq, so a text built from duplicated,
 * skipped or reordered chunks can never equal the canonical one by accident.
 */
export function pieceOf(replyId: string, seq: number): string {
  return `[${replyId}:${seq}]`;
}

export function textOf(replyId: string, seq: number): string {
  let text = '';
  for (let s = 1; s <= seq; s += 1) text += pieceOf(replyId, s);
  return text;
}

/**
 * What chunk `seq` of a reply carries: a mix of every kind of stream event, in a cycle that makes
 * every tool event refer to a call an earlier seq started, and a data part that later seqs replace
 * (same id). Text pieces are unique per seq, so a wrongly folded stream never looks right by accident.
 */
export function streamEventOf(replyId: string, seq: number): { text: string } | { part: PartEvent } {
  switch (seq % 6) {
    case 1:
      return { text: pieceOf(replyId, seq) };
    case 2:
      return { part: { kind: 'reasoning-delta', delta: pieceOf(replyId, seq) } };
    case 3:
      return { part: { kind: 'tool-input-start', toolCallId: `c${seq}`, toolName: 'lookup' } };
    case 4:
      return { part: { kind: 'tool-input-available', toolCallId: `c${seq - 1}`, toolName: 'lookup', input: { seq } } };
    case 5:
      return { part: { kind: 'tool-output', toolCallId: `c${seq - 2}`, output: pieceOf(replyId, seq) } };
    default:
      return { part: { kind: 'data', name: 'progress', id: 'p', data: seq } };
  }
}

const partsCache = new Map<string, readonly MessagePart[]>();

/** The parts of a reply holding its first `seq` events, folded in order (memoised: checked on every delivery). */
export function partsOf(replyId: string, seq: number): readonly MessagePart[] {
  const key = `${replyId}:${seq}`;
  const cached = partsCache.get(key);
  if (cached !== undefined) return cached;
  const draft = new PartsDraft(seq === 0 ? [] : partsOf(replyId, seq - 1));
  if (seq > 0) {
    const event = streamEventOf(replyId, seq);
    if ('text' in event) draft.appendText(event.text);
    else draft.apply(event.part);
  }
  const parts = draft.result();
  partsCache.set(key, parts);
  return parts;
}

/** The text of a reply holding its first `seq` events: its text pieces only. */
export function mixedTextOf(replyId: string, seq: number): string {
  let text = '';
  for (let s = 1; s <= seq; s += 1) {
    const event = streamEventOf(replyId, s);
    if ('text' in event) text += event.text;
  }
  return text;
}

interface StoredMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly createdAt: number;
  readonly userText: string;
  status: HistoryMessage['status'];
  seq: number;
  endedAtStep: number | null;
}

export class SimulatedConversation {
  readonly conversationId = SIMULATED_CONVERSATION_ID;
  readonly steps: readonly ServerStep[];
  private nextStepIndex = 0;
  private readonly stored: StoredMessage[] = [];
  private readonly received = new Set<string>();

  /**
   * @param retentionSteps how many steps after its end a reply can still be replayed; past that,
   *   a cursor on it is reported lost (as after a server restart).
   * @default Infinity
   */
  constructor(
    readonly turns: readonly Turn[],
    private readonly retentionSteps = Number.POSITIVE_INFINITY,
  ) {
    this.steps = turns.flatMap((turn): ServerStep[] => [
      { kind: 'store', turn },
      { kind: 'start', turn },
      ...Array.from({ length: turn.chunkCount }, (_, i): ServerStep => ({ kind: 'chunk', turn, seq: i + 1 })),
      { kind: 'end', turn },
    ]);
  }

  get nextStep(): ServerStep | undefined {
    return this.steps[this.nextStepIndex];
  }

  get done(): boolean {
    return this.nextStepIndex >= this.steps.length;
  }

  /** A user message can be stored only once its `send` reached the server. */
  get blocked(): boolean {
    const step = this.nextStep;
    return step?.kind === 'store' && !step.turn.fromOtherTab && !this.received.has(step.turn.userId);
  }

  /** A `send` arrives. Answers a duplicate ack when the message was stored already. */
  receiveSend(messageId: string): AckFrame | null {
    this.received.add(messageId);
    const index = this.stored.findIndex((m) => m.id === messageId);
    const message = this.stored[index];
    if (message === undefined) return null;
    return this.ack(message, index, true);
  }

  /** Plays the next step and returns the frames it sends to the client (when connected). */
  perform(): ServerFrame[] {
    const step = this.nextStep;
    if (step === undefined || this.blocked) return [];
    this.nextStepIndex += 1;
    const createdAt = 1_700_000_000_000 + this.nextStepIndex * 10;
    const { turn } = step;
    switch (step.kind) {
      case 'store': {
        const message = this.push({ id: turn.userId, role: 'user', userText: turn.userText, createdAt, status: 'complete' });
        // Acks go to every connection of the user, so this tab also sees acks of other tabs.
        return [this.ack(message, this.stored.length - 1, false)];
      }
      case 'start':
        this.push({ id: turn.replyId, role: 'assistant', userText: '', createdAt, status: 'streaming' });
        return [
          {
            type: 'message_start',
            conversationId: this.conversationId,
            messageId: turn.replyId,
            replyTo: turn.userId,
            index: this.stored.length - 1,
            createdAt,
          },
        ];
      case 'chunk':
        this.message(turn.replyId).seq = step.seq;
        return [this.chunk(turn.replyId, step.seq)];
      case 'end': {
        const reply = this.message(turn.replyId);
        reply.status = turn.finishReason;
        reply.endedAtStep = this.nextStepIndex;
        return [this.end(reply, turn.finishReason)];
      }
    }
  }

  /** The `conversation` frame a `load` gets right now, a half-written reply included. */
  snapshot(): ConversationFrame {
    const streaming = this.stored.find((m) => m.status === 'streaming');
    return {
      type: 'conversation',
      conversationId: this.conversationId,
      status: this.status,
      messages: this.stored.map((m): HistoryMessage => {
        const base = { id: m.id, role: m.role, status: m.status, createdAt: m.createdAt };
        return m.role === 'user'
          ? { ...base, text: m.userText }
          : { ...base, text: mixedTextOf(m.id, m.seq), parts: partsOf(m.id, m.seq), seq: m.seq };
      }),
      activeStream: streaming === undefined ? null : { messageId: streaming.id, lastSeq: streaming.seq },
    };
  }

  /**
   * What a `subscribe` from `cursor` gets: every chunk after it, then the end if the reply ended.
   * Null when the server no longer knows the stream.
   */
  replay(cursor: StreamCursor): ServerFrame[] | null {
    const reply = this.stored.find((m) => m.id === cursor.messageId && m.role === 'assistant');
    if (reply === undefined) return null;
    if (reply.endedAtStep !== null && this.nextStepIndex - reply.endedAtStep > this.retentionSteps) return null;
    const frames: ServerFrame[] = [];
    for (let seq = cursor.lastSeq + 1; seq <= reply.seq; seq += 1) frames.push(this.chunk(reply.id, seq));
    if (reply.status !== 'streaming') frames.push(this.end(reply, reply.status));
    return frames;
  }

  get status(): ConversationStatus {
    if (this.stored.some((m) => m.status === 'streaming')) return 'streaming';
    const lastReply = this.stored.filter((m) => m.role === 'assistant').at(-1);
    return lastReply?.status === 'error' ? 'errored' : 'idle';
  }

  /** The conversation once the whole script has played: what the client must end up showing. */
  canonical(): CanonicalMessage[] {
    return this.turns.flatMap((turn, i): CanonicalMessage[] => [
      { id: turn.userId, role: 'user', text: turn.userText, parts: partsOfText(turn.userText), status: 'complete', index: 2 * i },
      {
        id: turn.replyId,
        role: 'assistant',
        text: mixedTextOf(turn.replyId, turn.chunkCount),
        parts: partsOf(turn.replyId, turn.chunkCount),
        status: turn.finishReason,
        index: 2 * i + 1,
      },
    ]);
  }

  private push(message: Omit<StoredMessage, 'seq' | 'endedAtStep'>): StoredMessage {
    const stored = { ...message, seq: 0, endedAtStep: null };
    this.stored.push(stored);
    return stored;
  }

  private message(id: string): StoredMessage {
    const message = this.stored.find((m) => m.id === id);
    if (message === undefined) throw new Error(`the script used ${id} before storing it`);
    return message;
  }

  private ack(message: StoredMessage, index: number, duplicate: boolean): AckFrame {
    return { type: 'ack', conversationId: this.conversationId, messageId: message.id, index, createdAt: message.createdAt, duplicate };
  }

  private chunk(replyId: string, seq: number): ServerFrame {
    return { type: 'chunk', conversationId: this.conversationId, messageId: replyId, seq, ...streamEventOf(replyId, seq) } as ServerFrame;
  }

  private end(reply: StoredMessage, finishReason: FinishReason): ServerFrame {
    return { type: 'message_end', conversationId: this.conversationId, messageId: reply.id, finishReason, lastSeq: reply.seq };
  }
}
