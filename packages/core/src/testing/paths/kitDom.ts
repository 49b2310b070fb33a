import type { MountedChatApp, ShownChat } from './ChatAppDriver.ts';

/**
 * Reads a chat rendered with `@rejoin/ui` (or any markup with its `data-testid`s): the messages,
 * the processing and pending indicators, and the connection banner's state.
 */
export function readKitChat(root: ParentNode): ShownChat {
  const one = (testId: string): HTMLElement | null => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  return {
    messages: Array.from(root.querySelectorAll<HTMLElement>('[data-testid="message"]')).map((element) => ({
      id: element.dataset['messageId'] ?? '',
      role: element.dataset['role'] ?? '',
      // The bubble's own text, without the visually hidden role label.
      text: element.querySelector('.rj-message__text')?.textContent ?? '',
    })),
    processing: one('processing-indicator')?.dataset['processing'] === 'true',
    pending: one('pending-indicator') !== null,
    connection: one('connection-banner')?.dataset['state'] ?? 'missing',
  };
}

/** A control the path needs, or a clear error naming the `data-testid` the app lacks. */
function control(root: ParentNode, selector: string, what: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(selector);
  if (element === null) throw new TypeError(`[rejoin] The app shows no ${what} (${selector}); render the kit's component or give runChatPath a driver of your own.`);
  return element;
}

/**
 * Uses a chat rendered with `@rejoin/ui` as a person would: types into the composer, presses Send,
 * Stop, Retry, "New chat", and a conversation of the list. Plain DOM events, so it works under
 * React, Vue, or anything else in a DOM test environment.
 */
export function kitChatControls(root: ParentNode): Omit<MountedChatApp, 'unmount'> {
  return {
    read: () => readKitChat(root),
    type(text) {
      const input = control(root, '[data-testid="composer-input"]', 'composer') as HTMLTextAreaElement;
      // The native setter, so a controlled React input sees the change as a user's.
      Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')?.set?.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    send() {
      const button = control(root, '[data-testid="composer-send"]', 'send button') as HTMLButtonElement;
      // A person cannot press a disabled button: say so rather than let the message silently not go.
      if (button.disabled) throw new TypeError('[rejoin] The send button is disabled after typing a message.');
      button.click();
    },
    stop: () => control(root, '[data-testid="stop-button"]', 'Stop button').click(),
    retry: () => control(root, '[data-testid="retry-button"]', 'Retry button').click(),
    show(conversationId) {
      if (conversationId === null) control(root, '[data-testid="new-conversation"]', '"New chat" button').click();
      else control(root, `[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`, `list item for ${conversationId}`).click();
    },
  };
}
