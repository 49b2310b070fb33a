import { chatMachine, type ChatSnapshot } from '@rejoin/core';

/** A state node of the chat machine by its id, e.g. `rejoin.connected.ready.streaming`. */
export type MachineStateId = `rejoin${'' | `.${string}`}`;

interface StateNodeLike {
  readonly id: string;
  readonly states: Readonly<Record<string, StateNodeLike>>;
}

/**
 * Every state node of the chat machine, parents before children (`rejoin.connected`,
 * `rejoin.connected.restoring`, ...), read from the machine itself so a new state shows up here
 * (and in the completeness test) the moment it is added.
 */
export function machineStateIds(): readonly MachineStateId[] {
  const ids: MachineStateId[] = [];
  // Structural, so this app needs no import from xstate itself.
  const walk = (node: StateNodeLike): void => {
    for (const child of Object.values(node.states)) {
      ids.push(child.id as MachineStateId);
      walk(child);
    }
  };
  walk(chatMachine.root);
  return ids;
}

/** The states with no children: the ones a snapshot actually rests in. */
export function leafMachineStateIds(): readonly MachineStateId[] {
  const ids = machineStateIds();
  return ids.filter((id) => !ids.some((other) => other.startsWith(`${id}.`)));
}

/** The leaf state a snapshot is in, as a state id (the machine has no parallel states). */
export function currentMachineState(snapshot: ChatSnapshot): MachineStateId {
  const path: string[] = [];
  let value: unknown = snapshot.value;
  while (typeof value === 'object' && value !== null) {
    const [key, child] = Object.entries(value)[0] ?? [];
    if (key === undefined) break;
    path.push(key);
    value = child;
  }
  if (typeof value === 'string') path.push(value);
  return ['rejoin', ...path].join('.') as MachineStateId;
}
