import type { RejoinError } from '../errors/RejoinError.ts';
import type { ChatSnapshot } from '../machine/chatMachine.ts';

import { CONNECTION_STATES, type ConnectionState } from '../machine/connectionState.ts';

export type { ConnectionState };

export interface ConnectionView {
  readonly state: ConnectionState;
  /** Consecutive failed attempts (0 once connected). */
  readonly attempt: number;
  /** When the next automatic attempt happens (ms since epoch), or null. */
  readonly nextRetryAt: number | null;
  /** Messages waiting in the outbox. */
  readonly queued: number;
  readonly lastError: RejoinError | null;
}

const cache = new WeakMap<object, ConnectionView>();

/** Flattens the statechart into the one word a connection banner needs. Memoized per snapshot. */
export function selectConnection(snapshot: ChatSnapshot): ConnectionView {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const { context } = snapshot;
  // Every state carries its word as a tag (machine/connectionState.ts).
  const state = CONNECTION_STATES.find((tag) => snapshot.hasTag(tag)) ?? 'idle';
  const view: ConnectionView = {
    state,
    attempt: context.attempt,
    nextRetryAt: context.nextRetryAt,
    queued: context.outbox.length,
    lastError: context.lastError,
  };
  cache.set(snapshot, view);
  return view;
}
