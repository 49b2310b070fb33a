import type { ChatClient } from '../../client/createChatClient.ts';
import { selectConnection } from '../../select/connectionView.ts';
import { CONNECTION_WORDS } from './chatInvariants.ts';
import { selectIsPending, selectIsProcessing, selectMessages } from '../../select/conversationView.ts';

/** One message as the UI shows it. */
export interface ShownMessage {
  readonly id: string;
  readonly role: string;
  readonly text: string;
}

/** What the app shows at one moment, as the binding reads it from the screen. */
export interface ShownChat {
  readonly messages: readonly ShownMessage[];
  /** The "assistant is responding" indicator is on; `undefined` when the app shows none. */
  readonly processing: boolean | undefined;
  /** The "waiting for connection" indicator is on; `undefined` when the app shows none. */
  readonly pending: boolean | undefined;
  /**
   * The connection indicator's word, `undefined` when the app shows none. The kit's banner says
   * `online`, `connecting`, `retrying`, `offline` or `failed`; `runChatPath` checks it against the
   * client's state (see `CONNECTION_WORDS`).
   */
  readonly connection: string | undefined;
}

/** The app on screen for one client: how to read it and how a person would use it. */
export interface MountedChatApp {
  read(): ShownChat;
  /** Types `text` into the composer (the runner lets the UI render before it presses Send). */
  type(text: string): void;
  /** Presses Send. */
  send(): void;
  /** Presses Stop. */
  stop(): void;
  /** Shows another conversation; `null` starts a new one. */
  show(conversationId: string | null): void;
  /** Presses the connection indicator's Retry. */
  retry(): void;
  unmount(): void;
}

/**
 * How `runChatPath` reaches an app: a binding per framework (`@rejoin/react/testing`,
 * `@rejoin/vue/testing`) or your own. `mount` is called once per page load: again, with a new
 * client on the same storage, for every refresh.
 */
export interface ChatAppDriver {
  mount(client: ChatClient): MountedChatApp | Promise<MountedChatApp>;
  /**
   * Runs a change (a click, the clock moving) and lets the UI catch up: React wraps it in `act`,
   * Vue awaits `nextTick`. @default runs it
   */
  act?(change: () => void): void | Promise<void>;
}

/**
 * The client itself as the app: reads its selectors, calls its commands. The path generator runs
 * paths on it; use it to test the runner, or a model of your own UI, without a DOM.
 */
export function headlessChatApp(): ChatAppDriver {
  return {
    mount(client) {
      let draft = '';
      if (client.getSnapshot().context.openConversationId === null) client.newConversation();
      const open = (): string => client.getSnapshot().context.openConversationId!;
      return {
        read() {
          const snapshot = client.getSnapshot();
          const state = selectConnection(snapshot).state;
          return {
            messages: selectMessages(snapshot, open()).map(({ id, role, text }) => ({ id, role, text })),
            processing: selectIsProcessing(snapshot, open()),
            pending: selectIsPending(snapshot, open()),
            connection: CONNECTION_WORDS[state][0]!,
          };
        },
        type: (text) => void (draft = text),
        send: () => void client.send(draft),
        stop: () => client.stop(),
        show: (conversationId) => (conversationId === null ? void client.newConversation() : client.open(conversationId)),
        retry: () => client.retry(),
        unmount: () => {},
      };
    },
  };
}
