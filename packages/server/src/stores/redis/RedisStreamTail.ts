import type { FinishReason, PartEvent } from '@rejoin/core/protocol';
import { errorFields, type Logger } from '../../logging/createLogger.ts';
import type { StreamEvent, StreamListener, Unsubscribe } from '../StreamStore.ts';
import type { RedisCommands, RedisConnection } from './RedisConnection.ts';
import { CHUNK_PART, compareEntries, type EntryPosition, formatEntryId, parseEntryId } from './streamEntryId.ts';

/** Entries read per stream and round trip; a follower further behind simply takes several. */
const BATCH = 256;
/** How often `CLIENT UNBLOCK` is retried while the `XREAD` it targets may not have reached Redis. */
const UNBLOCK_ATTEMPTS = 20;
const UNBLOCK_RETRY_MS = 5;
/** The pause before reading again after a failed read (Redis unreachable). */
const RETRY_MS = 250;

interface Follower {
  /** The last entry this follower has seen (delivered or skipped). */
  position: EntryPosition;
  /** Chunks up to this seq are never delivered to it: the replay already did, or its cursor is ahead. */
  readonly afterSeq: number;
  readonly listener: StreamListener;
}

type XReadReply = readonly (readonly [string, readonly (readonly [string, readonly string[]])[]])[] | null;

/**
 * Live delivery for every follower of one instance, over one connection: a single loop issues
 * `XREAD BLOCK` on all followed streams at once and fans the entries out in process, so thousands
 * of followers cost one blocked connection, not one each. A follower that joins while the read is
 * blocked wakes it with `CLIENT UNBLOCK`, so its stream is read at once rather than after the block.
 */
export class RedisStreamTail {
  private readonly groups = new Map<string, Set<Follower>>();
  private running = false;
  private closed = false;
  private wake: (() => void) | null = null;
  /** The read in flight: each stream's requested position. Null between reads. */
  private inFlight: ReadonlyMap<string, EntryPosition> | null = null;
  private iteration = 0;
  /** The reader connection's `CLIENT ID`; it changes when the connection is re-established. */
  private readerId: string | null = null;

  constructor(
    private readonly connection: RedisConnection,
    /** The slot group of every stream this tail reads (`RedisKeys.streamGroup`): one `XREAD` reads them all. */
    private readonly group: string,
    private readonly blockMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Delivers the entries after `position` to `listener`, skipping chunks up to `afterSeq`, until the
   * stream's end (delivered, then the follower is dropped) or the returned unsubscribe.
   */
  add(messageId: string, position: EntryPosition, afterSeq: number, listener: StreamListener): Unsubscribe {
    const follower: Follower = { position, afterSeq, listener };
    let group = this.groups.get(messageId);
    if (group === undefined) {
      group = new Set();
      this.groups.set(messageId, group);
    }
    group.add(follower);
    this.nudge(messageId, position);
    return () => this.remove(messageId, follower);
  }

  /** Stops the loop; the connection's owner closes the reader, which ends a read in flight. */
  close(): void {
    this.closed = true;
    this.groups.clear();
    this.wake?.();
  }

  private remove(messageId: string, follower: Follower): void {
    const group = this.groups.get(messageId);
    group?.delete(follower);
    if (group?.size === 0) this.groups.delete(messageId);
  }

  /** Makes sure the loop reads `messageId` from `position` soon. */
  private nudge(messageId: string, position: EntryPosition): void {
    if (this.closed) return;
    if (!this.running) {
      this.running = true;
      void this.loop();
      return;
    }
    if (this.wake !== null) {
      this.wake();
      return;
    }
    const requested = this.inFlight?.get(messageId);
    // Between reads (the next one includes it), or already covered by the read in flight.
    if (this.inFlight === null || (requested !== undefined && compareEntries(requested, position) <= 0)) return;
    void this.unblock(this.iteration);
  }

  private async unblock(iteration: number): Promise<void> {
    for (let attempt = 0; attempt < UNBLOCK_ATTEMPTS; attempt++) {
      if (this.closed || this.iteration !== iteration || this.inFlight === null || this.readerId === null) return;
      // 0 when the XREAD has not reached Redis yet (it travels on another connection): try again.
      const unblocked = await this.connection.commands
        .sendCommand(['CLIENT', 'UNBLOCK', this.readerId], { routeKey: this.group })
        .catch(() => 0);
      if (unblocked === 1) return;
      await delay(UNBLOCK_RETRY_MS);
    }
    // Never found: the reader may block on another connection now (a reconnect, or a cluster
    // client that followed its slot to another node). Ask its id again before the next read.
    if (this.iteration === iteration) this.readerId = null;
  }

  private async loop(): Promise<void> {
    let reader: RedisCommands | null = null;
    while (!this.closed) {
      if (this.groups.size === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
        continue;
      }
      try {
        if (reader === null) {
          reader = await this.connection.reader(this.group);
          reader.onReady(() => {
            this.readerId = null;
          });
        }
        this.readerId ??= String(await reader.sendCommand(['CLIENT', 'ID'], { routeKey: this.group }));
        const request = new Map<string, EntryPosition>();
        for (const [messageId, group] of this.groups) request.set(messageId, earliest(group));
        // Every follower may have left while CLIENT ID was answered.
        if (request.size === 0) continue;
        const messageIds = [...request.keys()];
        const keys = messageIds.map((messageId) => this.connection.keys.stream(messageId));
        const ids = [...request.values()].map(formatEntryId);
        this.iteration += 1;
        this.inFlight = request;
        const reply = (await reader.sendCommand(
          ['XREAD', 'COUNT', String(BATCH), 'BLOCK', String(this.blockMs), 'STREAMS', ...keys, ...ids],
          // Longer than the block itself: only a Redis that stopped answering trips it.
          { timeout: this.blockMs + this.connection.commandTimeoutMs },
        )) as XReadReply;
        this.inFlight = null;
        if (reply !== null) this.deliver(reply, new Map(keys.map((key, index) => [key, messageIds[index] as string])));
      } catch (error) {
        this.inFlight = null;
        this.readerId = null;
        // A closed or destroyed reader (shutdown, or a test killing the instance) ends the loop.
        if (this.closed || this.connection.isClosed || (reader !== null && !reader.isOpen)) break;
        this.logger.debug('reading streams failed; retrying', errorFields(error));
        await delay(RETRY_MS);
      }
    }
    this.running = false;
  }

  private deliver(reply: NonNullable<XReadReply>, messageIdByKey: ReadonlyMap<string, string>): void {
    for (const [key, entries] of reply) {
      const messageId = messageIdByKey.get(key);
      const group = messageId === undefined ? undefined : this.groups.get(messageId);
      if (messageId === undefined || group === undefined) continue;
      for (const [id, fields] of entries) {
        const position = parseEntryId(id);
        const event = entryEvent(position, fields);
        for (const follower of [...group]) {
          if (compareEntries(position, follower.position) <= 0) continue;
          follower.position = position;
          if (event.type === 'chunk' && event.seq <= follower.afterSeq) continue;
          let keep = event.type === 'chunk';
          try {
            follower.listener(event);
          } catch {
            // A listener that throws is dropped, so it cannot stall the others.
            keep = false;
          }
          if (!keep) this.remove(messageId, follower);
        }
      }
    }
  }
}

/**
 * The chunk or end an entry holds: text chunks carry `t`, part chunks `p` (the part event's JSON),
 * the end carries `r` (reason) and `e` (error).
 */
export function entryEvent(position: EntryPosition, fields: readonly string[]): StreamEvent {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) values.set(fields[index] as string, fields[index + 1] as string);
  if (position.part === CHUNK_PART) {
    const part = values.get('p');
    return part === undefined
      ? { type: 'chunk', seq: position.seq, text: values.get('t') ?? '' }
      : { type: 'chunk', seq: position.seq, text: '', part: JSON.parse(part) as PartEvent };
  }
  const finishReason = (values.get('r') ?? 'error') as FinishReason;
  const error = values.get('e') ?? '';
  return error === ''
    ? { type: 'end', finishReason, lastSeq: position.seq }
    : { type: 'end', finishReason, lastSeq: position.seq, error };
}

function earliest(group: ReadonlySet<Follower>): EntryPosition {
  let min: EntryPosition | null = null;
  for (const follower of group) {
    if (min === null || compareEntries(follower.position, min) < 0) min = follower.position;
  }
  return min ?? { seq: 0, part: CHUNK_PART };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
