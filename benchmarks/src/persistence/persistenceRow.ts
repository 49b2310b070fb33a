import { recordFromState, type ChatClient, type ServerFrame } from '@rejoin/core';
import { check } from '../harness/fail.ts';
import type { BenchSettings } from '../harness/BenchSettings.ts';
import { connectedClient } from '../ingest/connectedClient.ts';
import { createMixedPartsFixture } from '../ingest/mixedPartsFixture.ts';
import { ASSISTANT_MESSAGE_ID, CONVERSATION_ID, createStreamFixture } from '../ingest/streamFixture.ts';
import { formatBytes, formatInteger, formatRatio } from '../report/format.ts';
import type { GoalCheck, RowReport } from '../report/RowReport.ts';
import { createCountingStorage, type CountingStorage } from './countingStorage.ts';

const TOKENS_PER_SECOND = 50;

interface StreamOutcome {
  readonly rejoin: CountingStorage;
  /** Whole conversation on every change, the way apps persist `messages` from a hook today. */
  readonly wholeConversation: CountingStorage;
  readonly streamSeconds: number;
  /**
   * Size of the record holding the whole reply (the one a reload just before \`message_end\` would
   * restore), as one JSON record: the yardstick for what streaming it cost to store. 0 when stopped early.
   */
  readonly finalRecordCharacters: number;
}

/**
 * Streams `tokens` at 50 tokens/s through the whole client on a fake clock, each chunk in its own
 * task, and counts storage writes from the first chunk to a second after `message_end`. Stops after
 * `stopAfter` tokens when given (the state a refresh would find), flushing as `pagehide` does.
 */
function streamAndCount(options: {
  readonly tokens: number;
  readonly history: number;
  readonly persistThrottleMs?: number;
  readonly stopAfter?: number;
  /** `parts`: a source, a tool call and a data part after every 16 text tokens (their events append as segments). */
  readonly stream?: 'text' | 'parts';
}): StreamOutcome {
  const fixture = options.stream === 'parts' ? createMixedPartsFixture(options.tokens) : createStreamFixture(options.tokens);
  const rejoin = createCountingStorage();
  const wholeConversation = createCountingStorage();
  const connected = connectedClient({
    history: options.history,
    storage: rejoin,
    ...(options.persistThrottleMs === undefined ? {} : { persistThrottleMs: options.persistThrottleMs }),
  });
  const client: ChatClient = connected.client;
  let lastMessages: unknown = null;
  const unsubscribe = client.subscribe(() => {
    const messages = client.getSnapshot().context.conversations[CONVERSATION_ID]?.messages;
    if (messages === undefined || messages === lastMessages) return;
    lastMessages = messages;
    wholeConversation.setItem('chat', JSON.stringify(messages));
  });
  const baseline = { writes: rejoin.writes, characters: rejoin.charactersWritten };
  const stopAt = options.stopAfter ?? fixture.frames.length;
  const intervalMs = 1000 / TOKENS_PER_SECOND;
  for (let index = 0; index < stopAt; index += 1) {
    connected.connection.deliver(fixture.frames[index]!);
    connected.clock.advance(intervalMs);
  }
  let finalRecordCharacters = 0;
  if (options.stopAfter === undefined) {
    const { context } = client.getSnapshot();
    finalRecordCharacters = JSON.stringify(
      recordFromState({
        namespace: 'bench',
        now: connected.clock.now(),
        openConversationId: context.openConversationId,
        conversations: context.conversations,
        outbox: context.outbox,
      }),
    ).length;
    const end: ServerFrame = {
      type: 'message_end',
      conversationId: CONVERSATION_ID,
      messageId: ASSISTANT_MESSAGE_ID,
      finishReason: 'complete',
      lastSeq: fixture.frames.length,
    };
    connected.connection.deliver(end);
    connected.clock.advance(1000);
    check(connected.text() === fixture.text, 'the persisted stream did not end with the whole reply');
  } else {
    client.dispose(); // flushes, like pagehide
  }
  unsubscribe();
  connected.dispose();
  return {
    rejoin: withBaseline(rejoin, baseline),
    wholeConversation,
    streamSeconds: stopAt / TOKENS_PER_SECOND,
    finalRecordCharacters,
  };
}

/** The storage's counters minus what the handshake wrote before the stream began. */
function withBaseline(storage: CountingStorage, baseline: { writes: number; characters: number }): CountingStorage {
  return {
    getItem: storage.getItem,
    setItem: storage.setItem,
    removeItem: storage.removeItem,
    writes: storage.writes - baseline.writes,
    charactersWritten: storage.charactersWritten - baseline.characters,
    storedCharacters: storage.storedCharacters,
  };
}

/** Row 3: what persistence costs while streaming, and how the snapshot grows with history. */
export async function persistenceRow(settings: BenchSettings): Promise<RowReport> {
  const tokens = settings.smoke ? 200 : 2_000;
  const history = 10;
  const throttled = streamAndCount({ tokens, history });
  const everyChange = streamAndCount({ tokens, history, persistThrottleMs: 0 });
  check(throttled.rejoin.writes > 0 && everyChange.rejoin.writes > 0, 'no storage writes were counted');
  const withParts = streamAndCount({ tokens, history, stream: 'parts' });

  const writeRows = [
    ['Rejoin, default (throttled to one write per 500 ms; a base record plus appended segments)', throttled.rejoin, throttled.streamSeconds],
    ['Rejoin, `persistThrottleMs: 0` (a write per change)', everyChange.rejoin, everyChange.streamSeconds],
    ['Whole conversation as JSON on every change (what apps do with a `messages` hook)', throttled.wholeConversation, throttled.streamSeconds],
    [
      `Rejoin, default, a reply with parts (a source, a tool call and a data part after every 16 text tokens; part events and text append as segments): final record ${formatBytes(withParts.finalRecordCharacters)}`,
      withParts.rejoin,
      withParts.streamSeconds,
    ],
  ] as const;

  const lengths = settings.smoke ? [10, 100] : [10, 100, 1_000];
  const sizes = lengths.map((length) => {
    const outcome = streamAndCount({ tokens, history: length, stopAfter: tokens / 2 });
    return { length, rejoin: outcome.rejoin.storedCharacters, whole: outcome.wholeConversation.storedCharacters };
  });
  const smallest = Math.min(...sizes.map((size) => size.rejoin));
  const largest = Math.max(...sizes.map((size) => size.rejoin));
  const growth = largest / smallest;
  const wholeGrowth = sizes[sizes.length - 1]!.whole / sizes[0]!.whole;
  const writtenPerRecord = throttled.rejoin.charactersWritten / throttled.finalRecordCharacters;
  const partsWrittenPerRecord = withParts.rejoin.charactersWritten / withParts.finalRecordCharacters;
  const goals: GoalCheck[] = [
    {
      goal: `written to storage during a ${tokens.toLocaleString('en-US')}-token reply ≤ 3× the final record`,
      met: writtenPerRecord <= 3,
      detail: `${formatBytes(throttled.rejoin.charactersWritten)} written for a final record of ${formatBytes(throttled.finalRecordCharacters)}: ${formatRatio(writtenPerRecord)} (goal ≤ 3×)`,
    },
    {
      goal: `written during a ${tokens.toLocaleString('en-US')}-token reply with parts ≤ 3× the final record`,
      met: partsWrittenPerRecord <= 3,
      detail: `${formatBytes(withParts.rejoin.charactersWritten)} written for a final record of ${formatBytes(withParts.finalRecordCharacters)}: ${formatRatio(partsWrittenPerRecord)} (goal ≤ 3×)`,
    },
    {
      goal: `persisted size flat from ${lengths[0]} to ${lengths[lengths.length - 1]!.toLocaleString('en-US')} history messages`,
      met: growth <= 1.01,
      detail: `${formatBytes(smallest)} to ${formatBytes(largest)} (${formatRatio(growth)}); the whole conversation grows ${formatRatio(wholeGrowth)}`,
    },
  ];

  return {
    id: 3,
    title: 'Persistence',
    runs: 'deterministic counts on a fake clock (one run each)',
    method: [
      `A ${tokens.toLocaleString('en-US')}-token reply streams at ${TOKENS_PER_SECOND} tokens/s (${throttled.streamSeconds} s on a \`FakeClock\`), each chunk in its own task, through the whole client into a counting storage; writes are counted from the first chunk to one second after \`message_end\`. The conversation holds ${history} earlier messages. The third strategy runs beside the client in the same run: a subscriber that stores the whole messages array on every change.`,
      '',
      'Rejoin stores a base record (settled state, and the text up to its last compaction) and, while a reply streams, appends only what was added since the last write as a segment under a key of its own (record version 2: the text; version 4: for a reply with parts, the text and part events, replayed through the client\'s fold on restore), so a write costs what was appended; the base is rewritten when the settled state changes or a stream has 128 segments. The final record is the whole reply\'s record as one JSON value, the size a reload just before `message_end` restores.',
      '',
      `Persisted size: the same stream stopped halfway (${(tokens / 2).toLocaleString('en-US')} tokens) and flushed as on \`pagehide\`, after histories of ${lengths.map((length) => length.toLocaleString('en-US')).join(', ')} messages. Sizes are UTF-16 code units, the unit Web Storage quotas count (the same as bytes for this ASCII text).`,
    ],
    tables: [
      {
        caption: `Writes during a ${tokens.toLocaleString('en-US')}-token stream at ${TOKENS_PER_SECOND} tokens/s`,
        headers: ['strategy', 'writes', 'writes/s', 'written', 'writes vs Rejoin default', 'written vs Rejoin default'],
        rows: writeRows.map(([label, storage, seconds]) => [
          label,
          formatInteger(storage.writes),
          (storage.writes / seconds).toFixed(1),
          formatBytes(storage.charactersWritten),
          formatRatio(storage.writes / throttled.rejoin.writes),
          formatRatio(storage.charactersWritten / throttled.rejoin.charactersWritten),
        ]),
      },
      {
        caption: 'Persisted size against history length (mid-stream)',
        headers: ['history messages', 'Rejoin snapshot', 'whole conversation', 'whole / Rejoin'],
        rows: sizes.map((size) => [
          size.length.toLocaleString('en-US'),
          formatBytes(size.rejoin),
          formatBytes(size.whole),
          formatRatio(size.whole / size.rejoin),
        ]),
      },
    ],
    goals,
    closingNotes: [
      ...(goals[0]!.met
        ? []
        : [`Streaming the reply wrote ${formatRatio(writtenPerRecord)} its final record: segments should carry only appended text, and compactions stay rare.`]),
      ...(goals[1]!.met
        ? []
        : [`Streaming the reply with parts wrote ${formatRatio(partsWrittenPerRecord)} its final record: part events should append as segments, not compact.`]),
      ...(goals[2]!.met
        ? []
        : [`The persisted snapshot grew ${formatRatio(growth)} with history; it should hold only cursors, partial text and the outbox.`]),
    ],
  };
}
