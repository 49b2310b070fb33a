/**
 * How many hash slots a cluster's streams are spread over. A stream's two keys share one slot, and
 * each instance follows streams with one blocking `XREAD` per slot (`XREAD` on several keys needs
 * them in one slot): more slots spread chunk writes over more masters, at one reader connection
 * per slot an instance follows.
 */
export const CLUSTER_STREAM_SLOTS = 16;

/**
 * Every Redis key and channel the Rejoin stores use, under one prefix. Protocol ids never contain
 * `:` (they match `[A-Za-z0-9_-]`), so ids placed between separators cannot collide; owner ids
 * come from your `authenticate` and may hold anything, so they only ever end a key.
 *
 * On a Redis Cluster every key a script or multi-key command touches carries the same hash tag
 * (`{...}`), so each runs on one slot: `{c:<conversationId>}` for a conversation's hash, message
 * list, messages and started channel; `{s<n>}` for a stream's meta and chunks, n in
 * 0..CLUSTER_STREAM_SLOTS-1 from the message id; `{workers}` for every lease and the stop channel
 * (see `workers()` for why one slot). The owners' sets are touched alone, so they need no tag. On
 * a single Redis the names stay untagged, as they always were, so existing data keeps working.
 */
export class RedisKeys {
  constructor(
    readonly prefix: string,
    readonly cluster = false,
  ) {}

  /** Hash: owner, timestamps and the list summary of one conversation. */
  conversation(conversationId: string): string {
    return this.cluster ? `${this.prefix}{c:${conversationId}}:conv` : `${this.prefix}conv:${conversationId}`;
  }

  /** List: the conversation's message ids, oldest first. */
  order(conversationId: string): string {
    return this.cluster ? `${this.prefix}{c:${conversationId}}:order` : `${this.prefix}order:${conversationId}`;
  }

  /** Hash: one stored message. With an empty `messageId`, the prefix the history script completes. */
  message(conversationId: string, messageId: string): string {
    return this.cluster ? `${this.prefix}{c:${conversationId}}:msg:${messageId}` : `${this.prefix}msg:${conversationId}:${messageId}`;
  }

  /** Sorted set: an owner's conversation ids, scored by `updatedAt`. */
  owned(ownerId: string): string {
    return `${this.prefix}owned:${ownerId}`;
  }

  /** Hash: a stream's meta, `lastSeq` and outcome. */
  streamMeta(messageId: string): string {
    return `${this.streamTag(messageId)}meta:${messageId}`;
  }

  /** Redis Stream: a stream's chunks (entry id `<seq>-1`) and its end (`<lastSeq>-2`). */
  stream(messageId: string): string {
    return `${this.streamTag(messageId)}stream:${messageId}`;
  }

  /**
   * The slot group a stream belongs to: streams of one group can be read by one `XREAD`. Its
   * value is also a key of that slot, to route slot-less commands (`CLIENT ID`) to the right node.
   */
  streamGroup(messageId: string): string {
    return this.cluster ? `${this.streamTag(messageId)}reader` : `${this.prefix}reader`;
  }

  /** Sorted set: an owner's running streams, scored by `startedAt`. */
  active(ownerId: string): string {
    return `${this.prefix}active:${ownerId}`;
  }

  /** Hash: which instance owns a conversation's worker, and whether a reply was requested since. */
  worker(conversationId: string): string {
    return this.cluster ? `${this.prefix}{workers}:worker:${conversationId}` : `${this.prefix}worker:${conversationId}`;
  }

  /**
   * Sorted set: conversation ids with a worker somewhere, scored by lease deadline (Redis time,
   * ms). On a cluster it shares one slot with every lease, deliberately: adopting expired leases
   * needs one atomic look at all of them. It is not a hot spot: it sees two scripts per reply
   * (acquire, release) and two per instance per lease period (renew, sweep), never one per chunk.
   */
  workers(): string {
    return this.cluster ? `${this.prefix}{workers}:workers` : `${this.prefix}workers`;
  }

  /** Pub/sub (sharded on a cluster): streams created in a conversation. */
  startedChannel(conversationId: string): string {
    return this.cluster ? `${this.prefix}{c:${conversationId}}:started` : `${this.prefix}started:${conversationId}`;
  }

  /** Pub/sub (sharded on a cluster): `stop` requests, for the instance running the generation. */
  stopChannel(): string {
    return this.cluster ? `${this.prefix}{workers}:stop` : `${this.prefix}stop`;
  }

  private streamTag(messageId: string): string {
    if (!this.cluster) return this.prefix;
    let hash = 0;
    for (let index = 0; index < messageId.length; index++) hash = (hash * 31 + messageId.charCodeAt(index)) >>> 0;
    return `${this.prefix}{s${hash % CLUSTER_STREAM_SLOTS}}:`;
  }
}
