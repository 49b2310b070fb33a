import type { ChatClient, ChatSnapshot } from '@rejoin/core';

type StateValue = ChatSnapshot['value'] | string | { readonly [key: string]: StateValue | undefined };

/** One state of the machine, as the panel draws it. */
export interface StatechartNode {
  /** Dotted path from the root (`connected.ready.idle`); what `activePaths` returns. */
  readonly path: string;
  readonly key: string;
  readonly final: boolean;
  /** `EVENT → target` for each transition that leaves for another state (`after x` for timers). */
  readonly transitions: readonly string[];
  readonly children: readonly StatechartNode[];
}

interface NodeLike {
  readonly key: string;
  readonly path: readonly string[];
  readonly type: string;
  readonly states: Readonly<Record<string, NodeLike>>;
  readonly transitions: ReadonlyMap<string, readonly { readonly target?: readonly NodeLike[] | undefined }[]>;
  readonly always?: readonly { readonly target?: readonly NodeLike[] | undefined }[] | undefined;
}

/**
 * The machine's states and transitions, read from its own definition (as `statechartToMermaid`
 * does for docs/architecture.md), so the panel can never draw a chart the client does not run.
 */
export function statechartTree(machine: ChatClient['actor']['logic']): readonly StatechartNode[] {
  const build = (node: NodeLike): StatechartNode => {
    const transitions: string[] = [];
    for (const [eventType, list] of node.transitions) {
      for (const transition of list) {
        for (const target of transition.target ?? []) transitions.push(`${describeEvent(eventType)} → ${target.path.join('.')}`);
      }
    }
    for (const transition of node.always ?? []) {
      for (const target of transition.target ?? []) transitions.push(`always → ${target.path.join('.')}`);
    }
    return {
      path: node.path.join('.'),
      key: node.key,
      final: node.type === 'final',
      transitions,
      children: Object.values(node.states).map(build),
    };
  };
  return Object.values((machine.root as unknown as NodeLike).states).map(build);
}

/** Every active state's dotted path, parents included: `{ connected: 'restoring' }` → connected, connected.restoring. */
export function activePaths(value: StateValue): ReadonlySet<string> {
  const paths = new Set<string>();
  const walk = (current: StateValue, prefix: string): void => {
    if (typeof current === 'string') {
      paths.add(prefix + current);
      return;
    }
    for (const [key, child] of Object.entries(current)) {
      paths.add(prefix + key);
      if (child !== undefined) walk(child, `${prefix}${key}.`);
    }
  };
  walk(value, '');
  return paths;
}

/** The leaf path a state value is in, for labels: `connected.ready.idle`. */
export function stateLabel(value: StateValue): string {
  const paths = [...activePaths(value)];
  return paths.reduce((longest, path) => (path.length > longest.length ? path : longest), '');
}

function describeEvent(eventType: string): string {
  if (eventType.startsWith('xstate.after.')) return `after ${eventType.split('.')[2]}`;
  return eventType;
}
