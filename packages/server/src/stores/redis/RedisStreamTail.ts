import type { FinishReason, PartEvent } from '@rejoin/core/protocol';
import { errorFields, type Logger } from '../../logging/createLogger.ts';
import type { StreamPiece } from '../../streams/foldParts.ts';
import type { StreamEvent, StreamListener, StreamOutcome, Unsubscribe } from '../StreamStore.ts';
import type { RedisCommands, RedisConnection } from './RedisConnection.ts';
import { afterChunk, CHUNK_PART, compareEntries, END_PART, type EntryPosition, formatEntryId, parseEntryId } from './streamEntryId.ts';

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

/** A stream this instance writes: Redis confirmed its appends up to `confirmedSeq`. */
interface WrittenStream {
  confirmedSeq: number;
  /** Its conversation when this instance created it; unknown for a reply it took over mid-stream. */
  readonly conversationId: string | undefined;
  /** When the last append was confirmed (wall clock, as leases expire), to notice a writer that went quiet. */
  confirmedAt: number;
}

/** How many `XREAD`s this tail issued and how many streams they named, summed: own streams stay out. */
export interface StreamReadStats {
  readonly reads: number;
  readonly streamsNamed: number;
}

type XReadReply = readonly (readonly [string, readonly (readonly [string, readonly string[]])[]])[] | null;

/**
 * Live delivery for every follower of one instance, from two sources with one delivery loop.
 *
 * Streams this instance writes are delivered locally: once Redis confirms an append, its chunks go
 * to the followers that have everything before them (`appended`), and the end once the finish is
 * confirmed (`finished`). Such streams are left out of the shared read, which would otherwise list
 * every stream the instance follows on every call and cost Redis as much as the appends themselves.
 *
 * Every other stream, and any follower behind the confirmed seq (it joined after a local delivery),
 * is read by a single loop issuing `XREAD BLOCK` on all of them at once, so thousands of followers
 * cost one blocked connection, not one each. A follower that joins while the read is blocked wakes
 * it with `CLIENT UNBLOCK`, so its stream is read at once rather than after the block.
 *
 * A follower's position makes both sources safe together: each delivers only the entries right
 * after it, so nothing is skipped or repeated whichever source gets there first. A stream goes back
 * to the shared read, from each follower's position, when its appends may come from elsewhere: an
 * append or finish here failed, a lease was lost (`forgetWriters`), or no append was confirmed here
 * for `writerQuietMs` (a writer that stalled long enough for its lease to be adopted).
 */
export class RedisStreamTail {
  private readonly groups = new Map<string, Set<Follower>>();
  private running = false;
  private closed = false;
  private wake: (() => void) | null = null;
  /** The read in flight: each stream's requested position. Null between reads. */
  private inFlight: ReadonlyMap<string, EntryPosition> | null = null;
  private iteration = 0;
  /** The read an unblock is already trying to end: many streams turning up at once send one `CLIENT UNBLOCK`, not one each. */
  private unblocking = -1;
  /** The reader connection's `CLIENT ID`; it changes when the connection is re-established. */
  private readerId: string | null = null;
  /** The streams this instance writes, delivered locally and left out of the shared read. */
  private readonly written = new Map<string, WrittenStream>();
  private quietTimer: ReturnType<typeof setInterval> | null = null;
  private reads = 0;
  private streamsNamed = 0;

  constructor(
    private readonly connection: RedisConnection,
    /** The slot group of every stream this tail reads (`RedisKeys.streamGroup`): one `XREAD` reads them all. */
    private readonly group: string,
    private readonly blockMs: number,
    private readonly logger: Logger,
    /** How long a written stream may go without a confirmed append here before it is read again. */
    private readonly writerQuietMs: number,
  ) {}

  get stats(): StreamReadStats {
    return { reads: this.reads, streamsNamed: this.streamsNamed };
  }

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
    // A follower of a stream written here that has every confirmed chunk waits for the next one;
    // one that joined after a local delivery catches up through the shared read.
    if (!this.isCaughtUp(messageId, position)) this.nudge(messageId, position);
    return () => this.remove(messageId, follower);
  }

  /**
   * This instance created the stream and generates it: its followers wait for local deliveries
   * from the start, so a reply never enters the shared read on its own instance.
   */
  created(messageId: string, conversationId: string): void {
    if (this.closed) return;
    this.written.set(messageId, { confirmedSeq: 0, confirmedAt: Date.now(), conversationId });
    this.watchQuietWriters();
  }

  /**
   * Chunks `firstSeq`, `firstSeq + 1`, ... were appended by this instance and confirmed by Redis:
   * delivers them to the followers that have every chunk before, and keeps the stream out of the
   * shared read from now on.
   */
  appended(messageId: string, firstSeq: number, pieces: readonly StreamPiece[]): void {
    if (this.closed) return;
    const lastSeq = firstSeq + pieces.length - 1;
    const written = this.written.get(messageId);
    if (written === undefined) this.written.set(messageId, { confirmedSeq: lastSeq, confirmedAt: Date.now(), conversationId: undefined });
    else {
      written.confirmedSeq = lastSeq;
      written.confirmedAt = Date.now();
    }
    this.watchQuietWriters();
    const group = this.groups.get(messageId);
    if (group === undefined) return;
    const contiguousFrom = afterChunk(firstSeq - 1);
    pieces.forEach((piece, index) => {
      const seq = firstSeq + index;
      this.offer(messageId, group, { seq, part: CHUNK_PART }, localChunk(seq, piece), contiguousFrom);
    });
    // A follower still behind (it joined between the append and its confirmation) reads it.
    const behind = earliest(group);
    if (group.size > 0 && behind.seq < lastSeq) this.nudge(messageId, behind);
  }

  /** This instance finished the stream after chunk `lastSeq`: the end goes to every follower that has that chunk. */
  finished(messageId: string, lastSeq: number, outcome: StreamOutcome): void {
    this.written.delete(messageId);
    const group = this.groups.get(messageId);
    if (this.closed || group === undefined) return;
    const end: StreamEvent = outcome.error === undefined || outcome.error === ''
      ? { type: 'end', finishReason: outcome.finishReason, lastSeq }
      : { type: 'end', finishReason: outcome.finishReason, lastSeq, error: outcome.error };
    this.offer(messageId, group, { seq: lastSeq, part: END_PART }, end, afterChunk(lastSeq));
    // The others read the chunks they miss, then the end, now that the stream is read again.
    if (group.size > 0) this.nudge(messageId, earliest(group));
  }

  /**
   * An append or finish of this instance failed: nothing past the confirmed seq was delivered, and
   * whatever the stream holds next (another instance's writes) comes through the shared read.
   */
  writeFailed(messageId: string): void {
    if (this.written.delete(messageId)) this.readAgain(messageId);
  }

  /**
   * The lease on `conversationId` was lost, so another instance may write its streams now; and
   * any stream whose conversation is unknown here, as it may be one of them.
   */
  forgetWriters(conversationId: string): void {
    for (const [messageId, written] of this.written) {
      if (written.conversationId !== undefined && written.conversationId !== conversationId) continue;
      this.written.delete(messageId);
      this.readAgain(messageId);
    }
  }

  /** Stops the loop; the connection's owner closes the reader, which ends a read in flight. */
  close(): void {
    this.closed = true;
    this.groups.clear();
    this.written.clear();
    if (this.quietTimer !== null) clearInterval(this.quietTimer);
    this.quietTimer = null;
    this.wake?.();
  }

  private isCaughtUp(messageId: string, position: EntryPosition): boolean {
    const written = this.written.get(messageId);
    return written !== undefined && position.seq >= written.confirmedSeq;
  }

  private readAgain(messageId: string): void {
    const group = this.groups.get(messageId);
    if (group !== undefined && group.size > 0) this.nudge(messageId, earliest(group));
  }

  /** Checks now and then for written streams whose writer went quiet; runs only while there are some. */
  private watchQuietWriters(): void {
    if (this.quietTimer !== null) return;
    this.quietTimer = setInterval(() => {
      const quietSince = Date.now() - this.writerQuietMs;
      for (const [messageId, written] of this.written) {
        if (written.confirmedAt > quietSince) continue;
        this.written.delete(messageId);
        this.readAgain(messageId);
      }
      if (this.written.size === 0 && this.quietTimer !== null) {
        clearInterval(this.quietTimer);
        this.quietTimer = null;
      }
    }, Math.max(1, Math.floor(this.writerQuietMs / 2)));
    this.quietTimer.unref?.();
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
    if (this.unblocking === this.iteration) return;
    this.unblocking = this.iteration;
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
      let request = this.streamsToRead();
      if (request.size === 0) {
        // Nothing to read: no follower, or every followed stream is written here and delivered locally.
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
        if (this.readerId === null) {
          this.readerId = String(await reader.sendCommand(['CLIENT', 'ID'], { routeKey: this.group }));
          // Followers may have left, or streams turned local, while CLIENT ID was answered.
          request = this.streamsToRead();
          if (request.size === 0) continue;
        }
        const messageIds = [...request.keys()];
        const keys = messageIds.map((messageId) => this.connection.keys.stream(messageId));
        const ids = [...request.values()].map(formatEntryId);
        this.iteration += 1;
        this.reads += 1;
        this.streamsNamed += keys.length;
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
        this.offer(messageId, group, position, entryEvent(position, fields), null);
      }
    }
  }

  /** Each stream to read and where from: the followed ones, except those written here whose followers are caught up. */
  private streamsToRead(): Map<string, EntryPosition> {
    const request = new Map<string, EntryPosition>();
    for (const [messageId, group] of this.groups) {
      const from = earliest(group);
      if (!this.isCaughtUp(messageId, from)) request.set(messageId, from);
    }
    return request;
  }

  /**
   * Hands the entry at `position` to each follower that has not seen it; with `contiguousFrom`
   * (local delivery), only to those at exactly that position or past it, so none gets a gap.
   */
  private offer(
    messageId: string,
    group: Set<Follower>,
    position: EntryPosition,
    event: StreamEvent,
    contiguousFrom: EntryPosition | null,
  ): void {
    for (const follower of [...group]) {
      if (compareEntries(position, follower.position) <= 0) continue;
      if (contiguousFrom !== null && compareEntries(follower.position, contiguousFrom) < 0) continue;
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

/** The event a confirmed local append delivers, as a follower reading the entry would get it (a part as its JSON copy). */
function localChunk(seq: number, piece: StreamPiece): StreamEvent {
  return typeof piece === 'string'
    ? { type: 'chunk', seq, text: piece }
    : { type: 'chunk', seq, text: '', part: JSON.parse(JSON.stringify(piece)) as PartEvent };
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
