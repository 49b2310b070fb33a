import { describe, expect, it } from 'vitest';
import { createActor, type AnyTransitionDefinition, type StateNode, type SnapshotFrom } from 'xstate';
import { createTestModel } from 'xstate/graph';
import { chatMachine } from '../chatMachine.ts';
import { defaultChatConfig } from '../chatConfig.ts';
import type { ChatMachineInput } from '../chatContext.ts';
import type { ChatEffect } from '../chatEffects.ts';
import type { ChatEvent } from '../chatEvents.ts';
import { TIMER_EVENTS, type TimerName } from '../chatTimers.ts';
import { modelEvents } from './modelEvents.ts';
import { CONNECTION_STATES } from '../connectionState.ts';

type Snapshot = SnapshotFrom<typeof chatMachine>;

const input: ChatMachineInput = {
  config: { ...defaultChatConfig, maxAttempts: 2 },
  clientId: 'client-1',
  jitterSeed: 42,
};

/**
 * The abstract state: the statechart value plus only the context facts that steer a guard.
 * Counters and ids stay out, or the graph would be infinite (see shared/toolchain.md).
 */
function serializeState(snapshot: Snapshot): string {
  const { context } = snapshot;
  const open = context.openConversationId === null ? undefined : context.conversations[context.openConversationId];
  return JSON.stringify({
    value: snapshot.value,
    pendingLoad: context.pendingLoad !== null,
    queued: context.outbox.length > 0,
    // A stop recalls only what never left the browser.
    unsent: context.outbox.some((entry) => entry.sent !== true),
    open: context.openConversationId !== null,
    streaming: open?.stream != null,
    attempt: context.attempt,
    silent: context.framesReceived === context.framesAtProbe,
    throttled: context.throttledSends.length > 0 || context.throttledFrames.length > 0,
  });
}

function allStateNodes(node: StateNode<any, any>): StateNode<any, any>[] {
  return [node, ...Object.values(node.states).flatMap((child) => allStateNodes(child as StateNode<any, any>))];
}

function allTransitions(): Set<AnyTransitionDefinition> {
  const transitions = new Set<AnyTransitionDefinition>();
  for (const node of allStateNodes(chatMachine.root)) {
    for (const list of node.transitions.values()) for (const transition of list) transitions.add(transition);
    for (const transition of node.always ?? []) transitions.add(transition);
  }
  return transitions;
}

const TIMER_OF_EVENT = Object.fromEntries(Object.entries(TIMER_EVENTS).map(([timer, type]) => [type, timer])) as Record<
  string,
  TimerName
>;

/** What the drivers would hold, rebuilt from the emitted effects: is a socket open, which timers are pending. */
function recordEffects(actor: ReturnType<typeof createActor<typeof chatMachine>>) {
  const effects = { socketOpen: false, timers: new Set<TimerName>(), sent: [] as string[] };
  actor.on('*', (effect: ChatEffect) => {
    if (effect.type === 'socket.open') effects.socketOpen = true;
    if (effect.type === 'socket.close') effects.socketOpen = false;
    if (effect.type === 'timer.start') effects.timers.add(effect.timer);
    if (effect.type === 'timer.cancel') effects.timers.delete(effect.timer);
    if (effect.type === 'socket.send') effects.sent.push(...effect.frames.map((frame) => frame.type));
  });
  return effects;
}

/** The effects each state must leave behind: a socket exactly when one is needed, and no leaked timer. */
function expectEffectsMatchState(snapshot: Snapshot, effects: ReturnType<typeof recordEffects>): void {
  const timers = [...effects.timers].sort();
  if (snapshot.matches('idle') || snapshot.matches('failed') || snapshot.matches('disposed')) {
    expect(timers).toEqual([]);
    expect(effects.socketOpen).toBe(false);
  } else if (snapshot.matches('connecting')) {
    expect(timers).toEqual(['connect']);
    expect(effects.socketOpen).toBe(true);
  } else if (snapshot.matches('disconnected')) {
    expect(timers).toEqual(['backoff']);
    expect(effects.socketOpen).toBe(false);
    expect(snapshot.context.nextRetryAt).not.toBeNull();
  } else {
    expect(effects.socketOpen).toBe(true);
    const heartbeat: TimerName[] = timers.filter((timer) => timer === 'heartbeatDue' || timer === 'heartbeatTimeout');
    expect(heartbeat).toHaveLength(1);
    // Whatever the server refused with rate_limited waits on the resend timer, never on a reconnect.
    const throttled = snapshot.context.throttledSends.length > 0 || snapshot.context.throttledFrames.length > 0;
    if (throttled) expect(timers).toContain('resend');
    const phase = timers.filter((timer) => !heartbeat.includes(timer) && timer !== 'resend');
    if (snapshot.matches({ connected: 'restoring' })) expect(phase).toEqual(['handshake']);
    else if (snapshot.matches({ connected: 'merging' })) expect(phase).toEqual(['load']);
    else expect(phase).toEqual([]);
  }
  if (snapshot.matches({ connected: { ready: 'streaming' } })) {
    const open = snapshot.context.conversations[snapshot.context.openConversationId!];
    expect(open?.stream).not.toBeNull();
  }
  if (snapshot.matches({ disconnected: 'queueing' })) expect(snapshot.context.outbox.length).toBeGreaterThan(0);
  if (snapshot.matches({ disconnected: 'waiting' })) expect(snapshot.context.outbox).toEqual([]);
}

// Bounded and synchronous: no timer can stop it mid-run, so a wall-clock limit would only measure
// how busy the machine is (the model walk took 4 s quiet and 21 s loaded). No per-test timeout.
describe('chat machine, model-based', { timeout: 0 }, () => {
  // A disposed actor is done and ignores every event, so the walk stops there.
  const model = createTestModel(chatMachine, {
    events: modelEvents,
    serializeState,
    input,
    stopWhen: (snapshot) => snapshot.status === 'done',
  });
  const adjacency = model.getAdjacencyMap();
  // Keep prefix paths too: every abstract state needs its own shortest path.
  const shortest = model.getShortestPaths({ allowDuplicatePaths: true });
  const pathTo = new Map(shortest.map((path) => [serializeState(path.state), path]));

  // One path per edge of the graph: the shortest way to its source state, then its event.
  const edgePaths: { events: ChatEvent[]; expected: string[] }[] = [];
  for (const [source, { transitions }] of Object.entries(adjacency)) {
    const prefix = pathTo.get(source);
    if (!prefix) throw new Error(`no shortest path to ${source}`);
    for (const { event, state } of Object.values(transitions) as { event: ChatEvent; state: Snapshot }[]) {
      edgePaths.push({
        // steps[0] is xstate.init; each step holds the state its event led to.
        events: [...prefix.steps.slice(1).map((step) => step.event), event],
        expected: [...prefix.steps.slice(1).map((step) => serializeState(step.state)), serializeState(state)],
      });
    }
  }

  it('reaches every state node of the statechart', () => {
    const reached = new Set<string>();
    for (const { state } of Object.values(adjacency)) for (const node of state._nodes) reached.add(node.id);
    const all = allStateNodes(chatMachine.root).map((node) => node.id);
    expect(all.filter((id) => !reached.has(id))).toEqual([]);
    // Every state names the connection with exactly one tag, which selectConnection reads.
    const untagged = Object.values(adjacency).filter(({ state }) => CONNECTION_STATES.filter((tag) => state.hasTag(tag)).length !== 1);
    expect(untagged.map(({ state }) => JSON.stringify(state.value))).toEqual([]);
    console.log(`[model] ${Object.keys(adjacency).length} abstract states, ${all.length} state nodes, ${shortest.length} shortest paths`);
  });

  it('replays every edge on a live actor, taking every transition, with effects that fit each state', () => {
    const taken = new Set<AnyTransitionDefinition>();
    for (const path of edgePaths) {
      const actor = createActor(chatMachine, {
        input,
        inspect: (event) => {
          if (event.type === '@xstate.microstep') for (const t of event._transitions) taken.add(t);
        },
      });
      const effects = recordEffects(actor);
      actor.start();
      path.events.forEach((event, step) => {
        const timer = TIMER_OF_EVENT[event.type];
        if (timer) effects.timers.delete(timer); // the driver forgets a timer when it fires
        actor.send(event);
        const snapshot = actor.getSnapshot();
        expect(serializeState(snapshot)).toBe(path.expected[step]);
        expectEffectsMatchState(snapshot, effects);
      });
      actor.stop();
    }
    const untaken = [...allTransitions()].filter((t) => !taken.has(t));
    expect(untaken.map((t) => `${t.source.id} --${t.eventType}--> ${t.target?.map((n) => n.id).join(',') ?? '(self)'}`)).toEqual([]);
    console.log(`[model] ${edgePaths.length} generated paths cover all ${allTransitions().size} transitions`);
  });
});
