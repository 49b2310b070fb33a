import type { AnyTransitionDefinition, InspectionEvent, StateNode } from 'xstate';
import { chatMachine } from '../../machine/chatMachine.ts';

/** What a set of paths exercised of the client's statechart, against all it has. */
export interface StatechartCoverage {
  readonly states: { readonly covered: number; readonly total: number; readonly missing: readonly string[] };
  readonly transitions: { readonly covered: number; readonly total: number; readonly missing: readonly string[] };
}

function allStateNodes(node: StateNode<any, any>): StateNode<any, any>[] {
  return [node, ...Object.values(node.states).flatMap((child) => allStateNodes(child as StateNode<any, any>))];
}

/**
 * A transition's name that stays the same across `chatMachine.provide()` copies (which build new
 * transition objects): its source, its event, and its place among that event's guarded branches.
 */
export function transitionKey(transition: AnyTransitionDefinition): string {
  const source = transition.source;
  const branches = transition.eventType === '' ? (source.always ?? []) : (source.transitions.get(transition.eventType) ?? []);
  const targets = transition.target?.map((node) => node.id).join(',') ?? '(self)';
  const event = transition.eventType === '' ? 'always' : transition.eventType;
  return `${source.id} --${event}[${branches.indexOf(transition)}]--> ${targets}`;
}

const everyState = allStateNodes(chatMachine.root).map((node) => node.id);
const everyTransition = allStateNodes(chatMachine.root).flatMap((node) => [
  ...[...node.transitions.values()].flat(),
  ...(node.always ?? []),
]).map(transitionKey);

/** Collects the state nodes entered and the transitions taken by one client, from its `inspect` stream. */
export function createCoverageRecorder() {
  const states = new Set<string>();
  const transitions = new Set<string>();
  return {
    states,
    transitions,
    /** Pass as `createChatClient({ inspect })`; the socket actor's own events are ignored. */
    inspect(event: InspectionEvent): void {
      if (event.actorRef.sessionId !== event.rootId) return;
      if (event.type === '@xstate.microstep') for (const transition of event._transitions) transitions.add(transitionKey(transition));
      // Snapshots too, for the initial state, which no transition enters.
      if (event.type !== '@xstate.microstep' && event.type !== '@xstate.snapshot') return;
      for (const node of (event.snapshot as unknown as { _nodes: StateNode<any, any>[] })._nodes) states.add(node.id);
    },
  };
}

/** Coverage of everything recorded, measured against the whole statechart. */
export function measureCoverage(states: ReadonlySet<string>, transitions: ReadonlySet<string>): StatechartCoverage {
  const missingStates = everyState.filter((id) => !states.has(id));
  const missingTransitions = everyTransition.filter((key) => !transitions.has(key));
  return {
    states: { covered: everyState.length - missingStates.length, total: everyState.length, missing: missingStates },
    transitions: { covered: everyTransition.length - missingTransitions.length, total: everyTransition.length, missing: missingTransitions },
  };
}
