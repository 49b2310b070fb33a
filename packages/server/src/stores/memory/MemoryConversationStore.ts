import { RejoinError } from '@rejoin/core/protocol';
import type { ConversationSummary, HistoryMessage } from '@rejoin/core/protocol';
import type {
  AppendResult,
  ConversationRecord,
  ConversationStore,
  HistoryOptions,
  MessagePatch,
} from '../ConversationStore.ts';
import { conversationStatus, conversationTitle } from '../summarizeConversation.ts';

export interface MemoryConversationStoreOptions {
  /**
   * The clock for `updatedAt`.
   * @default Date.now
   */
  readonly now?: () => number;
}

interface StoredConversation {
  record: ConversationRecord;
  readonly messages: HistoryMessage[];
  /** Message id → index, for idempotent appends and updates in O(1). */
  readonly indexById: Map<string, number>;
}

/**
 * Conversations in process memory. Everything is lost when the process exits and nothing is ever
 * evicted: fine for development, tests and demos; use a persistent store in production.
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, StoredConversation>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly now: () => number;

  constructor(options: MemoryConversationStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async get(conversationId: string): Promise<ConversationRecord | null> {
    return this.conversations.get(conversationId)?.record ?? null;
  }

  async create(conversationId: string, ownerId: string, createdAt: number): Promise<ConversationRecord> {
    const existing = this.conversations.get(conversationId);
    if (existing !== undefined) return existing.record;
    const record: ConversationRecord = { conversationId, ownerId, createdAt, updatedAt: createdAt };
    this.conversations.set(conversationId, { record, messages: [], indexById: new Map() });
    let owned = this.byOwner.get(ownerId);
    if (owned === undefined) {
      owned = new Set();
      this.byOwner.set(ownerId, owned);
    }
    owned.add(conversationId);
    return record;
  }

  async appendMessage(conversationId: string, message: HistoryMessage): Promise<AppendResult> {
    const stored = this.require(conversationId);
    const known = stored.indexById.get(message.id);
    if (known !== undefined) {
      return { index: known, duplicate: true, message: stored.messages[known] ?? message };
    }
    const index = stored.messages.push({ ...message }) - 1;
    stored.indexById.set(message.id, index);
    this.touch(stored);
    return { index, duplicate: false, message };
  }

  async history(conversationId: string, options: HistoryOptions = {}): Promise<readonly HistoryMessage[]> {
    const messages = this.conversations.get(conversationId)?.messages ?? [];
    const start = options.limit === undefined ? 0 : Math.max(0, messages.length - options.limit);
    // A copy, so a caller holding the snapshot never sees later appends or updates.
    return messages.slice(start);
  }

  async updateMessage(conversationId: string, messageId: string, patch: MessagePatch): Promise<HistoryMessage | null> {
    const stored = this.conversations.get(conversationId);
    const index = stored?.indexById.get(messageId);
    const current = index === undefined ? undefined : stored?.messages[index];
    if (stored === undefined || index === undefined || current === undefined) return null;
    // Replace rather than mutate: earlier history snapshots share the old object.
    const updated: HistoryMessage = { ...current, ...patch };
    stored.messages[index] = updated;
    this.touch(stored);
    return updated;
  }

  async listByOwner(ownerId: string): Promise<readonly ConversationSummary[]> {
    const summaries: ConversationSummary[] = [];
    for (const conversationId of this.byOwner.get(ownerId) ?? []) {
      const stored = this.conversations.get(conversationId);
      if (stored === undefined) continue;
      summaries.push({
        conversationId,
        title: conversationTitle(stored.messages),
        status: conversationStatus(stored.messages),
        updatedAt: stored.record.updatedAt,
        messageCount: stored.messages.length,
      });
    }
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async close(): Promise<void> {
    // Nothing to release: no timers, no connections.
  }

  private require(conversationId: string): StoredConversation {
    const stored = this.conversations.get(conversationId);
    if (stored === undefined) {
      throw new RejoinError(
        'store/invariant',
        `[rejoin] Cannot append to conversation ${conversationId}: it does not exist. Call create() first.`,
      );
    }
    return stored;
  }

  private touch(stored: StoredConversation): void {
    // Never let updatedAt go backwards, even if the clock does.
    stored.record = { ...stored.record, updatedAt: Math.max(stored.record.updatedAt, this.now()) };
  }
}
