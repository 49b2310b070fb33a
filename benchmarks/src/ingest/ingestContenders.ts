import { parseServerFrame, type ChatContext, type ChunkFrame } from '@rejoin/core';
// Internal on purpose: a diagnostic row separates the pure fold from the statechart around it.
import { applyChunkFrames } from '../../../packages/core/src/machine/applyServerFrames.ts';
import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { check } from '../harness/fail.ts';
import { connectedClient, type ConnectedClient } from './connectedClient.ts';
import { ASSISTANT_MESSAGE_ID, CONVERSATION_ID, type StreamFixture } from './streamFixture.ts';

/** How the frames of a stream reach the client: how many land in one task, and the time that spans. */
export interface BatchingScenario {
  readonly name: string;
  /** Frames that arrive within one task (one socket read); the fake clock moves after each task. */
  readonly framesPerTask: number;
  /** Time that passes per task on the fake clock: fires due batch flushes, the persistence throttle, the heartbeat. */
  readonly msPerTask: number;
  /** The client's `frameBatchMs`: 0 flushes at the next macrotask, more waits that long. */
  readonly frameBatchMs: number;
  /** Persist to a memory storage (throttled, as in a browser). @default true */
  readonly persist?: boolean;
}

/** What a run produced, checked after every iteration. */
export interface IngestOutcome {
  readonly text: string;
  readonly machineEvents?: number;
  readonly storageWrites?: number;
}

/**
 * The whole client: raw frame text in through the fake connection, parsed and validated, batched,
 * folded by the chunk fast path (committed to the machine every 500 ms), persisted (throttled) to
 * memory storage, and one subscriber notified per change, as a UI binding would be.
 */
export function createClientIngest(fixture: StreamFixture, scenario: BatchingScenario) {
  let connected: ConnectedClient | null = null;
  let notificationsBefore = 0;
  let writesBefore = 0;
  return {
    prepare(): void {
      connected?.dispose();
      connected = connectedClient({
        frameBatchMs: scenario.frameBatchMs,
        ...(scenario.persist === false ? { storage: null } : {}),
      });
      notificationsBefore = connected.notifications();
      writesBefore = connected.client.persistenceStats.writes;
    },
    run(): IngestOutcome {
      const current = connected;
      check(current !== null, 'prepare() must run before run()');
      const { connection, clock } = current;
      const { frames } = fixture;
      const perTask = scenario.framesPerTask;
      for (let index = 0; index < frames.length; index += 1) {
        connection.deliver(frames[index]!);
        if ((index + 1) % perTask === 0) clock.advance(scenario.msPerTask);
      }
      // The last window closes: its batch is part of the work.
      clock.advance(Math.max(scenario.msPerTask, scenario.frameBatchMs));
      const stats = current.client.persistenceStats;
      return {
        text: current.text(),
        machineEvents: current.notifications() - notificationsBefore,
        storageWrites: stats.writes - writesBefore,
      };
    },
    dispose(): void {
      connected?.dispose();
      connected = null;
    },
  };
}

/**
 * The machine alone: the same chunks, parsed beforehand, sent straight to the client's actor as
 * one `SERVER.CHUNKS` event per `chunksPerEvent` (no transport, no validation, no batcher, no
 * storage). Separates the per-event cost (statechart step, merge, snapshot, one subscriber) from
 * the per-frame one in the client rows. Not a way to use the client: a diagnostic.
 */
export function createMachineOnlyIngest(fixture: StreamFixture, chunksPerEvent: number) {
  const parsed = fixture.frames.map((raw) => {
    const result = parseServerFrame(raw);
    check(result.ok && result.frame.type === 'chunk', 'a fixture frame failed validation or is not a chunk');
    return result.frame as ChunkFrame;
  });
  const batches: ChunkFrame[][] = [];
  for (let index = 0; index < parsed.length; index += chunksPerEvent) batches.push(parsed.slice(index, index + chunksPerEvent));
  let connected: ConnectedClient | null = null;
  return {
    prepare(): void {
      connected?.dispose();
      connected = connectedClient({ frameBatchMs: 16, storage: null });
    },
    run(): IngestOutcome {
      const current = connected;
      check(current !== null, 'prepare() must run before run()');
      const { actor } = current.client;
      for (const frames of batches) actor.send({ type: 'SERVER.CHUNKS', frames });
      return { text: current.text(), machineEvents: batches.length };
    },
    /** The connected client's context before any chunk: where the fold-only row starts. */
    context(): ChatContext {
      check(connected !== null, 'prepare() must run before context()');
      return connected.client.actor.getSnapshot().context;
    },
    batches: batches as readonly (readonly ChunkFrame[])[],
    dispose(): void {
      connected?.dispose();
      connected = null;
    },
  };
}

/**
 * The fold alone: the same 16-chunk batches through `applyChunkFrames`, the pure function the
 * machine's `SERVER.CHUNKS` action calls, with no statechart around it. The machine-alone row minus
 * this one is what the statechart itself costs per event (macrostep, snapshot, subscribers).
 */
export function createFoldOnlyIngest(fixture: StreamFixture, chunksPerEvent: number) {
  const machineOnly = createMachineOnlyIngest(fixture, chunksPerEvent);
  let start: ChatContext | null = null;
  return {
    prepare(): void {
      machineOnly.prepare();
      start = machineOnly.context();
    },
    run(): IngestOutcome {
      check(start !== null, 'prepare() must run before run()');
      let context = start;
      for (const frames of machineOnly.batches) context = applyChunkFrames(context, frames).context;
      const text = context.conversations[CONVERSATION_ID]?.messages.find((message) => message.id === ASSISTANT_MESSAGE_ID)?.text ?? '';
      return { text, machineEvents: machineOnly.batches.length };
    },
    dispose(): void {
      machineOnly.dispose();
      start = null;
    },
  };
}

/** Validation alone: `parseServerFrame` on every frame, the floor of the client's per-chunk cost. */
export function parseOnly(fixture: StreamFixture): number {
  let parsed = 0;
  for (const frame of fixture.frames) if (parseServerFrame(frame).ok) parsed += 1;
  return parsed;
}

interface Message {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

/**
 * Baseline (a): what a React state update per delta makes, a new message object and a new
 * messages array, with no parsing, validation, ordering or persistence at all.
 */
export function immutableUpdates(fixture: StreamFixture): IngestOutcome {
  let messages: readonly Message[] = [
    { id: 'u', role: 'user', text: 'How do I keep a streaming reply alive across a refresh?' },
    { id: 'a', role: 'assistant', text: '' },
  ];
  const { tokens } = fixture;
  for (let index = 0; index < tokens.length; index += 1) {
    const last = messages[messages.length - 1]!;
    const next = messages.slice(0, -1) as Message[];
    next.push({ ...last, text: last.text + tokens[index]! });
    messages = next;
  }
  return { text: messages[messages.length - 1]!.text };
}

/** Baseline (a′), the physical limit: appending each delta to one string. */
export function bareStringAppend(fixture: StreamFixture): IngestOutcome {
  let text = '';
  const { tokens } = fixture;
  for (let index = 0; index < tokens.length; index += 1) text += tokens[index]!;
  return { text };
}

/**
 * Contender (b): the Vercel AI SDK (`ai@6`) folding the same deltas into a `UIMessage` with
 * `readUIMessageStream`. The UI message stream hands over one chunk per `pull()`: pre-enqueuing
 * 100k chunks makes Node's web-stream queue quadratic and would measure the queue, not the SDK.
 * The chunks are objects already (no SSE framing, no JSON.parse), which favours the SDK.
 */
export async function aiSdkReadUIMessageStream(fixture: StreamFixture): Promise<IngestOutcome> {
  const { tokens } = fixture;
  let position = -2;
  const stream = new ReadableStream<UIMessageChunk>({
    pull(controller) {
      if (position === -2) controller.enqueue({ type: 'start', messageId: 'a' });
      else if (position === -1) controller.enqueue({ type: 'text-start', id: 't' });
      else if (position < tokens.length) controller.enqueue({ type: 'text-delta', id: 't', delta: tokens[position]! });
      else if (position === tokens.length) controller.enqueue({ type: 'text-end', id: 't' });
      else if (position === tokens.length + 1) controller.enqueue({ type: 'finish' });
      else controller.close();
      position += 1;
    },
  });
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) last = message;
  const part = last?.parts.find((candidate) => candidate.type === 'text');
  return { text: part?.type === 'text' ? part.text : '' };
}
