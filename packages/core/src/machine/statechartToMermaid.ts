import type { AnyStateMachine, StateNode } from 'xstate';

type AnyNode = StateNode<any, any>;

/**
 * Renders a machine as a Mermaid `stateDiagram-v2`, straight from its definition, so the diagram in
 * docs/architecture.md is generated and cannot drift from the code (a test compares them).
 */
export function statechartToMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  const name = (node: AnyNode): string => node.path.join('_') || node.key;
  const label = (node: AnyNode): string => node.key;

  const render = (node: AnyNode, depth: number): void => {
    const pad = '  '.repeat(depth);
    const children = Object.values(node.states) as AnyNode[];
    if (children.length > 0) {
      if (node !== machine.root) lines.push(`${pad}state "${label(node)}" as ${name(node)} {`);
      const inner = node === machine.root ? pad : `${pad}  `;
      if (node.initial?.target[0]) lines.push(`${inner}[*] --> ${name(node.initial.target[0] as AnyNode)}`);
      for (const child of children) render(child, node === machine.root ? depth : depth + 1);
      if (node !== machine.root) lines.push(`${pad}}`);
    } else {
      lines.push(`${pad}state "${label(node)}" as ${name(node)}`);
      if (node.type === 'final') lines.push(`${pad}${name(node)} --> [*]`);
    }
  };
  render(machine.root as AnyNode, 1);

  const edges: string[] = [];
  const walk = (node: AnyNode): void => {
    const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const transition of transitions) {
      const guard = transition.guard ? ` [${describeGuard(transition.guard)}]` : '';
      const event = describeEvent(transition.eventType);
      const targets = (transition.target ?? []) as AnyNode[];
      if (targets.length === 0) continue; // internal transitions (actions only) are not drawn
      for (const target of targets) {
        if (node === machine.root) continue;
        edges.push(`  ${name(node)} --> ${name(target)} : ${event}${guard}`);
      }
    }
    // The actors a state starts: the socket lives from the state that spawns it to one that stops it.
    for (const action of node.entry as ActionLike[]) {
      if (action.type === 'xstate.spawnChild') edges.push(`  note right of ${name(node)} : spawns ${String(action.id)}`);
    }
    // Delayed events a state raises to itself (its timers that are not transitions: the heartbeat),
    // on entry and in answer to an event.
    const raised = [
      ...delayedRaises(node.entry as ActionLike[]).map((raise) => `entry: ${raise}`),
      ...transitions
        .filter((transition) => !transition.target?.length)
        .flatMap((transition) => delayedRaises(transition.actions as ActionLike[]).map((raise) => `${describeEvent(transition.eventType)}: ${raise}`)),
    ];
    for (const line of raised) edges.push(`  note right of ${name(node)} : ${line}`);
    for (const invoke of node.invoke) edges.push(`  note right of ${name(node)} : invokes ${String(invoke.id)}`);
    for (const child of Object.values(node.states) as AnyNode[]) walk(child);
  };
  walk(machine.root as AnyNode);
  // Root-level events (DISPOSE from anywhere) are drawn once, from the whole chart.
  for (const [event, list] of machine.root.transitions) {
    for (const transition of list) {
      for (const target of (transition.target ?? []) as AnyNode[]) edges.push(`  note right of ${name(target)} : ${event} from any state`);
    }
  }
  return [...lines, ...edges].join('\n');
}

interface ActionLike {
  readonly type?: string;
  readonly id?: unknown;
  readonly event?: unknown;
  readonly delay?: unknown;
}

/**
 * `HEARTBEAT_DUE after heartbeatInterval` for each `raise(event, { delay })` among the actions, but
 * for those of `after` transitions (XState raises them too), which are drawn as transitions.
 */
function delayedRaises(actions: readonly ActionLike[]): string[] {
  return actions
    .filter((action) => action.type === 'xstate.raise' && typeof action.delay === 'string')
    .map((action) => String((action.event as { type?: unknown }).type) + ` after ${String(action.delay)}`)
    .filter((line) => !line.startsWith('xstate.after.'));
}

/** `always` for an eventless transition, `after delayName` for a delayed one (`xstate.after.delayName.stateId`). */
function describeEvent(eventType: string): string {
  if (eventType === '') return 'always';
  if (eventType.startsWith('xstate.after.')) return `after ${eventType.split('.')[2]}`;
  return eventType;
}

function describeGuard(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String((guard as { type: unknown }).type);
  if (typeof guard === 'function') {
    const check = guard as { check?: unknown; guards?: unknown[] };
    if (Array.isArray(check.guards)) return `not ${check.guards.map(describeGuard).join(', ')}`;
    return guard.name || 'guard';
  }
  return 'guard';
}
