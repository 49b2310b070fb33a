import { chunkOf, type StreamEvent, type StreamStore } from '../../stores/StreamStore.ts';
import type { StreamPiece } from '../../streams/foldParts.ts';
import { type ContractInstances, contractCase } from './contractCase.ts';
import { eventually } from './eventually.ts';
import type { StoreContractOptions } from './StoreContractBackend.ts';
import { streamMeta as meta } from './storeFixtures.ts';

/** What a stream-store case may ask of the store it opens. */
export interface StreamStoreSettings {
  /** How long a finished stream stays replayable, in milliseconds. */
  readonly retentionMs?: number;
  /** The clock the store reads for `finishedAt` and retention. */
  readonly now?: () => number;
}

export type StreamStoreContractOptions = StoreContractOptions<StreamStore, StreamStoreSettings>;

const chunkSeqs = (events: readonly StreamEvent[]) => events.flatMap((event) => (event.type === 'chunk' ? [event.seq] : []));

/**
 * Declares the tests every `StreamStore` must pass: seq order with no gap or duplicate, replay from
 * any offset joined to live delivery, the end and its true `lastSeq`, retention, the owner's
 * running streams, conversation watchers, and isolation from a throwing listener. Call it at the
 * top level of a test file, once per store implementation.
 *
 * The store must honour the `retentionMs` and `now` settings it is opened with.
 *
 * @example
 * import { describe, expect, it } from 'vitest';
 * import { describeStreamStoreContract } from '@rejoin/server/testing';
 *
 * describeStreamStoreContract('PostgresStreamStore', {
 *   test: { describe, it, expect },
 *   createBackend: async () => {
 *     const schema = await createTestSchema();
 *     return { open: (settings) => PostgresStreamStore.open(schema, settings), cleanup: () => schema.drop() };
 *   },
 *   sharedAcrossInstances: true,
 * });
 */
export function describeStreamStoreContract(name: string, options: StreamStoreContractOptions): void {
  const { describe, it, expect } = options.test;
  const run = (body: (instances: ContractInstances<StreamStore, StreamStoreSettings>) => Promise<void>) => contractCase(options, body);

  /** A store holding running stream `s1` with chunks `t1`…`t<count>`. */
  async function storeWithChunks(
    open: ContractInstances<StreamStore, StreamStoreSettings>['open'],
    count: number,
    settings: StreamStoreSettings = {},
  ): Promise<StreamStore> {
    const store = await open(settings);
    await store.create(meta('s1'));
    for (let seq = 1; seq <= count; seq++) await store.append('s1', seq, `t${seq}`);
    return store;
  }

  describe(`${name} (StreamStore contract)`, () => {
    it(
      'follows a stream from an offset with no gap and no overlap between replay and live chunks',
      run(async ({ open }) => {
        const store = await storeWithChunks(open, 3);
        const events: StreamEvent[] = [];
        // Appends race with the follow: one sent before it, more right after it resolves.
        const racing = store.append('s1', 4, 't4');
        await store.follow('s1', 1, (event) => events.push(event));
        await racing;
        await store.append('s1', 5, 't5');
        await store.finish('s1', { finishReason: 'complete', lastSeq: 5 });

        await eventually(() => events.at(-1)?.type === 'end', 'the end to be delivered');
        expect(events).toEqual([
          { type: 'chunk', seq: 2, text: 't2' },
          { type: 'chunk', seq: 3, text: 't3' },
          { type: 'chunk', seq: 4, text: 't4' },
          { type: 'chunk', seq: 5, text: 't5' },
          { type: 'end', finishReason: 'complete', lastSeq: 5 },
        ]);
      }),
    );

    it(
      'lets a follower on any instance receive a stream live, chunk by chunk, to its end',
      run(async ({ open, peer }) => {
        const writer = await open();
        const reader = await peer();
        await writer.create(meta('s1'));
        await writer.append('s1', 1, 'a');
        const events: StreamEvent[] = [];
        await reader.follow('s1', 0, (event) => events.push(event));
        for (let seq = 2; seq <= 40; seq++) await writer.append('s1', seq, String.fromCharCode(96 + (seq % 26)));
        await writer.finish('s1', { finishReason: 'stopped', lastSeq: 40 });

        await eventually(() => events.at(-1)?.type === 'end', 'the end to reach the follower');
        expect(chunkSeqs(events)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
        expect(events.at(-1)).toEqual({ type: 'end', finishReason: 'stopped', lastSeq: 40 });
      }),
    );

    it(
      'reads the chunks after an offset, and an unknown stream as null',
      run(async ({ open }) => {
        const store = await storeWithChunks(open, 3);
        expect(await store.read('s1', 1)).toEqual([
          { seq: 2, text: 't2' },
          { seq: 3, text: 't3' },
        ]);
        expect(await store.read('s1', 3)).toEqual([]);
        expect(await store.get('s1')).toEqual({ ...meta('s1'), lastSeq: 3, finishReason: null, finishedAt: null });
        expect(await store.get('nope')).toBeNull();
        expect(await store.read('nope', 0)).toBeNull();
        expect(await store.follow('nope', 0, () => {})).toBeNull();
      }),
    );

    it(
      'replays a finished stream and its end, then releases the listener',
      run(async ({ open }) => {
        const store = await storeWithChunks(open, 2);
        await store.finish('s1', { finishReason: 'stopped', lastSeq: 2 });
        const events: StreamEvent[] = [];
        const unsubscribe = await store.follow('s1', 0, (event) => events.push(event));
        // Calling the unsubscribe of a released listener is still allowed.
        expect(typeof unsubscribe).toBe('function');
        expect(events.map((event) => event.type)).toEqual(['chunk', 'chunk', 'end']);
        expect(events.at(-1)).toEqual({ type: 'end', finishReason: 'stopped', lastSeq: 2 });
      }),
    );

    it(
      'delivers the end to a cursor that claims more chunks than the stream has',
      run(async ({ open }) => {
        const store = await storeWithChunks(open, 2);
        await store.finish('s1', { finishReason: 'error', lastSeq: 2, error: 'model failed' });
        const events: StreamEvent[] = [];
        await store.follow('s1', 7, (event) => events.push(event));
        expect(events).toEqual([{ type: 'end', finishReason: 'error', lastSeq: 2, error: 'model failed' }]);
      }),
    );

    it(
      'stops delivering after unsubscribe',
      run(async ({ open }) => {
        const store = await storeWithChunks(open, 1);
        const events: StreamEvent[] = [];
        const unsubscribe = await store.follow('s1', 1, (event) => events.push(event));
        unsubscribe?.();
        await store.append('s1', 2, 't2');
        // A follower that stays subscribed shows when the chunks were delivered to whoever listens.
        const witness: StreamEvent[] = [];
        await store.follow('s1', 1, (event) => witness.push(event));
        await store.append('s1', 3, 't3');
        await eventually(() => witness.length === 2, 'a later follower to get both chunks');
        expect(events).toEqual([]);
      }),
    );

    it(
      'refuses a seq that is not the next one, so no gap or duplicate can be written',
      run(async ({ open }) => {
        const store = await storeWithChunks(open, 2);
        await expect(store.append('s1', 2, 'again')).rejects.toMatchObject({ code: 'store/invariant' });
        await expect(store.append('s1', 4, 'skip')).rejects.toMatchObject({ code: 'store/invariant' });
        expect(await store.read('s1', 0)).toEqual([
          { seq: 1, text: 't1' },
          { seq: 2, text: 't2' },
        ]);
      }),
    );

    it(
      'refuses writes to a finished or unknown stream, and a second stream with the same id',
      run(async ({ open }) => {
        const store = await storeWithChunks(open, 1);
        await store.finish('s1', { finishReason: 'complete', lastSeq: 1 });
        await expect(store.append('s1', 2, 'late')).rejects.toMatchObject({ code: 'store/invariant' });
        await expect(store.finish('s1', { finishReason: 'complete', lastSeq: 1 })).rejects.toMatchObject({ code: 'store/invariant' });
        await expect(store.append('nope', 1, 'x')).rejects.toMatchObject({ code: 'store/invariant' });
        await expect(store.finish('nope', { finishReason: 'complete', lastSeq: 0 })).rejects.toMatchObject({ code: 'store/invariant' });
        await expect(store.create(meta('s1'))).rejects.toMatchObject({ code: 'store/invariant' });
      }),
    );

    it(
      'announces the stored chunk count as lastSeq, whatever the caller claims',
      run(async ({ open }) => {
        const store = await storeWithChunks(open, 2);
        await store.finish('s1', { finishReason: 'complete', lastSeq: 9 });
        expect(await store.get('s1')).toMatchObject({ lastSeq: 2, finishReason: 'complete' });
      }),
    );

    it(
      'keeps a finished stream replayable for the retention period, then forgets it',
      run(async ({ open }) => {
        let now = 1_000;
        const store = await storeWithChunks(open, 2, { retentionMs: 500, now: () => now });
        await store.finish('s1', { finishReason: 'complete', lastSeq: 2 });
        expect(await store.get('s1')).toMatchObject({ finishedAt: 1_000 });
        now += 499;
        expect(await store.read('s1', 0)).toHaveLength(2);
        now += 1;
        expect(await store.get('s1')).toBeNull();
        expect(await store.read('s1', 0)).toBeNull();
        expect(await store.follow('s1', 0, () => {})).toBeNull();
      }),
    );

    it(
      "lists only the owner's running streams, oldest first, on any instance",
      run(async ({ open, peer }) => {
        const store = await open();
        const other = await peer();
        await store.create(meta('late', { startedAt: 20 }));
        await store.create(meta('early', { startedAt: 10 }));
        await store.create(meta('other', { ownerId: 'user-2' }));
        await store.create(meta('done'));
        await store.finish('done', { finishReason: 'complete', lastSeq: 0 });
        const active = await other.activeForOwner('user-1');
        expect(active.map((stream) => stream.messageId)).toEqual(['early', 'late']);
        expect(active[0]).toEqual({ ...meta('early', { startedAt: 10 }), lastSeq: 0, finishReason: null, finishedAt: null });
      }),
    );

    it(
      'tells the watchers of a conversation on every instance about each stream created in it, once',
      run(async ({ open, peer }) => {
        const here = await open();
        const there = await peer();
        const seenHere: string[] = [];
        const seenThere: string[] = [];
        const unwatchHere = await here.watchConversation('conv-1', (stream) => seenHere.push(stream.messageId));
        const unwatchThere = await there.watchConversation('conv-1', (stream) => seenThere.push(stream.messageId));
        await here.create(meta('a'));
        await here.create(meta('elsewhere', { conversationId: 'conv-2' }));
        await eventually(() => seenThere.length === 1, 'every instance to hear of the stream');
        unwatchHere();
        unwatchThere();
        await here.create(meta('b'));
        await there.create(meta('c'));
        // Only a fresh watcher hearing of a later stream shows that b and c had time to arrive.
        const witness = await peer();
        const seenWitness: string[] = [];
        await witness.watchConversation('conv-1', (stream) => seenWitness.push(stream.messageId));
        await there.create(meta('d'));
        await eventually(() => seenWitness.length === 1, 'a fresh watcher to hear of stream d');
        expect(seenHere).toEqual(['a']);
        expect(seenThere).toEqual(['a']);
        expect(seenWitness).toEqual(['d']);
      }),
    );

    it(
      'drops a listener that throws without stalling the writer or the other listeners',
      run(async ({ open, peer }) => {
        const store = await storeWithChunks(open, 0);
        const reader = await peer();
        const good: number[] = [];
        let calls = 0;
        await reader.follow('s1', 0, () => {
          calls += 1;
          throw new Error('broken follower');
        });
        await reader.follow('s1', 0, (event) => event.type === 'chunk' && good.push(event.seq));
        await store.append('s1', 1, 'a');
        await store.append('s1', 2, 'b');
        await eventually(() => good.length === 2, 'the good listener to get both chunks');
        expect(good).toEqual([1, 2]);
        expect(calls).toBe(1);
      }),
    );

    it(
      'keeps text and part events under one seq each, and replays and follows them exactly, on any instance',
      run(async ({ open, peer }) => {
        const store = await storeWithChunks(open, 0);
        const reader = await peer();
        const pieces: StreamPiece[] = [
          { kind: 'reasoning-delta', delta: 'Weighing "options" \u2014 ok' },
          'Hello',
          { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'search', input: { query: 'tides', limit: 2 } },
          { kind: 'tool-output', toolCallId: 'call_1', output: [{ title: 'Tide \u{1F30A}', nested: { ok: true } }] },
          { kind: 'data', name: 'chart', id: 'd1', data: null },
          ' world',
        ];
        const live: StreamEvent[] = [];
        await reader.follow('s1', 0, (event) => live.push(event));
        for (let index = 0; index < pieces.length; index++) await store.append('s1', index + 1, pieces[index]!);
        await store.finish('s1', { finishReason: 'complete', lastSeq: pieces.length });

        const expected = pieces.map((piece, index) => chunkOf(index + 1, piece));
        expect(await reader.read('s1', 0)).toEqual(expected);
        expect(await reader.read('s1', 2)).toEqual(expected.slice(2));
        await eventually(() => live.at(-1)?.type === 'end', 'the end to be delivered');
        expect(live).toEqual([...expected.map((chunk) => ({ type: 'chunk', ...chunk })), { type: 'end', finishReason: 'complete', lastSeq: pieces.length }]);
      }),
    );

    it(
      'keeps a stream paused on a tool approval running and listed, and takes its decision as the next seq exactly once across instances',
      run(async ({ open, peer }) => {
        const store = await storeWithChunks(open, 2);
        await store.append('s1', 3, { kind: 'tool-approval-request', toolCallId: 'call_1' });
        const other = await peer();
        expect(await other.get('s1')).toMatchObject({ lastSeq: 3, finishReason: null });
        expect((await other.activeForOwner('user-1')).map((stream) => stream.messageId)).toEqual(['s1']);

        const decision: StreamPiece = { kind: 'tool-approval-response', toolCallId: 'call_1', approved: true };
        const outcomes = await Promise.allSettled([store.append('s1', 4, decision), other.append('s1', 4, decision)]);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult | undefined;
        expect(refused?.reason).toMatchObject({ code: 'store/invariant' });
        expect((await other.read('s1', 2))?.map((chunk) => chunk.part ?? chunk.text)).toEqual([
          { kind: 'tool-approval-request', toolCallId: 'call_1' },
          decision,
        ]);
      }),
    );
  });
}
