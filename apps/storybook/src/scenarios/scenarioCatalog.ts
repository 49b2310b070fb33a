import { selectConversationList, selectConversationStatus, storageKey, type ChatClient, type ChatMessage, type ChatSnapshot } from '@rejoin/core';
import { createScenarioWorld, STORY_NAMESPACE, type ScenarioWorld, type ScenarioWorldOptions } from './createScenarioWorld.ts';
import { advanceUntil, ask, converse, pageWithHistory, researchReplyOf, retryAgainstDownServer, toolCallOf } from './scenarioSteps.ts';
import { RESEARCH_SAVE_CALL_ID } from './researchReply.ts';
import { currentMachineState, type MachineStateId } from './machineStates.ts';
import { ScenarioError } from './ScenarioError.ts';
import { STORY_PROMPTS } from './storyReplies.ts';

/** Every situation a story shows. Each one is a state of the machine reached by driving it. */
export type ScenarioName =
  | 'idle'
  | 'connecting'
  | 'connectedIdle'
  | 'streaming'
  | 'backgroundStreaming'
  | 'queuedOffline'
  | 'backoffCountdown'
  | 'restoring'
  | 'merging'
  | 'stopped'
  | 'failed'
  | 'streamLost'
  | 'storageCorrupted'
  | 'sendCancelled'
  | 'conversationUnavailable'
  | 'disposed'
  | 'researchReasoning'
  | 'researchToolInput'
  | 'researchApprovalPending'
  | 'researchApproved'
  | 'researchDenied'
  | 'researchComplete';

/** A client put in a scenario's state, ready to be rendered. */
export interface Scenario {
  readonly name: ScenarioName;
  /** The fake server, the frozen clock and the storage, for play functions that move the world on. */
  readonly world: ScenarioWorld;
  /** The page on screen: a real `createChatClient`, resting in the scenario's state. */
  readonly client: ChatClient;
  /**
   * The client to hand to `ChatProvider` / `provideChatClient`: the same client, except that
   * `connect()` does nothing, so mounting cannot move an idle (or disposed) client on.
   */
  readonly storyClient: ChatClient;
  /** The conversation on screen (the client's open conversation). */
  readonly conversationId: string;
  /** What `navigator.onLine` says in this scenario; the banner reads it beside the machine. */
  readonly browserOnline: boolean;
  /**
   * Real time minus the fake clock's time when the scenario was built. The banner counts down
   * against the real clock, so the client's `nextRetryAt` is shifted by this before it is shown.
   */
  readonly wallTimeOffset: number;
  /** Disposes every client of the scenario. Safe to call twice. */
  dispose(): void;
}

export interface ScenarioDefinition {
  readonly name: ScenarioName;
  /** The story's name, as designers read it in the sidebar. */
  readonly title: string;
  /** One or two sentences for designers: what the user has just lived through. */
  readonly summary: string;
  /** The machine state the scenario ends in; `build` throws when it does not. */
  readonly machineState: MachineStateId;
  /** Drives a real client on the fake server into the state, and checks it got there. */
  build(options?: ScenarioWorldOptions): Scenario;
}

interface Staged {
  readonly client: ChatClient;
  readonly conversationId: string;
  /** @default true */
  readonly browserOnline?: boolean;
}

interface ScenarioSpec {
  readonly name: ScenarioName;
  readonly title: string;
  readonly summary: string;
  readonly machineState: MachineStateId;
  readonly world?: ScenarioWorldOptions;
  readonly steps: (world: ScenarioWorld) => Staged;
  /** What must hold besides the machine state: a description of the problem, or null. */
  readonly check?: (snapshot: ChatSnapshot, conversationId: string) => string | null;
}

function define(spec: ScenarioSpec): ScenarioDefinition {
  return {
    name: spec.name,
    title: spec.title,
    summary: spec.summary,
    machineState: spec.machineState,
    build(options) {
      const world = createScenarioWorld({ ...spec.world, ...options });
      try {
        const staged = spec.steps(world);
        const snapshot = staged.client.getSnapshot();
        const reached = currentMachineState(snapshot);
        if (reached !== spec.machineState) throw new ScenarioError(spec.name, `ended in ${reached}, not in ${spec.machineState}`);
        if (snapshot.context.openConversationId !== staged.conversationId) {
          throw new ScenarioError(spec.name, `shows "${staged.conversationId}" but the client has "${snapshot.context.openConversationId}" open`);
        }
        const problem = spec.check?.(snapshot, staged.conversationId) ?? null;
        if (problem !== null) throw new ScenarioError(spec.name, problem);
        world.clock.settle();
        const { client } = staged;
        return {
          name: spec.name,
          world,
          client,
          storyClient: {
            ...client,
            connect: () => {},
            get persistenceStats() {
              return client.persistenceStats;
            },
          },
          conversationId: staged.conversationId,
          browserOnline: staged.browserOnline ?? true,
          wallTimeOffset: Date.now() - world.clock.now(),
          dispose: () => world.dispose(),
        };
      } catch (error) {
        world.dispose();
        throw error;
      }
    },
  };
}

const openMessages = (snapshot: ChatSnapshot, conversationId: string) =>
  snapshot.context.conversations[conversationId]?.messages ?? [];

const streamingText = (snapshot: ChatSnapshot, conversationId: string): string | null => {
  const message = openMessages(snapshot, conversationId).find((candidate) => candidate.status === 'streaming');
  return message === undefined ? null : message.text;
};

const needsHalfwayStream = (snapshot: ChatSnapshot, conversationId: string): string | null =>
  (streamingText(snapshot, conversationId) ?? '').length > 0 ? null : `has no reply streaming halfway in "${conversationId}"`;

/** A page with history that asked the research prompt, its reply advanced to one moment. */
function research(world: ScenarioWorld, moment: string, reached: (reply: ChatMessage) => boolean): Staged {
  const client = pageWithHistory(world);
  ask(world, client, 'research', STORY_PROMPTS.research);
  advanceUntil(world, client, 'research', moment, reached);
  return { client, conversationId: 'research' };
}

const awaitingApproval = (reply: ChatMessage): boolean => toolCallOf(reply, 'save_notes')?.state === 'approval-requested';

/** The research reply ended complete with every part kind, `save_notes` in `saveState`. */
function researchDone(snapshot: ChatSnapshot, conversationId: string, saveState: string): boolean {
  const reply = openMessages(snapshot, conversationId).find((message) => message.role === 'assistant');
  const kinds = new Set(reply?.parts?.map((part) => part.type));
  return reply?.status === 'complete' && toolCallOf(reply, 'save_notes')?.state === saveState && ['reasoning', 'tool-call', 'text', 'source', 'file', 'data'].every((kind) => kinds.has(kind as never));
}

// ---------------------------------------------------------------- the catalog

const scenarioList: readonly ScenarioDefinition[] = [
  define({
    name: 'idle',
    title: 'Idle',
    summary: 'The client exists but has not started connecting: server-side rendering, or `autoConnect: false` before `connect()`.',
    machineState: 'rejoin.idle',
    steps(world) {
      const client = world.openPage({ autoConnect: false });
      client.open('lisbon');
      return { client, conversationId: 'lisbon' };
    },
  }),
  define({
    name: 'connecting',
    title: 'Connecting',
    summary: 'The first socket is opening and the server has not accepted it yet. The conversation waits to load.',
    machineState: 'rejoin.connecting',
    world: { autoAccept: false },
    steps(world) {
      const client = world.openPage();
      client.open('lisbon');
      world.advance(1_500);
      return { client, conversationId: 'lisbon' };
    },
  }),
  define({
    name: 'connectedIdle',
    title: 'Connected and idle',
    summary: 'Online, history loaded, nothing generating: the resting state, ready for the next message.',
    machineState: 'rejoin.connected.ready.idle',
    steps(world) {
      const client = pageWithHistory(world);
      converse(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      return { client, conversationId: 'lisbon' };
    },
    check: (snapshot, id) =>
      openMessages(snapshot, id).filter((message) => message.status === 'complete').length === 2 ? null : 'has no finished exchange on screen',
  }),
  define({
    name: 'streaming',
    title: 'Streaming',
    summary: 'The reply streams in token by token, ending in a caret; Stop is enabled and the processing indicator runs.',
    machineState: 'rejoin.connected.ready.streaming',
    steps(world) {
      const client = pageWithHistory(world);
      ask(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      world.advance(2_200);
      return { client, conversationId: 'lisbon' };
    },
    check: needsHalfwayStream,
  }),
  define({
    name: 'backgroundStreaming',
    title: 'Streaming in a background conversation',
    summary:
      'The user switched away while a reply was streaming. The open conversation is idle; the other one keeps streaming and has a live dot in the list.',
    machineState: 'rejoin.connected.ready.idle',
    steps(world) {
      const client = pageWithHistory(world);
      ask(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      world.advance(1_500);
      client.open('sourdough');
      world.advance(100);
      return { client, conversationId: 'sourdough' };
    },
    check(snapshot, id) {
      const dots = selectConversationList(snapshot).filter((item) => item.streaming && item.conversationId !== id);
      return dots.length === 1 && snapshot.context.conversations['lisbon']?.stream != null
        ? null
        : 'has no other conversation streaming in the background';
    },
  }),
  define({
    name: 'queuedOffline',
    title: 'Disconnected with queued messages',
    summary:
      'The browser went offline and the user kept typing: both messages wait in the outbox, shown once, in the thread, as queued, and go out exactly once on reconnect. The indicator says the client waits for the connection, never that the assistant is responding.',
    machineState: 'rejoin.disconnected.queueing',
    steps(world) {
      const client = pageWithHistory(world);
      converse(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      // The event the client's browser-signal driver sends on the window's `offline` event.
      client.actor.send({ type: 'BROWSER_OFFLINE', at: world.clock.now() });
      client.send('Can you add a plan for a rainy day?');
      client.send('And where should we stay?');
      // No time passes: the first backoff may be a few milliseconds, and it would send the queue.
      return { client, conversationId: 'lisbon', browserOnline: false };
    },
    check: (snapshot) => (snapshot.context.outbox.length === 2 ? null : `has ${snapshot.context.outbox.length} queued messages, not 2`),
  }),
  define({
    name: 'backoffCountdown',
    title: 'Backoff countdown',
    summary:
      'The server is unreachable. After a few failed attempts the client waits a jittered, growing delay before the next one; "Retry now" skips the wait.',
    machineState: 'rejoin.disconnected.waiting',
    steps(world) {
      const client = pageWithHistory(world, { maxAttempts: 20 });
      converse(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      world.server.setDown(true);
      // Jitter is random: go on until the wait is long enough to watch count down.
      retryAgainstDownServer(
        world,
        client,
        (snapshot) => snapshot.context.attempt >= 4 && (snapshot.context.nextRetryAt ?? 0) - world.clock.now() >= 6_000,
        16,
      );
      return { client, conversationId: 'lisbon' };
    },
    check: (snapshot) => (snapshot.context.attempt >= 4 && snapshot.context.nextRetryAt !== null ? null : 'never waited out a long backoff'),
  }),
  define({
    name: 'restoring',
    title: 'Restoring',
    summary:
      'The page was refreshed mid-reply. The partial text is back from storage before the network answers; the handshake (hello with the stream cursor) is on its way.',
    machineState: 'rejoin.connected.restoring',
    steps(world) {
      const first = pageWithHistory(world);
      ask(world, first, 'lisbon', STORY_PROMPTS.lisbon);
      world.advance(1_500);
      first.dispose(); // the page goes away; dispose flushes persistence as pagehide would
      world.server.pause(true); // the server has not answered hello yet
      const client = world.openPage();
      world.advance(10);
      return { client, conversationId: 'lisbon' };
    },
    check: needsHalfwayStream,
  }),
  define({
    name: 'merging',
    title: 'Merging history while a stream is halfway',
    summary:
      'On a slow network the user came back to a conversation whose reply is still streaming: the history is on its way and will merge with the streamed text, without a duplicate.',
    machineState: 'rejoin.connected.merging',
    steps(world) {
      const client = pageWithHistory(world);
      ask(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      world.advance(1_200);
      client.open('sourdough');
      world.advance(100);
      world.server.setLatency(1_000);
      client.open('lisbon');
      world.advance(1_100); // the load reached the server; its answer is still in flight
      return { client, conversationId: 'lisbon' };
    },
    check: (snapshot, id) => (snapshot.context.pendingLoad === id ? needsHalfwayStream(snapshot, id) : 'is not waiting for the history'),
  }),
  define({
    name: 'stopped',
    title: 'Stopped',
    summary: 'The user pressed Stop halfway: the reply keeps what it had and is marked stopped. Stop is a user action, never a disconnect.',
    machineState: 'rejoin.connected.ready.idle',
    steps(world) {
      const client = pageWithHistory(world);
      ask(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      world.advance(1_500);
      client.stop();
      world.advance(100);
      return { client, conversationId: 'lisbon' };
    },
    check: (snapshot, id) => (openMessages(snapshot, id).some((message) => message.status === 'stopped') ? null : 'has no stopped reply'),
  }),
  define({
    name: 'failed',
    title: 'Failed, with retry',
    summary: 'Every attempt failed and the client gave up. It waits for the user: "Retry now" starts again from the first attempt.',
    machineState: 'rejoin.failed',
    steps(world) {
      const client = pageWithHistory(world, { maxAttempts: 4 });
      converse(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      world.server.setDown(true);
      retryAgainstDownServer(world, client, (snapshot) => snapshot.matches('failed'), 8);
      return { client, conversationId: 'lisbon' };
    },
  }),
  define({
    name: 'streamLost',
    title: 'Stream lost after a server restart',
    summary:
      'The server restarted mid-reply and forgot the stream. On reconnect the client keeps the text it had and marks the reply interrupted.',
    machineState: 'rejoin.connected.ready.idle',
    steps(world) {
      const client = pageWithHistory(world);
      ask(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      world.advance(1_500);
      world.server.restart();
      world.advance(2_000); // the first backoff is at most 500 ms
      return { client, conversationId: 'lisbon' };
    },
    check(snapshot, id) {
      if (!openMessages(snapshot, id).some((message) => message.status === 'interrupted')) return 'has no interrupted reply';
      return snapshot.context.errors.some((error) => error.code === 'stream/lost') ? null : 'reported no stream/lost error';
    },
  }),
  define({
    name: 'storageCorrupted',
    title: 'Storage corrupted',
    summary:
      'The snapshot saved by the last visit was unreadable (cut short, or edited by hand). The client starts clean, tells the user once, and carries on from the server.',
    machineState: 'rejoin.connected.ready.idle',
    world: { storage: { [storageKey(STORY_NAMESPACE)]: '{"format":"rejoin-snapshot","v":1,"namespace":"designer","streams":[{"conv' } },
    steps(world) {
      const client = pageWithHistory(world);
      converse(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      return { client, conversationId: 'lisbon' };
    },
    check: (snapshot) => (snapshot.context.errors.some((error) => error.code === 'storage/corrupt') ? null : 'reported no storage/corrupt error'),
  }),
  define({
    name: 'sendCancelled',
    title: 'Stop pressed offline: the send is cancelled',
    summary:
      'Offline, the user typed a message and pressed Stop before it could leave the browser. The send is cancelled: the message leaves the thread and the outbox, nothing goes out on reconnect, and no empty stopped reply appears.',
    machineState: 'rejoin.disconnected.waiting',
    steps(world) {
      const client = pageWithHistory(world);
      converse(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      client.actor.send({ type: 'BROWSER_OFFLINE', at: world.clock.now() });
      client.send('Actually, never mind');
      client.stop();
      return { client, conversationId: 'lisbon', browserOnline: false };
    },
    check(snapshot, id) {
      if (snapshot.context.outbox.length > 0) return 'still has the cancelled message in the outbox';
      if (openMessages(snapshot, id).some((message) => message.text === 'Actually, never mind')) return 'still shows the cancelled message';
      return openMessages(snapshot, id).some((message) => message.status === 'stopped') ? 'shows a stopped reply' : null;
    },
  }),
  define({
    name: 'conversationUnavailable',
    title: 'Conversation not available',
    summary:
      "The user opened a link to a conversation the server will not load: someone else's, or one that does not exist (the server answers both alike). The screen says so and offers a new chat.",
    machineState: 'rejoin.connected.ready.idle',
    steps(world) {
      const client = pageWithHistory(world);
      converse(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      client.open('someone-elses-chat');
      world.advance(100);
      return { client, conversationId: 'someone-elses-chat' };
    },
    check: (snapshot, id) => (selectConversationStatus(snapshot, id) === 'unavailable' ? null : 'is not unavailable'),
  }),
  define({
    name: 'disposed',
    title: 'Disposed',
    summary: 'The app disposed of the client (sign-out, or the chat unmounted for good): no socket, no timers; what was on screen stays.',
    machineState: 'rejoin.disposed',
    steps(world) {
      const client = pageWithHistory(world);
      converse(world, client, 'lisbon', STORY_PROMPTS.lisbon);
      client.dispose();
      return { client, conversationId: 'lisbon' };
    },
  }),
  // The research reply (message parts, protocol v2) at each moment a designer must see.
  define({
    name: 'researchReasoning',
    title: 'Research reply: reasoning',
    summary: 'The reply starts with the model thinking: the reasoning streams in, open, before any answer.',
    machineState: 'rejoin.connected.ready.streaming',
    steps: (world) => research(world, 'the reasoning streaming', (reply) => reply.parts?.[0]?.type === 'reasoning' && reply.parts.length === 1 && reply.parts[0].text.includes('search first')),
  }),
  define({
    name: 'researchToolInput',
    title: 'Research reply: tool input streaming',
    summary: 'The reasoning is done and folded; the model calls `search`, whose input streams in as JSON.',
    machineState: 'rejoin.connected.ready.streaming',
    steps: (world) => research(world, 'the search input streaming', (reply) => { const call = toolCallOf(reply, 'search'); return call?.state === 'input-streaming' && call.inputText !== ''; }),
  }),
  define({
    name: 'researchApprovalPending',
    title: 'Research reply: approval pending',
    summary: 'The model wants to run `save_notes` and waits for the user: Approve and Deny are on the card; the reply is paused, still streaming.',
    machineState: 'rejoin.connected.ready.streaming',
    steps: (world) => research(world, 'the approval request', awaitingApproval),
  }),
  define({
    name: 'researchApproved',
    title: 'Research reply: approved, continuing',
    summary: 'The user approved: the tool ran, its output shows, and the same message goes on streaming.',
    machineState: 'rejoin.connected.ready.streaming',
    steps(world) {
      const staged = research(world, 'the approval request', awaitingApproval);
      staged.client.approveTool({ conversationId: staged.conversationId, messageId: researchReplyOf(staged.client, staged.conversationId)?.id ?? '', toolCallId: RESEARCH_SAVE_CALL_ID });
      advanceUntil(world, staged.client, staged.conversationId, 'text after the saved notes', (reply) => reply.text.includes('Saved the notes.') && reply.status === 'streaming');
      return staged;
    },
  }),
  define({
    name: 'researchDenied',
    title: 'Research reply: denied',
    summary: 'The user denied `save_notes`: the card says so, and the model went on without it to the end.',
    machineState: 'rejoin.connected.ready.idle',
    steps(world) {
      const staged = research(world, 'the approval request', awaitingApproval);
      staged.client.denyTool({ conversationId: staged.conversationId, messageId: researchReplyOf(staged.client, staged.conversationId)?.id ?? '', toolCallId: RESEARCH_SAVE_CALL_ID });
      world.finishReply(staged.conversationId);
      return staged;
    },
    check: (snapshot, id) => (researchDone(snapshot, id, 'output-denied') ? null : 'has no complete reply with the call denied'),
  }),
  define({
    name: 'researchComplete',
    title: 'Research reply: complete',
    summary: 'Approved and finished: reasoning, both tool calls with their output, the answer, two sources, the weather data and a file.',
    machineState: 'rejoin.connected.ready.idle',
    steps(world) {
      const staged = research(world, 'the approval request', awaitingApproval);
      staged.client.approveTool({ conversationId: staged.conversationId, messageId: researchReplyOf(staged.client, staged.conversationId)?.id ?? '', toolCallId: RESEARCH_SAVE_CALL_ID });
      world.finishReply(staged.conversationId);
      return staged;
    },
    check: (snapshot, id) => (researchDone(snapshot, id, 'output-available') ? null : 'has no complete reply with the call approved'),
  }),
];

/** Every scenario, by name. */
export const scenarios: Readonly<Record<ScenarioName, ScenarioDefinition>> = Object.fromEntries(
  scenarioList.map((scenario) => [scenario.name, scenario]),
) as Record<ScenarioName, ScenarioDefinition>;

/** The scenario names in the order the stories list them. */
export const scenarioNames: readonly ScenarioName[] = scenarioList.map((scenario) => scenario.name);
