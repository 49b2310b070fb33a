/**
 * Every Redis key and channel the Rejoin stores use, under one prefix. Protocol ids never contain
 * `:` (they match `[A-Za-z0-9_-]`), so ids placed between separators cannot collide; owner ids
 * come from your `authenticate` and may hold anything, so they only ever end a key.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** Hash: owner, timestamps and the list summary of one conversation. */
  conversation(conversationId: string): string {
    return `${this.prefix}conv:${conversationId}`;
  }

  /** List: the conversation's message ids, oldest first. */
  order(conversationId: string): string {
    return `${this.prefix}order:${conversationId}`;
  }

  /** Hash: one stored message. Built in Lua too, from `prefix`: keep both in step. */
  message(conversationId: string, messageId: string): string {
    return `${this.prefix}msg:${conversationId}:${messageId}`;
  }

  /** Sorted set: an owner's conversation ids, scored by `updatedAt`. */
  owned(ownerId: string): string {
    return `${this.prefix}owned:${ownerId}`;
  }

  /** Hash: a stream's meta, `lastSeq` and outcome. */
  streamMeta(messageId: string): string {
    return `${this.prefix}meta:${messageId}`;
  }

  /** Redis Stream: a stream's chunks (entry id `<seq>-1`) and its end (`<lastSeq>-2`). */
  stream(messageId: string): string {
    return `${this.prefix}stream:${messageId}`;
  }

  /** Sorted set: an owner's running streams, scored by `startedAt`. */
  active(ownerId: string): string {
    return `${this.prefix}active:${ownerId}`;
  }

  /** Hash: which instance owns a conversation's worker, and whether a reply was requested since. */
  worker(conversationId: string): string {
    return `${this.prefix}worker:${conversationId}`;
  }

  /** Sorted set: conversation ids with a worker somewhere, scored by lease deadline (Redis time, ms). */
  workers(): string {
    return `${this.prefix}workers`;
  }

  /** Pub/sub: streams created in a conversation. */
  startedChannel(conversationId: string): string {
    return `${this.prefix}started:${conversationId}`;
  }

  /** Pub/sub: `stop` requests, for the instance running the generation. */
  stopChannel(): string {
    return `${this.prefix}stop`;
  }
}
