import type { ChatClient } from '@rejoin/core';
import { createScenarioWorld, type ScenarioWorld } from './createScenarioWorld.ts';
import { ask, pageWithHistory } from './scenarioSteps.ts';
import { STORY_PROMPTS } from './storyReplies.ts';

/** What the playground shows besides the client: which page, and the switches that are on. */
export interface PlaygroundView {
  /** The page on screen; "refresh page" replaces it with a new client that restores from storage. */
  readonly client: ChatClient;
  /** 1 for the first page, 2 after one refresh, ... (key the screen on it to remount). */
  readonly page: number;
  readonly slowNetwork: boolean;
  readonly serverDown: boolean;
}

export interface Playground {
  readonly world: ScenarioWorld;
  /** The conversation shown first. */
  readonly conversationId: string;
  /** Real time minus fake time (constant while the playground runs); see `Scenario.wallTimeOffset`. */
  readonly wallTimeOffset: number;
  getView(): PlaygroundView;
  /** Calls `listener` when the view changes (a new page, a switch flipped). Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Closes every socket, like a network blip; the client reconnects with backoff and resumes. */
  dropConnection(): void;
  /** Disposes the page (persistence is flushed, as on pagehide) and loads a new one on the same storage. */
  refreshPage(): void;
  /** The in-memory server restarts: it forgets every stream and history and drops everyone. */
  restartServer(): void;
  /** Toggles a 1.5 s delay on every frame, both ways. */
  toggleSlowNetwork(): void;
  /** Toggles the server refusing connections (the client backs off, then fails). */
  toggleServerDown(): void;
  /** Stops the reply streaming in the open conversation. */
  stop(): void;
  /** Disposes every page and stops time. */
  dispose(): void;
}

/** Delay of the "slow network" switch, each way. */
export const SLOW_NETWORK_MS = 1_500;

/**
 * The live playground: the same world as the scenarios (real client, fake server, fake clock), but
 * time runs, driven by the real clock, so designers watch transitions happen as they press the
 * buttons. It starts with a reply streaming.
 *
 * @param tickMs How often fake time catches up with real time. @default 50
 */
export function createPlayground(options: { readonly tickMs?: number } = {}): Playground {
  const world = createScenarioWorld({ tokensPerSecond: 12 });
  const listeners = new Set<() => void>();
  const conversationId = 'lisbon';
  const first = pageWithHistory(world);
  ask(world, first, conversationId, STORY_PROMPTS.lisbon);
  let view: PlaygroundView = { client: first, page: 1, slowNetwork: false, serverDown: false };
  const update = (next: Partial<PlaygroundView>): void => {
    view = { ...view, ...next };
    for (const listener of listeners) listener();
  };

  world.clock.settle();
  const wallTimeOffset = Date.now() - world.clock.now();

  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    world.advance(now - last);
    last = now;
  }, options.tickMs ?? 50);

  return {
    world,
    conversationId,
    wallTimeOffset,
    getView: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dropConnection: () => world.server.dropAll(),
    refreshPage() {
      view.client.dispose();
      update({ client: world.openPage(), page: view.page + 1 });
    },
    restartServer: () => world.server.restart(),
    toggleSlowNetwork() {
      world.server.setLatency(view.slowNetwork ? 0 : SLOW_NETWORK_MS);
      update({ slowNetwork: !view.slowNetwork });
    },
    toggleServerDown() {
      world.server.setDown(!view.serverDown);
      update({ serverDown: !view.serverDown });
    },
    stop: () => view.client.stop(),
    dispose() {
      clearInterval(timer);
      listeners.clear();
      world.dispose();
    },
  };
}
