import { describe, expect, it } from 'vitest';
import { assign, createActor, fromCallback, type AnyTransitionDefinition, type StateNode, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { chatMachine } from '../chatMachine.ts';
import { defaultChatConfig } from '../chatConfig.ts';
import type { ChatMachineInput } from '../chatContext.ts';
import type { ChatEvent } from '../chatEvents.ts';
import { modelEvents } from './modelEvents.ts';
import { CONNECTION_STATES } from '../connectionState.ts';
import { FakeClock } from '../../testing/FakeClock.ts';

type Snapshot = SnapshotFrom<typeof chatMachine>;

// Timeouts shorter than the heartbeat interval, all different, so advancing the clock to one of them
// fires that one alone.
const input: ChatMachineInput = {
  config: { ...defaultChatConfig, maxAttempts: 2, connectTimeoutMs: 1_000, handshakeTimeoutMs: 2_000, loadTimeoutMs: 3_000, heartbeatIntervalMs: 60_000 },
  clientId: 'client-1',
  jitterSeed: 42,
};

/** The clock of the path being replayed (the walk itself reads time 0). */
let clock = new FakeClock(0);

/**
 * The machine with its I/O provided harmlessly: a socket that swallows frames, and the replay's clock
 * for the countdown. One instance for the walk and every replay, so their transitions compare.
 */
const modelMachine = chatMachine.provide({
  actors: { socket: fromCallback(() => {}) },
  actions: { stampNextRetryAt: assign({ nextRetryAt: ({ context }) => clock.now() + context.retryDelayMs }) },
});

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
  for (const node of allStateNodes(modelMachine.root)) {
    for (const list of node.transitions.values()) for (const transition of list) transitions.add(transition);
    for (const transition of node.always ?? []) transitions.add(transition);
  }
  return transitions;
}

/**
 * The delayed transitions' own events (`xstate.after.<delay>.<state id>`), read from the machine: in
 * the walk's alphabet they let the graph take every `after` transition as it takes any other event.
 */
const delayedEvents = allStateNodes(modelMachine.root).flatMap((node) =>
  node.after.map((transition) => ({ type: transition.eventType }) as unknown as ChatEvent),
);

/** Delayed events this actor has scheduled on its clock and not yet received, by type, with their delay. */
function pendingTimers(actor: ReturnType<typeof createActor<typeof modelMachine>>): Map<string, number> {
  const scheduled = Object.values(actor.system.getSnapshot()._scheduledEvents);
  return new Map(scheduled.map((entry) => [entry.event.type, entry.delay]));
}

/** What each state must hold: a socket exactly when one is needed, and its timers, none leaked. */
function expectResourcesMatchState(snapshot: Snapshot, timers: Map<string, number>): void {
  const pending = [...timers.keys()].map((type) => type.replace(/^xstate\.after\.(\w+)\..*$/, 'after $1')).sort();
  const socket = snapshot.children.socket !== undefined;
  if (snapshot.matches('idle') || snapshot.matches('failed') || snapshot.matches('disposed')) {
    expect(pending).toEqual([]);
    expect(socket).toBe(false);
  } else if (snapshot.matches('connecting')) {
    expect(pending).toEqual(['after connectTimeout']);
    expect(socket).toBe(true);
  } else if (snapshot.matches('disconnected')) {
    expect(pending).toEqual(['after backoff']);
    expect(socket).toBe(false);
    expect(snapshot.context.nextRetryAt).not.toBeNull();
  } else {
    expect(socket).toBe(true);
    const heartbeat = pending.filter((type) => ['HEARTBEAT_DUE', 'HEARTBEAT_TIMEOUT'].includes(type));
    expect(heartbeat).toHaveLength(1);
    // Whatever the server refused with rate_limited waits on the resend timer, never on a reconnect.
    const throttled = snapshot.context.throttledSends.length > 0 || snapshot.context.throttledFrames.length > 0;
    expect(pending.includes('RESEND_DUE')).toBe(throttled);
    const phase = pending.filter((type) => !heartbeat.includes(type) && type !== 'RESEND_DUE');
    if (snapshot.matches({ connected: 'restoring' })) expect(phase).toEqual(['after handshakeTimeout']);
    else if (snapshot.matches({ connected: 'merging' })) expect(phase).toEqual(['after loadTimeout']);
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
  const traversal = {
    events: [...modelEvents, ...delayedEvents],
    serializeState,
    input,
    stopWhen: (snapshot: Snapshot) => snapshot.status === 'done',
    // A delayed event arrives only in the state that armed its timer.
    filterEvents: (snapshot: Snapshot, event: ChatEvent) =>
      !event.type.startsWith('xstate.after.') || snapshot._nodes.some((node) => node.after.some((t) => t.eventType === event.type)),
  };
  const adjacency = getAdjacencyMap(modelMachine, traversal);
  // One shortest path per abstract state, prefixes included.
  const shortest = getShortestPaths(modelMachine, traversal);
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

  it('walks every delayed transition as an edge of the graph', () => {
    const walkedEvents = new Set<string>();
    for (const { transitions } of Object.values(adjacency)) for (const { event } of Object.values(transitions) as { event: ChatEvent }[]) walkedEvents.add(event.type);
    expect(delayedEvents.map((event) => event.type).filter((type) => !walkedEvents.has(type))).toEqual([]);
    expect(delayedEvents.map((event) => event.type)).toContain('xstate.after.backoff.rejoin.disconnected');
  });

  it('replays every edge on a live actor and a FakeClock, taking every transition, with the socket and timers each state needs', () => {
    const taken = new Set<AnyTransitionDefinition>();
    const firedByClock = new Set<string>();
    for (const path of edgePaths) {
      clock = new FakeClock();
      const actor = createActor(modelMachine, {
        input,
        clock,
        inspect: (event) => {
          if (event.type === '@xstate.microstep') for (const t of event._transitions) taken.add(t);
        },
      });
      actor.start();
      path.events.forEach((event, step) => {
        const timers = pendingTimers(actor);
        if (event.type.startsWith('xstate.after.')) {
          // A delayed transition happens only if its timer is armed in this state.
          const delay = timers.get(event.type);
          expect(delay, `${event.type} is scheduled after ${path.events.slice(0, step).map((e) => e.type).join(", ")}`).toBeDefined();
          // The clock only moves here, and every step out of a timer's state cancels it, so each pending
          // timer is due in its full delay: when this one is due first, let the clock fire it.
          if ([...timers].every(([type, other]) => type === event.type || other > delay!)) {
            clock.advance(delay!);
            firedByClock.add(event.type);
          } else {
            actor.send(event);
          }
        } else {
          actor.send(event);
        }
        const snapshot = actor.getSnapshot();
        expect(serializeState(snapshot)).toBe(path.expected[step]);
        expectResourcesMatchState(snapshot, pendingTimers(actor));
      });
      actor.stop();
      expect(clock.pending).toBe(0);
    }
    const untaken = [...allTransitions()].filter((t) => !taken.has(t));
    expect(untaken.map((t) => `${t.source.id} --${t.eventType}--> ${t.target?.map((n) => n.id).join(',') ?? '(self)'}`)).toEqual([]);
    // Every `after` transition was fired by advancing the clock at least once, not only by its event.
    expect(delayedEvents.map((event) => event.type).filter((type) => !firedByClock.has(type))).toEqual([]);
    console.log(`[model] ${edgePaths.length} generated paths cover all ${allTransitions().size} transitions`);
  });
});
