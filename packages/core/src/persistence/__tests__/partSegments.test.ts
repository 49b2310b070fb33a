import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient } from '../../client/createChatClient.ts';
import { applyPartEvent } from '../../merge/messageParts.ts';
import type { ChatMessage } from '../../model/message.ts';
import type { MessagePart, PartEvent, ToolCallPart } from '../../model/parts.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeServer, type FakeServer, type ReplyStep } from '../../testing/createFakeServer.ts';
import { createMemoryStorage, type EnumerableKeyValueStorage } from '../createMemoryStorage.ts';
import { createPersister } from '../createPersister.ts';
import type { KeyValueStorage } from '../KeyValueStorage.ts';
import type { PersistedSegment } from '../PersistedRecord.ts';
import { foldSegmentEvents, segmentEventsBetween } from '../segmentEvents.ts';
import { segmentKey, storageKey } from '../storageKey.ts';

const reasoning = (count: number): PartEvent[] =>
  Array.from({ length: count }, (_, index) => ({ kind: 'reasoning-delta', delta: `step ${index}. ` }));
const toolInput = (toolCallId: string, count: number): PartEvent[] => [
  { kind: 'tool-input-start', toolCallId, toolName: 'search' },
  ...Array.from({ length: count }, (_, index): PartEvent => ({ kind: 'tool-input-delta', toolCallId, delta: index === 0 ? '{"q":"' : `w${index}` })),
];

/** Reasoning, text, a source, a tool call whose input streams, its output, data updated in place, text. */
const mixedScript: readonly ReplyStep[] = [
  ...reasoning(20),
  { kind: 'reasoning-end' },
  'Looking ',
  'it ',
  'up. ',
  { kind: 'source', sourceId: 's1', url: 'https://e.x/1' },
  ...toolInput('call_1', 20),
  { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'search', input: { q: 'x' } },
  { kind: 'tool-output', toolCallId: 'call_1', output: 'found' },
  { kind: 'data', name: 'progress', id: 'p', data: 1 },
  ...Array.from({ length: 20 }, (_, index) => `word${index} `),
  { kind: 'data', name: 'progress', id: 'p', data: 2 },
  'Done.',
];

/** Storage that counts base writes and can be made full. */
function watchedStorage(): EnumerableKeyValueStorage & { baseWrites: number; full: boolean } {
  const inner = createMemoryStorage();
  const watched = {
    baseWrites: 0,
    full: false,
    getItem: (key: string) => inner.getItem(key),
    removeItem: (key: string) => inner.removeItem(key),
    setItem(key: string, value: string) {
      if (watched.full) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
      if (key === storageKey('alice')) watched.baseWrites += 1;
      inner.setItem(key, value);
    },
    get length() {
      return inner.length;
    },
    key: (index: number) => inner.key(index),
  };
  return watched;
}

function page(storage: KeyValueStorage, clock: FakeClock, server: FakeServer): ChatClient {
  let ids = 0;
  return createChatClient({ transport: server.transport, namespace: 'alice', storage, clock, generateId: () => `p${clock.now()}m${++ids}`, frameBatchMs: 0 });
}

function replyOf(client: ChatClient): ChatMessage {
  const { context } = client.getSnapshot();
  return context.conversations[context.openConversationId!]!.messages.find((message) => message.role === 'assistant')!;
}

function segmentsOf(storage: KeyValueStorage, messageId: string): PersistedSegment[] {
  const segments: PersistedSegment[] = [];
  for (let n = 1; storage.getItem(segmentKey('alice', messageId, n)) !== null; n += 1) {
    segments.push(JSON.parse(storage.getItem(segmentKey('alice', messageId, n))!) as PersistedSegment);
  }
  return segments;
}

/** Streams `script` for `ms`, then closes the page (a refresh: `dispose` flushes like `pagehide`). */
function refreshAfter(ms: number, script: readonly ReplyStep[], storage = watchedStorage()) {
  const clock = new FakeClock();
  const server = createFakeServer({ clock, tokensPerSecond: 20, reply: () => script });
  const first = page(storage, clock, server);
  clock.advance(10);
  first.send('go');
  clock.advance(ms);
  const shown = replyOf(first);
  first.dispose();
  return { clock, server, storage, shown };
}

/** A new page on the same storage: shows what the old one showed, then resumes to the server's reply, nothing doubled or lost. */
function expectRestoredThenResumed(setup: ReturnType<typeof refreshAfter>, expected: Pick<ChatMessage, 'text' | 'parts' | 'seq'> = setup.shown) {
  const { clock, server, storage } = setup;
  const second = page(storage, clock, server);
  expect(replyOf(second)).toMatchObject({ text: expected.text, parts: expected.parts, seq: expected.seq });
  clock.advance(20_000);
  const conversationId = second.getSnapshot().context.openConversationId!;
  const final = server.history(conversationId)[1]!;
  expect(replyOf(second)).toMatchObject({ status: 'complete', text: final.text, parts: final.parts });
  return second;
}

describe('segments carry part events (record version 4)', () => {
  it('restores a reply refreshed mid-reasoning from part-event segments, without rewriting the base per event', () => {
    const setup = refreshAfter(800, mixedScript);
    expect(setup.shown.parts).toHaveLength(1);
    expect(setup.shown.parts[0]).toMatchObject({ type: 'reasoning' });
    const segments = segmentsOf(setup.storage, setup.shown.id);
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.flatMap((segment) => segment.events ?? []).some((event) => event.kind === 'reasoning-delta')).toBe(true);
    expectRestoredThenResumed(setup).dispose();
  });

  it('restores a reply refreshed while a tool call’s input streams, input text and state as shown', () => {
    const setup = refreshAfter(1_900, mixedScript);
    const tool = setup.shown.parts.find((part): part is ToolCallPart => part.type === 'tool-call');
    expect(tool).toMatchObject({ state: 'input-streaming' });
    expect(tool!.inputText.length).toBeGreaterThan(6);
    expectRestoredThenResumed(setup).dispose();
  });

  it('writes the base once per reply start and end, however many part events stream', () => {
    const setup = refreshAfter(20_000, mixedScript);
    // The handshake and message start compact, the end settles; the ~70 part and text events in between append.
    expect(setup.storage.baseWrites).toBeLessThanOrEqual(4);
  });

  it('restores a reply paused on an approval request, then the decision given after the reload completes it once', () => {
    const script: readonly ReplyStep[] = [
      ...reasoning(5),
      'Checking. ',
      { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'delete', input: { id: 7 } },
      { awaitApproval: 'call_1', ifApproved: [{ kind: 'tool-output', toolCallId: 'call_1', output: 'deleted' }], ifDenied: [] },
      'Done.',
    ];
    const setup = refreshAfter(3_000, script);
    expect(setup.shown.parts[2]).toMatchObject({ type: 'tool-call', state: 'approval-requested' });
    const { clock, server, storage } = setup;
    const second = page(storage, clock, server);
    expect(replyOf(second)).toMatchObject({ text: setup.shown.text, parts: setup.shown.parts, seq: setup.shown.seq });
    second.approveTool({ messageId: setup.shown.id, toolCallId: 'call_1' });
    clock.advance(5_000);
    const approves = server.fake.connections.flatMap((connection) => connection.sent.filter((frame) => frame.type === 'approve'));
    expect(approves).toHaveLength(1);
    const final = server.history(second.getSnapshot().context.openConversationId!)[1]!;
    expect(replyOf(second)).toMatchObject({ status: 'complete', text: 'Checking. Done.', parts: final.parts });
    second.dispose();
  });

  describe('an unusable part segment stops that stream there, and the resume fills in the rest', () => {
    const cases: [string, string, (segment: PersistedSegment) => string][] = [
      ['not JSON', 'storage/corrupt', () => '{"namespace":"alice","fromSeq":'],
      ['an event of no known kind', 'storage/corrupt', (segment) => JSON.stringify({ ...segment, events: [{ kind: 'teleport' }] })],
      ['an event for a tool call the reply lacks', 'storage/corrupt', (segment) => JSON.stringify({ ...segment, events: [{ kind: 'tool-output', toolCallId: 'nope', output: 1 }] })],
      ['a gap before it', 'storage/corrupt', (segment) => JSON.stringify({ ...segment, fromSeq: segment.fromSeq + 1 })],
      ['another namespace’s', 'storage/foreign_namespace', (segment) => JSON.stringify({ ...segment, namespace: 'mallory' })],
    ];
    it.each(cases)('%s', (_name, code, spoil) => {
      const setup = refreshAfter(2_600, mixedScript);
      const { storage, shown } = setup;
      const segments = segmentsOf(storage, shown.id);
      expect(segments.length).toBeGreaterThanOrEqual(3);
      expect(segments[1]!.events).toBeDefined();
      // What storage held before segment 2: the base and segment 1 alone.
      const before = createMemoryStorage({
        [storageKey('alice')]: storage.getItem(storageKey('alice'))!,
        [segmentKey('alice', shown.id, 1)]: storage.getItem(segmentKey('alice', shown.id, 1))!,
      });
      const kept = createPersister({ storage: before, namespace: 'alice' }).restore().record!.streams[0]!;
      storage.setItem(segmentKey('alice', shown.id, 2), spoil(segments[1]!));

      const restored = createPersister({ storage, namespace: 'alice' }).restore();
      expect(restored.error?.code).toBe(code);
      const stream = restored.record!.streams[0]!;
      expect(stream).toEqual(kept);
      expect(stream.lastSeq).toBe(segments[0]!.toSeq);
      expectRestoredThenResumed(setup, { text: kept.text, parts: kept.parts!, seq: kept.lastSeq }).dispose();
    });
  });

  it('keeps storage consistent when it fills during part segments, and catches up from the last stored one once freed', () => {
    const storage = watchedStorage();
    const clock = new FakeClock();
    const server = createFakeServer({ clock, tokensPerSecond: 20, reply: () => mixedScript });
    const first = page(storage, clock, server);
    /** What the page showed at each seq, to compare any restore with. */
    const shownAt = new Map<number, ChatMessage>();
    first.subscribe(() => {
      const reply = first.getSnapshot().context.conversations[first.getSnapshot().context.openConversationId ?? '']?.messages.find((m) => m.role === 'assistant');
      if (reply?.seq !== undefined) shownAt.set(reply.seq, reply);
    });
    clock.advance(10);
    first.send('go');
    clock.advance(1_000);
    storage.full = true;
    clock.advance(1_200);
    expect(first.getSnapshot().context.errors.some((error) => error.code === 'storage/quota')).toBe(true);
    // While full, storage holds an earlier point whose parts and cursor agree.
    const whileFull = createPersister({ storage, namespace: 'alice' }).restore().record!.streams[0]!;
    expect(whileFull.lastSeq).toBeLessThan(replyOf(first).seq!);
    expect(whileFull.parts).toEqual(shownAt.get(whileFull.lastSeq)!.parts);
    storage.full = false;
    clock.advance(600);
    const shown = replyOf(first);
    first.dispose();
    const segments = segmentsOf(storage, shown.id);
    for (let n = 1; n < segments.length; n += 1) expect(segments[n]!.fromSeq).toBe(segments[n - 1]!.toSeq);
    expectRestoredThenResumed({ clock, server, storage, shown }).dispose();
  });

  it('clearPersistedData removes the base and every part segment', () => {
    const storage = watchedStorage();
    const clock = new FakeClock();
    const server = createFakeServer({ clock, tokensPerSecond: 20, reply: () => mixedScript });
    const client = page(storage, clock, server);
    clock.advance(10);
    client.send('go');
    clock.advance(2_000);
    expect(segmentsOf(storage, replyOf(client).id).length).toBeGreaterThan(0);
    client.clearPersistedData();
    expect(storage.length).toBe(0);
    client.dispose();
  });
});

describe('segmentEventsBetween', () => {
  /** Text or a part event, as a v2 stream sends them (a tool event for a call not started is dropped by the fold). */
  const step = fc.oneof(
    fc.string({ minLength: 1, maxLength: 4 }).map((text) => ({ text })),
    fc.string({ maxLength: 4 }).map((delta): PartEvent => ({ kind: 'reasoning-delta', delta })),
    fc.constant<PartEvent>({ kind: 'reasoning-end' }),
    fc.constantFrom('a', 'b').map((id): PartEvent => ({ kind: 'tool-input-start', toolCallId: id, toolName: 't' })),
    fc.constantFrom('a', 'b').map((id): PartEvent => ({ kind: 'tool-input-delta', toolCallId: id, delta: 'x' })),
    fc.constantFrom('a', 'b').map((id): PartEvent => ({ kind: 'tool-input-available', toolCallId: id, toolName: 't', input: { id } })),
    fc.constantFrom('a', 'b').map((id): PartEvent => ({ kind: 'tool-approval-request', toolCallId: id })),
    fc.constantFrom('a', 'b').map((id): PartEvent => ({ kind: 'tool-approval-response', toolCallId: id, approved: true })),
    fc.constantFrom('a', 'b').map((id): PartEvent => ({ kind: 'tool-output', toolCallId: id, output: [id] })),
    fc.constant<PartEvent>({ kind: 'source', sourceId: 's', url: 'https://e.x' }),
    fc.integer({ min: 0, max: 3 }).map((data): PartEvent => ({ kind: 'data', name: 'n', id: 'p', data })),
  );

  it('gives events that the fold turns into exactly the later parts, whenever it gives any', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.nat(), fc.nat(), (steps, a, b) => {
        const states: (readonly MessagePart[])[] = [[]];
        for (const s of steps) {
          const last = states[states.length - 1]!;
          states.push('text' in s ? (foldSegmentEvents(last, [{ kind: 'text', delta: s.text }]) ?? last) : applyPartEvent(last, s));
        }
        const [from, to] = [Math.min(a, b) % states.length, Math.max(a, b) % states.length].sort((x, y) => x - y) as [number, number];
        const events = segmentEventsBetween(states[from]!, states[to]!);
        if (events !== null) expect(foldSegmentEvents(states[from]!, events)).toEqual(states[to]);
      }),
    );
  });

  it('finds events for every step of a stream that only appends (so such a stream never compacts)', () => {
    let parts: readonly MessagePart[] = [];
    for (const s of mixedScript) {
      if (typeof s !== 'string' && !('kind' in s)) continue;
      const next = typeof s === 'string' ? foldSegmentEvents(parts, [{ kind: 'text', delta: s }])! : applyPartEvent(parts, s);
      expect(segmentEventsBetween(parts, next)).not.toBeNull();
      parts = next;
    }
    expect(segmentEventsBetween([], parts)).not.toBeNull();
  });

  it('gives null when a part was removed or rewritten', () => {
    expect(segmentEventsBetween([{ type: 'text', text: 'ab' }], [])).toBeNull();
    expect(segmentEventsBetween([{ type: 'text', text: 'ab' }], [{ type: 'text', text: 'xb' }])).toBeNull();
  });
});

describe('when a write with parts compacts instead', () => {
  const base = (parts: readonly MessagePart[], lastSeq: number) => ({
    format: 'rejoin/snapshot' as const,
    v: 4 as const,
    namespace: 'alice',
    savedAt: 0,
    openConversationId: 'c1',
    streams: [{ conversationId: 'c1', messageId: 'a1', lastSeq, text: '', createdAt: 1, parts }],
    outbox: [],
    approvals: [],
  });
  const sources = (count: number): MessagePart[] =>
    Array.from({ length: count }, (_, index) => ({ type: 'source', sourceId: `s${index}`, url: `https://e.x/${index}` }));

  it('compacts past maxSegments, the base then holding every part and no segment left', () => {
    const storage = createMemoryStorage();
    const persister = createPersister({ storage, namespace: 'alice', throttleMs: 0, maxSegments: 3 });
    for (let seq = 1; seq <= 5; seq += 1) persister.save(base(sources(seq), seq));
    // Write 1 is the base, 2..4 segments 1..3, write 5 compacts.
    expect(storage.length).toBe(1);
    expect(JSON.parse(storage.getItem(storageKey('alice'))!).streams[0].parts).toEqual(sources(5));
  });

  it('compacts when a part changed in a way no event makes, so restore never folds a wrong part', () => {
    const storage = createMemoryStorage();
    const persister = createPersister({ storage, namespace: 'alice', throttleMs: 0 });
    persister.save(base(sources(2), 2));
    persister.save(base(sources(3), 3));
    expect(storage.getItem(segmentKey('alice', 'a1', 1))).not.toBeNull();
    const rewritten: MessagePart[] = [{ type: 'source', sourceId: 'other', url: 'https://e.x/o' }, ...sources(3).slice(1)];
    persister.save(base(rewritten, 4));
    expect(storage.length).toBe(1);
    expect(createPersister({ storage, namespace: 'alice' }).restore().record!.streams[0]!.parts).toEqual(rewritten);
  });
});
