import type { Clock } from '../environment/Clock.ts';
import type { ConversationState, OutboxEntry, PendingApproval } from '../model/conversation.ts';
import type { Persister } from './createPersister.ts';
import { recordFromState } from './recordFromState.ts';

/** The part of a client snapshot persistence reads. */
export interface PersistableSnapshot {
  /** `'error'` when the actor failed: it changes no more, so what it holds is written at once. */
  readonly status?: string;
  readonly context: {
    readonly openConversationId: string | null;
    readonly conversations: Readonly<Record<string, ConversationState>>;
    readonly outbox: readonly OutboxEntry[];
    readonly approvals?: readonly PendingApproval[];
  };
}

/**
 * What the driver persists: any store with a stable snapshot and a subscription, such as the
 * client itself (whose snapshot may hold streaming text not yet folded into the actor).
 */
export interface PersistenceSource {
  getSnapshot(): PersistableSnapshot;
  subscribe(listener: () => void): () => void;
}

export interface PersistenceConnection {
  /** Writes what is pending now (on `pagehide`). */
  flush(): void;
  /** Stops listening and flushes; the persister is disposed. */
  disconnect(): void;
}

/**
 * The persistence driver, beside the socket, timer and browser drivers: on every change of the
 * source whose persisted slice (open conversation, conversations, outbox) changed by reference, it
 * hands the record for it to the persister, which throttles and appends. Comparing references
 * keeps a change elsewhere in the snapshot (connection status, errors) from building a record.
 */
export function connectPersistence(
  source: PersistenceSource,
  persister: Persister,
  options: { readonly namespace: string; readonly clock: Clock },
): PersistenceConnection {
  let last = source.getSnapshot().context;
  const unsubscribe = source.subscribe(() => {
    const snapshot = source.getSnapshot();
    const { context } = snapshot;
    if (
      context.openConversationId !== last.openConversationId ||
      context.conversations !== last.conversations ||
      context.outbox !== last.outbox ||
      context.approvals !== last.approvals
    ) {
      last = context;
      persister.save(
        recordFromState({
          namespace: options.namespace,
          now: options.clock.now(),
          openConversationId: context.openConversationId,
          conversations: context.conversations,
          outbox: context.outbox,
          ...(context.approvals === undefined ? {} : { approvals: context.approvals }),
        }),
      );
    }
    // A failed actor changes no more: write out the last good state, so a reload resumes from it.
    if (snapshot.status === 'error') persister.flush();
  });
  return {
    flush: () => persister.flush(),
    disconnect() {
      unsubscribe();
      persister.dispose();
    },
  };
}
