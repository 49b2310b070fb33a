import {
  selectConnection,
  selectConversationList,
  selectConversationStatus,
  selectIsPending,
  selectIsProcessing,
  selectMessages,
  selectStorageError,
  type ChatMessage,
  type ChatSnapshot,
  type ConnectionState,
  type ConversationListItem,
  type RejoinError,
} from '@rejoin/core';
import { scenarios, type Scenario, type ScenarioName } from './scenarioCatalog.ts';

/** A message waiting in the outbox, as the composer lists it. */
export interface QueuedMessage {
  readonly id: string;
  readonly text: string;
}

/**
 * The conversation's messages still in the outbox, for the composer's "queued" list. Builds a new
 * array on each call: bind it with `shallowEqualItems`.
 */
export function selectQueuedMessages(snapshot: ChatSnapshot, conversationId: string): readonly QueuedMessage[] {
  return snapshot.context.outbox
    .filter((entry) => entry.conversationId === conversationId)
    .map((entry) => ({ id: entry.messageId, text: entry.text }));
}

/** A time of the fake clock on the real one (see `Scenario.wallTimeOffset`); null stays null. */
export function toWallTime(fakeTime: number | null, wallTimeOffset: number): number | null {
  return fakeTime === null ? null : fakeTime + wallTimeOffset;
}

/** Every prop the kit's components take, read from a scenario's real snapshot through the core's selectors. */
export interface KitProps {
  readonly banner: {
    readonly state: ConnectionState;
    readonly attempt: number;
    readonly nextRetryAt: number | null;
    readonly queued: number;
    readonly online: boolean;
  };
  readonly messages: readonly ChatMessage[];
  readonly loading: boolean;
  readonly pending: readonly QueuedMessage[];
  readonly conversations: readonly ConversationListItem[];
  readonly activeId: string;
  readonly processing: boolean;
  /** A message waits for a connection (the indicator's `pending`; Stop cancels it). */
  readonly waitingForConnection: boolean;
  readonly storageError: RejoinError | null;
}

/**
 * The kit stories' props, so each component story also shows a state the machine really reaches
 * rather than hand-written props.
 */
export function kitProps(scenario: Scenario): KitProps {
  const snapshot = scenario.client.getSnapshot();
  const id = scenario.conversationId;
  const connection = selectConnection(snapshot);
  return {
    banner: {
      state: connection.state,
      attempt: connection.attempt,
      nextRetryAt: toWallTime(connection.nextRetryAt, scenario.wallTimeOffset),
      queued: connection.queued,
      online: scenario.browserOnline,
    },
    messages: selectMessages(snapshot, id),
    loading: selectConversationStatus(snapshot, id) === 'loading',
    pending: selectQueuedMessages(snapshot, id),
    conversations: selectConversationList(snapshot),
    activeId: id,
    processing: selectIsProcessing(snapshot, id),
    waitingForConnection: selectIsPending(snapshot, id),
    storageError: selectStorageError(snapshot),
  };
}

/** Builds a scenario, reads the kit's props off its snapshot, and disposes of it: for the kit stories' loaders. */
export function loadKitProps(name: ScenarioName): { readonly props: KitProps } {
  const scenario = scenarios[name].build();
  try {
    return { props: kitProps(scenario) };
  } finally {
    scenario.dispose();
  }
}
