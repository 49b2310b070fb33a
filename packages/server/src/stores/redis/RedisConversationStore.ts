import { RejoinError } from '@rejoin/core/protocol';
import type { ConversationStatus, ConversationSummary, HistoryMessage, MessagePart } from '@rejoin/core/protocol';
import type {
  AppendResult,
  ConversationRecord,
  ConversationStore,
  HistoryOptions,
  MessagePatch,
} from '../ConversationStore.ts';
import { conversationTitle } from '../summarizeConversation.ts';
import {
  APPEND_MESSAGE,
  CREATE_CONVERSATION,
  CONVERSATION_SUMMARY,
  HISTORY,
  UPDATE_MESSAGE,
} from './conversationScripts.ts';
import type { RedisConnection } from './RedisConnection.ts';

export interface RedisConversationStoreOptions {
  /**
   * The clock for `updatedAt`.
   * @default Date.now
   */
  readonly now?: () => number;
}

/**
 * Conversations in Redis, shared by every server instance. Every write is one Lua script, so
 * `create` is create-if-absent and `appendMessage` idempotent by message id across instances: a
 * resend that lands on another instance is a duplicate there too. The list summary (title,
 * status, count) is kept up to date on each write, so `listByOwner` reads no history.
 *
 * Conversations never expire, like the in-memory store's. The connection is not closed by
 * `close()`: it belongs to whoever created it.
 */
export class RedisConversationStore implements ConversationStore {
  private readonly now: () => number;

  constructor(
    private readonly connection: RedisConnection,
    options: RedisConversationStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async get(conversationId: string): Promise<ConversationRecord | null> {
    const [ownerId, createdAt, updatedAt] = (await this.connection.commands.sendCommand([
      'HMGET',
      this.connection.keys.conversation(conversationId),
      'ownerId',
      'createdAt',
      'updatedAt',
    ])) as (string | null)[];
    if (ownerId == null) return null;
    return { conversationId, ownerId, createdAt: Number(createdAt), updatedAt: Number(updatedAt) };
  }

  async create(conversationId: string, ownerId: string, createdAt: number): Promise<ConversationRecord> {
    const { keys } = this.connection;
    const [owner = ownerId, created, updated] = (await CREATE_CONVERSATION.run(
      this.connection.commands,
      [keys.conversation(conversationId)],
      [ownerId, createdAt],
    )) as string[];
    // Also for an existing record: this repairs a listing a crash lost right after its creation.
    await this.list(conversationId, owner, Number(updated));
    return { conversationId, ownerId: owner, createdAt: Number(created), updatedAt: Number(updated) };
  }

  async appendMessage(conversationId: string, message: HistoryMessage): Promise<AppendResult> {
    const { keys } = this.connection;
    const reply = (await APPEND_MESSAGE.run(
      this.connection.commands,
      [keys.conversation(conversationId), keys.order(conversationId), keys.message(conversationId, message.id)],
      [
        this.now(),
        message.id,
        message.role,
        message.text,
        message.status,
        message.createdAt,
        message.seq ?? '',
        message.replyTo ?? '',
        message.role === 'user' ? conversationTitle([message]) : '',
        message.parts === undefined ? '' : JSON.stringify(message.parts),
      ],
    )) as [number, ...unknown[]];
    const [outcome, detail] = reply;
    if (outcome === -1) {
      throw new RejoinError(
        'store/invariant',
        `[rejoin] Cannot append to conversation ${conversationId}: it does not exist. Call create() first.`,
      );
    }
    if (outcome === 0) {
      const stored = decodeMessage(detail as string[]);
      return { index: stored.index, duplicate: true, message: stored.message };
    }
    const [, , ownerId, updatedAt] = reply as [number, number, string, number];
    await this.list(conversationId, ownerId, updatedAt);
    return { index: detail as number, duplicate: false, message };
  }

  async history(conversationId: string, options: HistoryOptions = {}): Promise<readonly HistoryMessage[]> {
    const { limit } = options;
    if (limit !== undefined && limit <= 0) return [];
    const start = limit === undefined || !Number.isFinite(limit) ? 0 : -Math.ceil(limit);
    const { keys } = this.connection;
    const messages = (await HISTORY.run(this.connection.commands, [keys.order(conversationId)], [
      keys.message(conversationId, ''),
      start,
    ])) as string[][];
    return messages.map((fields) => decodeMessage(fields).message);
  }

  async updateMessage(conversationId: string, messageId: string, patch: MessagePatch): Promise<HistoryMessage | null> {
    const pairs: (string | number)[] = [];
    if (patch.text !== undefined) pairs.push('text', patch.text);
    if (patch.status !== undefined) pairs.push('status', patch.status);
    if (patch.seq !== undefined) pairs.push('seq', patch.seq);
    if (patch.replyTo !== undefined) pairs.push('replyTo', patch.replyTo);
    if (patch.parts !== undefined) pairs.push('parts', JSON.stringify(patch.parts));
    const { keys } = this.connection;
    const reply = (await UPDATE_MESSAGE.run(
      this.connection.commands,
      [keys.conversation(conversationId), keys.message(conversationId, messageId)],
      [
        this.now(),
        // If this is the message the title comes from, the title follows its text.
        patch.text === undefined ? '0' : '1',
        patch.text === undefined ? '' : conversationTitle([{ id: messageId, role: 'user', text: patch.text, status: 'complete', createdAt: 0 }]),
        ...pairs,
      ],
    )) as [string[], string, number] | null;
    if (reply === null) return null;
    const [fields, ownerId, updatedAt] = reply;
    await this.list(conversationId, ownerId, updatedAt);
    return decodeMessage(fields).message;
  }

  async listByOwner(ownerId: string): Promise<readonly ConversationSummary[]> {
    const { keys, commands } = this.connection;
    const conversationIds = (await commands.sendCommand(['ZREVRANGE', keys.owned(ownerId), '0', '-1'])) as string[];
    // One script per conversation, each in its own slot on a cluster (node-redis pipelines them).
    const rows = await Promise.all(
      conversationIds.map(
        async (conversationId) =>
          [
            conversationId,
            ...((await CONVERSATION_SUMMARY.run(commands, [keys.conversation(conversationId), keys.order(conversationId)], [])) as [
              string,
              string,
              string,
              string,
              number,
            ]),
          ] as const,
      ),
    );
    const summaries = rows.map(([conversationId, title, streaming, lastAssistantStatus, updatedAt, messageCount]) => ({
      conversationId,
      title,
      status: summaryStatus(Number(streaming), lastAssistantStatus),
      updatedAt: Number(updatedAt),
      messageCount,
    }));
    // A write between the two reads may have moved a conversation: the hashes are the truth.
    // The sort is stable, so ties keep the set's order.
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Moves the conversation to `updatedAt` in its owner's list; never back (`GT`). */
  private async list(conversationId: string, ownerId: string, updatedAt: number): Promise<void> {
    await this.connection.commands.sendCommand(['ZADD', this.connection.keys.owned(ownerId), 'GT', String(updatedAt), conversationId]);
  }

  async close(): Promise<void> {
    // Nothing of its own to release: the connection belongs to its creator.
  }
}

/** `conversationStatus`, from the counters the scripts keep instead of the whole history. */
function summaryStatus(streaming: number, lastAssistantStatus: string): ConversationStatus {
  if (streaming > 0) return 'streaming';
  return lastAssistantStatus === 'error' ? 'errored' : 'idle';
}

/** A message hash (flat field/value list) as a history message and its index. */
function decodeMessage(fields: readonly string[]): { message: HistoryMessage; index: number } {
  const hash = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) hash.set(fields[index] as string, fields[index + 1] as string);
  const base = {
    id: hash.get('id') ?? '',
    role: (hash.get('role') ?? 'user') as HistoryMessage['role'],
    text: hash.get('text') ?? '',
    status: (hash.get('status') ?? 'complete') as HistoryMessage['status'],
    createdAt: Number(hash.get('createdAt')),
  };
  const seq = hash.get('seq');
  const replyTo = hash.get('replyTo');
  const parts = hash.get('parts');
  const message: HistoryMessage = {
    ...base,
    ...(seq === undefined ? {} : { seq: Number(seq) }),
    ...(replyTo === undefined ? {} : { replyTo }),
    ...(parts === undefined ? {} : { parts: JSON.parse(parts) as readonly MessagePart[] }),
  };
  return { message, index: Number(hash.get('index')) };
}
