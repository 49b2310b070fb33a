import type { FinishReason } from '@rejoin/core/protocol';
import { RejoinError } from '@rejoin/core/protocol';
import { createLogger, errorFields, type Logger } from '../../logging/createLogger.ts';
import { DEFAULT_RETENTION_MS } from '../memory/MemoryStreamStore.ts';
import type { StreamPiece } from '../../streams/foldParts.ts';
import { chunkOf, pieceOf } from '../StreamStore.ts';
import type {
  StreamChunk,
  StreamEvent,
  StreamListener,
  StreamMeta,
  StreamOutcome,
  StreamRecord,
  StreamStartListener,
  StreamStore,
  Unsubscribe,
} from '../StreamStore.ts';
import { DEFAULT_LEASE_MS, RedisGenerationCoordinator } from './RedisGenerationCoordinator.ts';
import type { RedisConnection } from './RedisConnection.ts';
import { entryEvent, RedisStreamTail, type StreamReadStats } from './RedisStreamTail.ts';
import { ContiguityError, StreamAppendBatcher } from './StreamAppendBatcher.ts';
import { afterChunk, END_PART, type EntryPosition, parseEntryId } from './streamEntryId.ts';
import { APPEND_CHUNKS, CREATE_STREAM, FINISH_STREAM, READ_STREAM } from './streamScripts.ts';

/**
 * How much longer than the retention a finished stream's keys live in Redis: followers blocked on
 * the stream still read its end, and `get` applies the exact retention from `finishedAt`.
 */
const KEY_GRACE_MS = 30_000;
/**
 * How long a conversation's channel stays subscribed after its last watcher left: a client that
 * reconnects (the resume case) usually comes back within seconds, and then skips a round trip.
 */
const CHANNEL_LINGER_MS = 10_000;

export interface RedisStreamStoreOptions {
  /**
   * How long a finished stream stays replayable, in milliseconds; Redis then expires its keys.
   * @default 600000 (10 minutes)
   */
  readonly retentionMs?: number;
  /**
   * How long a worker's lease lasts without renewal; see `RedisGenerationCoordinatorOptions`.
   * @default 3000
   */
  readonly leaseMs?: number;
  /**
   * How long the shared `XREAD` blocks before it is issued again. New followers wake it, so this
   * only bounds how often an idle instance asks Redis.
   * @default 5000
   */
  readonly blockMs?: number;
  /**
   * The clock for `finishedAt` and retention checks.
   * @default Date.now
   */
  readonly now?: () => number;
  /** @default createLogger() */
  readonly logger?: Logger;
}

interface StartedMessage {
  /** The instance that created the stream; it told its own watchers directly. */
  readonly o: string;
  readonly s: StreamRecord;
}

type ReadReply = [readonly string[], readonly (readonly [string, readonly string[]])[]] | null;

/**
 * Streams in Redis, shared by every server instance: any instance replays and follows any
 * stream, so a client resumes wherever its reconnect lands. Chunks go into one Redis Stream per
 * message, with the seq in the entry id; followers are fed by one blocking reader per instance
 * (`RedisStreamTail`); new streams are announced per conversation over pub/sub; and finished
 * streams expire after `retentionMs`. Its `coordinator` moves generations between instances.
 *
 * The connection is not closed by `close()`: it belongs to whoever created it.
 */
export class RedisStreamStore implements StreamStore {
  readonly coordinator: RedisGenerationCoordinator;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly logger: Logger;
  /** One tail per stream slot group (a single one on one Redis), made on first follow. */
  private readonly tails = new Map<string, RedisStreamTail>();
  private readonly blockMs: number;
  /** A stream written here goes back to the shared read after this long without an append here. */
  private readonly writerQuietMs: number;
  /** The streams with appends queued or in flight. */
  private readonly batchers = new Map<string, StreamAppendBatcher>();
  private readonly watchers = new Map<string, Set<StreamStartListener>>();
  private readonly subscriptions = new Map<string, Promise<void>>();
  /** Channels with no watcher left, to unsubscribe unless one comes back first. */
  private readonly lingering = new Map<string, ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly connection: RedisConnection,
    options: RedisStreamStoreOptions = {},
  ) {
    const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    if (!(retentionMs >= 0) || !Number.isFinite(retentionMs)) {
      throw new RejoinError('config/invalid', `[rejoin] retentionMs must be a finite number >= 0, got ${retentionMs}.`);
    }
    this.retentionMs = retentionMs;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? createLogger();
    this.blockMs = options.blockMs ?? 5000;
    // Another instance can only write a stream of ours once it adopted the lease, a lease after
    // our last renewal: a writer quiet that long may have been replaced.
    this.writerQuietMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.coordinator = new RedisGenerationCoordinator(connection, {
      logger: this.logger,
      onLeaseLost: (conversationId) => {
        for (const tail of this.tails.values()) tail.forgetWriters(conversationId);
      },
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    });
  }

  async create(meta: StreamMeta): Promise<StreamRecord> {
    const { keys, instanceId } = this.connection;
    const record: StreamRecord = { ...meta, lastSeq: 0, finishReason: null, finishedAt: null };
    const announcement: StartedMessage = { o: instanceId, s: record };
    const created = await CREATE_STREAM.run(this.connection.commands, [keys.streamMeta(meta.messageId)], [
      meta.conversationId,
      meta.messageId,
      meta.ownerId,
      meta.replyTo,
      meta.index,
      meta.startedAt,
    ]);
    if (created !== 1) {
      throw new RejoinError(
        'store/invariant',
        `[rejoin] Stream ${meta.messageId} already exists; every assistant message needs a new id.`,
      );
    }
    // The instance that creates a reply generates it: its own followers get it without reading it back.
    this.tailFor(meta.messageId).created(meta.messageId, meta.conversationId);
    // Other slots than the meta's on a cluster, so after it: the meta exists before anything
    // points at it, and `activeForOwner` drops an entry whose meta is gone.
    await Promise.all([
      this.connection.commands.sendCommand(['ZADD', keys.active(meta.ownerId), String(meta.startedAt), meta.messageId]),
      this.connection.pubSub.publish(keys.startedChannel(meta.conversationId), JSON.stringify(announcement)),
    ]);
    // This instance's watchers hear it now; the others through the channel.
    this.announce(record);
    return record;
  }

  async append(messageId: string, seq: number, text: StreamPiece): Promise<void> {
    if (!Number.isSafeInteger(seq) || seq < 1) {
      throw new RejoinError('store/invariant', `[rejoin] Stream ${messageId} got seq ${seq}; seqs are integers from 1.`);
    }
    let batcher = this.batchers.get(messageId);
    if (batcher === undefined) {
      batcher = new StreamAppendBatcher(
        (firstSeq, texts) => this.appendBatch(messageId, firstSeq, texts),
        () => this.batchers.delete(messageId),
      );
      this.batchers.set(messageId, batcher);
    }
    try {
      await batcher.append(seq, text);
    } catch (error) {
      if (error instanceof ContiguityError) throw notContiguous(messageId, error.expected, seq);
      throw error;
    }
  }

  /** One script for chunks `firstSeq`, `firstSeq + 1`, ...: the seq check and every `XADD`, atomically. */
  private async appendBatch(messageId: string, firstSeq: number, pieces: readonly StreamPiece[]): Promise<void> {
    const { keys } = this.connection;
    const args: (string | number)[] = [firstSeq];
    // Text as is under `t`; a part event as JSON under `p` (see entryEvent).
    for (const piece of pieces) args.push(...(typeof piece === 'string' ? ['t', piece] : ['p', JSON.stringify(piece)]));
    let outcome: unknown;
    try {
      outcome = await APPEND_CHUNKS.run(this.connection.commands, [keys.streamMeta(messageId), keys.stream(messageId)], args);
    } catch (error) {
      this.tails.get(keys.streamGroup(messageId))?.writeFailed(messageId);
      throw error;
    }
    if (outcome === 0) {
      // Confirmed, so exactly these entries are in Redis: this instance's followers get them now.
      this.tailFor(messageId).appended(messageId, firstSeq, pieces);
      return;
    }
    this.tails.get(keys.streamGroup(messageId))?.writeFailed(messageId);
    if (outcome === -1 || outcome === -2) throw notRunning(messageId, 'append to', outcome === -1);
    throw notContiguous(messageId, Number(outcome), firstSeq);
  }

  async finish(messageId: string, outcome: StreamOutcome): Promise<void> {
    const { keys } = this.connection;
    const tail = this.tails.get(keys.streamGroup(messageId));
    let result: -1 | -2 | [number, string];
    try {
      result = (await FINISH_STREAM.run(this.connection.commands, [keys.streamMeta(messageId), keys.stream(messageId)], [
        outcome.finishReason,
        outcome.error ?? '',
        this.now(),
        this.retentionMs + KEY_GRACE_MS,
      ])) as -1 | -2 | [number, string];
    } catch (error) {
      tail?.writeFailed(messageId);
      throw error;
    }
    if (result === -1 || result === -2) {
      tail?.writeFailed(messageId);
      throw notRunning(messageId, 'finish', result === -1);
    }
    // The end entry follows chunk result[0] in Redis: followers that have that chunk get the end now.
    this.tails.get(keys.streamGroup(messageId))?.finished(messageId, result[0], outcome);
    // Were this lost (a crash in between), `activeForOwner` drops the finished stream itself.
    await this.connection.commands.sendCommand(['ZREM', keys.active(result[1]), messageId]);
  }

  async get(messageId: string): Promise<StreamRecord | null> {
    const fields = (await this.connection.commands.sendCommand(['HGETALL', this.connection.keys.streamMeta(messageId)])) as string[];
    return this.retained(decodeRecord(fields));
  }

  async read(messageId: string, afterSeq: number): Promise<readonly StreamChunk[] | null> {
    const replay = await this.replay(messageId, afterSeq);
    if (replay === null) return null;
    return replay.events.flatMap((event) => (event.type === 'chunk' ? [chunkOf(event.seq, pieceOf(event))] : []));
  }

  async follow(messageId: string, afterSeq: number, listener: StreamListener): Promise<Unsubscribe | null> {
    const replay = await this.replay(messageId, afterSeq);
    if (replay === null) return null;
    for (const event of replay.events) {
      if (!deliver(listener, event)) return noop;
      if (event.type === 'end') return noop;
    }
    if (replay.record.finishReason !== null) {
      // Finished, but its end entry is gone (the stream key expired first): the meta has it too.
      deliver(listener, endOf(replay.record));
      return noop;
    }
    // From the last entry read, the tail delivers what was appended since: no gap, no overlap.
    return this.tailFor(messageId).add(messageId, replay.position, replay.afterSeq, listener);
  }

  async watchConversation(conversationId: string, listener: StreamStartListener): Promise<Unsubscribe> {
    let listeners = this.watchers.get(conversationId);
    if (listeners === undefined) {
      listeners = new Set();
      this.watchers.set(conversationId, listeners);
    }
    listeners.add(listener);
    const unwatch = (): void => {
      const current = this.watchers.get(conversationId);
      current?.delete(listener);
      if (current?.size === 0) {
        this.watchers.delete(conversationId);
        this.lingerChannel(conversationId);
      }
    };
    try {
      // Resolves once Redis confirmed the subscription: every stream created from then on is heard.
      await this.subscribeChannel(conversationId);
    } catch (error) {
      unwatch();
      throw error;
    }
    return unwatch;
  }

  async activeForOwner(ownerId: string): Promise<readonly StreamRecord[]> {
    const { keys, commands } = this.connection;
    const active = keys.active(ownerId);
    const messageIds = (await commands.sendCommand(['ZRANGE', active, '0', '-1'])) as string[];
    // One read per stream, each in its own slot on a cluster (node-redis pipelines them).
    const records = await Promise.all(
      messageIds.map(async (messageId) => decodeRecord((await commands.sendCommand(['HGETALL', keys.streamMeta(messageId)])) as string[])),
    );
    const running: StreamRecord[] = [];
    const gone: string[] = [];
    records.forEach((record, index) => {
      if (record === null || record.finishReason !== null) gone.push(messageIds[index] as string);
      else running.push(record);
    });
    if (gone.length > 0) await commands.sendCommand(['ZREM', active, ...gone]);
    return running;
  }

  /**
   * How many shared `XREAD`s this instance issued and how many streams they named in all. Streams
   * written here are delivered locally and not named, so this shows what the fan-out costs Redis.
   */
  readStats(): StreamReadStats {
    let reads = 0;
    let streamsNamed = 0;
    for (const tail of this.tails.values()) {
      reads += tail.stats.reads;
      streamsNamed += tail.stats.streamsNamed;
    }
    return { reads, streamsNamed };
  }

  onUnavailable(listener: (error: Error) => void): Unsubscribe {
    return this.connection.onUnavailable(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const tail of this.tails.values()) tail.close();
    this.tails.clear();
    this.coordinator.detach();
    for (const timer of this.lingering.values()) clearTimeout(timer);
    this.lingering.clear();
    for (const conversationId of [...this.subscriptions.keys()]) this.unsubscribeChannel(conversationId);
    this.watchers.clear();
  }

  private tailFor(messageId: string): RedisStreamTail {
    const group = this.connection.keys.streamGroup(messageId);
    let tail = this.tails.get(group);
    if (tail === undefined) {
      tail = new RedisStreamTail(this.connection, group, this.blockMs, this.logger, this.writerQuietMs);
      this.tails.set(group, tail);
    }
    return tail;
  }

  /** The stream's meta and its entries after `afterSeq`, as events; null when unknown or expired. */
  private async replay(
    messageId: string,
    afterSeq: number,
  ): Promise<{ record: StreamRecord; events: StreamEvent[]; position: EntryPosition; afterSeq: number } | null> {
    const from = Math.max(0, Math.floor(afterSeq));
    const { keys } = this.connection;
    const reply = (await READ_STREAM.run(this.connection.commands, [keys.streamMeta(messageId), keys.stream(messageId)], [from])) as ReadReply;
    const record = reply === null ? null : this.retained(decodeRecord(reply[0]));
    if (reply === null || record === null) return null;
    // The script read from min(afterSeq, lastSeq), so a cursor ahead of the stream still gets the end.
    let position = afterChunk(Math.min(from, record.lastSeq));
    const events: StreamEvent[] = [];
    for (const [id, fields] of reply[1]) {
      position = parseEntryId(id);
      const event = entryEvent(position, fields);
      if (event.type === 'chunk' && event.seq <= from) continue;
      events.push(event);
      if (position.part === END_PART) break;
    }
    return { record, events, position, afterSeq: from };
  }

  /** The record unless its retention has passed (its keys outlive it by a grace period). */
  private retained(record: StreamRecord | null): StreamRecord | null {
    if (record === null) return null;
    if (record.finishedAt !== null && this.now() - record.finishedAt >= this.retentionMs) return null;
    return record;
  }

  private announce(record: StreamRecord): void {
    for (const watcher of [...(this.watchers.get(record.conversationId) ?? [])]) {
      try {
        watcher(record);
      } catch {
        this.watchers.get(record.conversationId)?.delete(watcher);
      }
    }
  }

  private subscribeChannel(conversationId: string): Promise<void> {
    const lingering = this.lingering.get(conversationId);
    if (lingering !== undefined) {
      clearTimeout(lingering);
      this.lingering.delete(conversationId);
    }
    let subscribed = this.subscriptions.get(conversationId);
    if (subscribed === undefined) {
      subscribed = this.connection.pubSub.subscribe(this.connection.keys.startedChannel(conversationId), (raw: string) => {
        this.onStarted(raw);
      });
      this.subscriptions.set(conversationId, subscribed);
      // A failed subscription is forgotten, so the next watcher tries again.
      subscribed.catch(() => {
        if (this.subscriptions.get(conversationId) === subscribed) this.subscriptions.delete(conversationId);
      });
    }
    return subscribed;
  }

  private lingerChannel(conversationId: string): void {
    if (this.closed || this.lingering.has(conversationId)) return;
    const timer = setTimeout(() => {
      this.lingering.delete(conversationId);
      if (!this.watchers.has(conversationId)) this.unsubscribeChannel(conversationId);
    }, CHANNEL_LINGER_MS);
    timer.unref?.();
    this.lingering.set(conversationId, timer);
  }

  private unsubscribeChannel(conversationId: string): void {
    if (!this.subscriptions.delete(conversationId)) return;
    if (!this.connection.pubSub.isOpen) return;
    this.connection.pubSub.unsubscribe(this.connection.keys.startedChannel(conversationId)).catch((error: unknown) => {
      this.logger.debug('unsubscribing from a conversation failed', errorFields(error));
    });
  }

  private onStarted(raw: string): void {
    let message: StartedMessage;
    try {
      message = JSON.parse(raw) as StartedMessage;
    } catch {
      return;
    }
    if (message.o === this.connection.instanceId) return;
    this.announce(message.s);
  }
}

const noop: Unsubscribe = () => {};

function deliver(listener: StreamListener, event: StreamEvent): boolean {
  try {
    listener(event);
    return true;
  } catch {
    return false;
  }
}

function endOf(record: StreamRecord): StreamEvent {
  const end = { type: 'end' as const, finishReason: record.finishReason ?? 'error', lastSeq: record.lastSeq };
  return record.error === undefined ? end : { ...end, error: record.error };
}

function notContiguous(messageId: string, expected: number, seq: number): RejoinError {
  return new RejoinError(
    'store/invariant',
    `[rejoin] Stream ${messageId} expects seq ${expected}, got ${seq}; seqs must be contiguous from 1.`,
  );
}

function notRunning(messageId: string, action: string, unknown: boolean): RejoinError {
  return new RejoinError(
    'store/invariant',
    `[rejoin] Cannot ${action} stream ${messageId}: it is ${unknown ? 'unknown' : 'finished'}. ` +
      'Only a stream created and not yet finished accepts writes.',
  );
}

/** A meta hash (flat field/value list) as a record; null when empty. */
function decodeRecord(fields: readonly string[]): StreamRecord | null {
  if (fields.length === 0) return null;
  const hash = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) hash.set(fields[index] as string, fields[index + 1] as string);
  const text = (field: string): string => hash.get(field) ?? '';
  const finishReason = text('finishReason');
  const finishedAt = text('finishedAt');
  const record: StreamRecord = {
    conversationId: text('conversationId'),
    messageId: text('messageId'),
    ownerId: text('ownerId'),
    replyTo: text('replyTo'),
    index: Number(text('index')),
    startedAt: Number(text('startedAt')),
    lastSeq: Number(text('lastSeq')),
    finishReason: finishReason === '' ? null : (finishReason as FinishReason),
    finishedAt: finishedAt === '' ? null : Number(finishedAt),
  };
  const error = text('error');
  return error === '' ? record : { ...record, error };
}
