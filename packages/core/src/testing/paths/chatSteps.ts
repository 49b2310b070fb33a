import type { ChatClient } from '../../client/createChatClient.ts';
import { selectIsPending, selectIsProcessing } from '../../select/conversationView.ts';
import type { FakeClock } from '../FakeClock.ts';
import type { FakeServer } from '../createFakeServer.ts';
import type { MountedChatApp } from './ChatAppDriver.ts';

/** The running app and its surroundings, as a step changes them. */
export interface ChatWorld {
  readonly clock: FakeClock;
  readonly server: FakeServer;
  readonly client: ChatClient;
  readonly app: MountedChatApp;
  /** The browser reports no network (and no socket can open). */
  readonly offline: boolean;
  /** The server refuses connections. */
  readonly serverDown: boolean;
  /** Every frame takes `STEP_TIMING.slowLatencyMs` each way. */
  readonly slow: boolean;
  /** Conversations shown so far, oldest first. */
  readonly conversations: readonly string[];
  /** Runs a change, lets the UI catch up, then checks the invariants. */
  act(change: () => void): Promise<void>;
  /** Moves the clock, checking the invariants every slice of it. */
  advance(ms: number): Promise<void>;
  setOffline(value: boolean): Promise<void>;
  setServerDown(value: boolean): Promise<void>;
  setSlow(value: boolean): Promise<void>;
  /** The storage refuses every write (its quota is full). */
  setStorageFull(value: boolean): Promise<void>;
  /** The tab was hidden and is shown again. */
  showTabAgain(): Promise<void>;
  /** A page reload: the app unmounts, its client is disposed, a new one starts on the same storage. */
  refresh(): Promise<void>;
  /** The next message text, unique within the path. */
  nextText(): string;
  /** Types the text, lets the UI render, presses Send, and checks the message is shown at once. */
  typeAndSend(text: string): Promise<void>;
}

/** One thing that can happen to a chat: what a person or the network does. */
export interface ChatStepDefinition {
  readonly name: string;
  readonly description: string;
  /** Whether it can happen now (a browser already offline cannot go offline). */
  enabled(world: ChatWorld): boolean;
  play(world: ChatWorld): Promise<void>;
}

/** Timings the steps and the client share; the runner configures the client with them. */
export const STEP_TIMING = {
  /** How long the world runs after each step before the next one. */
  settleMs: 400,
  /** The slice between two readings of the screen while the clock moves. */
  readEveryMs: 100,
  /** A slow network's delay, each way. */
  slowLatencyMs: 300,
  /** Longest the client may need to give up on a server that is down (its attempts and backoff). */
  giveUpWithinMs: 20_000,
} as const;

const openConversation = (world: ChatWorld): string | null => world.client.getSnapshot().context.openConversationId;
const connectedWorld = (world: ChatWorld): boolean => !world.offline && !world.serverDown;
const failed = (world: ChatWorld): boolean => world.client.getSnapshot().matches('failed');

/** The server's close of every socket, as one step or inside a bigger one. */
const dropAll = (world: ChatWorld, code: number, reason: string): Promise<void> => world.act(() => world.server.dropAll(code, reason));

/**
 * Everything that happens to a chat, as named steps. The generator explores sequences of these on
 * the client's statechart; `runChatPath` plays them against an app.
 */
export const CHAT_STEPS: readonly ChatStepDefinition[] = [
  {
    name: 'send',
    description: 'Types a message and sends it.',
    enabled: (world) => openConversation(world) === null || world.client.getSnapshot().context.conversations[openConversation(world)!]?.status !== 'unavailable',
    play: (world) => world.typeAndSend(world.nextText()),
  },
  {
    name: 'stop',
    description: 'Presses Stop: ends the reply, or cancels a message that has not left the browser.',
    enabled: (world) => {
      const id = openConversation(world);
      const snapshot = world.client.getSnapshot();
      return id !== null && (selectIsProcessing(snapshot, id) || selectIsPending(snapshot, id));
    },
    play: (world) => world.act(() => world.app.stop()),
  },
  {
    name: 'new conversation',
    description: 'Starts a new conversation.',
    // Two conversations are enough to switch between; more only grow the space.
    enabled: (world) => world.conversations.length < 2,
    play: (world) => world.act(() => world.app.show(null)),
  },
  {
    name: 'switch back',
    description: 'Goes back to the previous conversation, from the list.',
    enabled: (world) => {
      const previous = world.conversations.find((id) => id !== openConversation(world));
      // The list shows a conversation once it has a message.
      return previous !== undefined && (world.client.getSnapshot().context.conversations[previous]?.messages.length ?? 0) > 0;
    },
    play: (world) => world.act(() => world.app.show(world.conversations.find((id) => id !== openConversation(world))!)),
  },
  {
    name: 'time passes',
    description: "One second goes by: the server's heartbeat ping arrives, a reply streams on, a backoff runs out.",
    enabled: () => true,
    async play(world) {
      await world.act(() => world.server.ping());
      await world.advance(1_000);
    },
  },
  {
    name: 'drop (clean)',
    description: 'The server closes the socket cleanly (1000); the client reconnects and resumes.',
    enabled: connectedWorld,
    play: (world) => dropAll(world, 1000, 'normal closure'),
  },
  {
    name: 'drop (half-open)',
    description: 'The socket goes silent both ways without closing, until the heartbeat notices; then the link heals.',
    enabled: connectedWorld,
    async play(world) {
      await world.act(() => world.server.pause(true));
      const { heartbeatIntervalMs, heartbeatTimeoutMs } = world.client.getSnapshot().context.config;
      await world.advance(heartbeatIntervalMs + heartbeatTimeoutMs + STEP_TIMING.readEveryMs);
      await world.act(() => world.server.pause(false));
    },
  },
  {
    name: 'drop (mid-frame)',
    description: 'The socket is cut in the middle of a frame: a truncated frame arrives, then an abnormal close (1006).',
    enabled: connectedWorld,
    play: (world) =>
      world.act(() => {
        const connection = world.server.fake.current;
        connection?.deliver('{"type":"chunk","conversationId":"');
        connection?.drop(1006, 'cut mid-frame');
      }),
  },
  {
    name: 'server restart (stream kept)',
    description: 'The server restarts on a shared store: everyone is dropped (1012), every reply keeps generating.',
    enabled: connectedWorld,
    play: (world) => dropAll(world, 1012, 'restart'),
  },
  {
    name: 'server restart (stream lost)',
    description: 'The server restarts and loses the replies it was generating; the history survives.',
    enabled: connectedWorld,
    play: (world) => world.act(() => world.server.restart({ keepHistory: true })),
  },
  {
    name: 'offline',
    description: 'The browser goes offline: the socket closes, sends queue.',
    enabled: (world) => !world.offline,
    play: (world) => world.setOffline(true),
  },
  {
    name: 'online',
    description: 'The browser is back online.',
    enabled: (world) => world.offline,
    play: (world) => world.setOffline(false),
  },
  {
    name: 'slow network',
    description: `Every frame starts taking ${STEP_TIMING.slowLatencyMs} ms each way, opening a socket too: a history no longer loads in time.`,
    enabled: (world) => !world.slow,
    play: (world) => world.setSlow(true),
  },
  {
    name: 'network fast again',
    description: 'Frames arrive at once again.',
    enabled: (world) => world.slow,
    play: (world) => world.setSlow(false),
  },
  {
    name: 'network partition',
    description: 'The socket dies silently and new ones hang unanswered until the client gives up on them; then the network heals.',
    enabled: connectedWorld,
    async play(world) {
      await world.act(() => {
        world.server.pause(true);
        world.server.setUnreachable(true);
      });
      const { heartbeatIntervalMs, heartbeatTimeoutMs, connectTimeoutMs } = world.client.getSnapshot().context.config;
      await world.advance(heartbeatIntervalMs + heartbeatTimeoutMs + connectTimeoutMs + STEP_TIMING.readEveryMs);
      await world.act(() => {
        world.server.pause(false);
        world.server.setUnreachable(false);
      });
    },
  },
  {
    name: 'send (rate limited)',
    description: 'Types a message and sends it; the server refuses it once with rate_limited and the client resends after the wait.',
    enabled: (world) => connectedWorld(world) && CHAT_STEPS[0]!.enabled(world),
    async play(world) {
      await world.act(() => world.server.throttleNextSend(STEP_TIMING.readEveryMs * 2));
      await world.typeAndSend(world.nextText());
    },
  },
  {
    name: 'session expires',
    description: 'The server refuses the client (unauthorized); it waits in failed until the user retries.',
    enabled: (world) => connectedWorld(world) && world.client.getSnapshot().matches('connected'),
    play: (world) =>
      world.act(() => world.server.fake.current?.deliver({ type: 'error', code: 'unauthorized', message: 'Session expired.', fatal: true })),
  },
  {
    name: 'storage full',
    description: 'For one second the storage refuses every write (quota exceeded); then space is freed.',
    enabled: () => true,
    async play(world) {
      await world.setStorageFull(true);
      await world.advance(1_000);
      await world.setStorageFull(false);
    },
  },
  {
    name: 'tab shown again',
    description: 'The tab was in the background and is shown again: a waiting client reconnects at once.',
    enabled: () => true,
    play: (world) => world.showTabAgain(),
  },
  {
    name: 'server down past retry limit',
    description: 'The server goes down and stays down until the client stops retrying.',
    enabled: (world) => !world.serverDown && !failed(world),
    async play(world) {
      await world.setServerDown(true);
      for (let waited = 0; waited < STEP_TIMING.giveUpWithinMs && !failed(world); waited += 500) await world.advance(500);
    },
  },
  {
    name: 'server up',
    description: 'The server is back.',
    enabled: (world) => world.serverDown,
    play: (world) => world.setServerDown(false),
  },
  {
    name: 'retry',
    description: 'Presses Retry on the connection indicator (shown while it waits to reconnect, or gave up).',
    enabled: (world) => failed(world) || world.client.getSnapshot().matches('disconnected'),
    play: (world) => world.act(() => world.app.retry()),
  },
  {
    name: 'refresh',
    description: 'Reloads the page: a new client on the same storage, the app rendered again.',
    enabled: () => true,
    play: (world) => world.refresh(),
  },
];

/** A step by name; a clear error for a name no step has (a mistyped replay, say). */
export function chatStep(name: string): ChatStepDefinition {
  const step = CHAT_STEPS.find((candidate) => candidate.name === name);
  if (step === undefined) {
    throw new TypeError(`[rejoin] No chat step is named "${name}". The steps are: ${CHAT_STEPS.map((s) => s.name).join(', ')}.`);
  }
  return step;
}
