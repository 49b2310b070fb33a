/** One message as the page shows it. */
export interface ShownMessage {
  readonly id: string;
  readonly role: string;
  readonly status: string;
  readonly text: string;
  /** The blinking caret a streaming reply ends in. */
  readonly caret: boolean;
  /**
   * The message's parts as the kit renders them, in order, one word each (see `partSummary` in
   * viewChecks.ts): `text`, `reasoning:streaming|done`, `tool-call:<name>:<state>`, `source`, `file`,
   * `data:<name>`. Empty for a text-only bubble.
   */
  readonly parts: readonly string[];
  /** An Approve button is shown on one of its tool calls. */
  readonly approvePrompt: boolean;
}

/** What the demo page shows at one moment, read from its `data-testid`s only. */
export interface DemoView {
  /** Wall-clock time of the reading (ms since epoch; the browser and the tests share the machine clock). */
  readonly at: number;
  /** The conversation in the URL (`?c=`). */
  readonly conversationId: string | null;
  readonly messages: readonly ShownMessage[];
  /** `processing-indicator`'s `data-processing`; null before the app rendered. */
  readonly processing: boolean | null;
  /** `connection-banner`'s `data-state`; null before the app rendered. */
  readonly banner: string | null;
  /** The queued messages: shown once, in the thread, as `pending` messages. */
  readonly pending: readonly { readonly id: string; readonly text: string }[];
  /** The "waiting for connection" indicator (`pending-indicator`) is shown. */
  readonly pendingIndicator: boolean;
  /** The Stop button is enabled. */
  readonly stopEnabled: boolean;
  /** The storage notice's `data-problem`, or null when none is shown. */
  readonly storageNotice: string | null;
  /** "This conversation is not available" is shown (`conversation-unavailable`). */
  readonly unavailable: boolean;
  /** The sidebar's conversations with their streaming dots. */
  readonly conversations: readonly { readonly id: string; readonly streaming: boolean }[];
}

/**
 * Reads the page. Runs IN THE BROWSER (through `page.evaluate` and the recorder's init script), so
 * it is self-contained: no imports, no closures, nothing a transpiler could rename.
 */
export function readDemoView(): DemoView {
  const all = (testId: string) => Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));
  const one = (testId: string) => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const processing = one('processing-indicator');
  return {
    at: Date.now(),
    conversationId: new URL(window.location.href).searchParams.get('c'),
    messages: all('message').map((element) => ({
      id: element.dataset['messageId'] ?? '',
      role: element.dataset['role'] ?? '',
      status: element.dataset['status'] ?? '',
      // The bubble's own text, without the visually hidden role label: with parts, the text parts
      // in order (a reply with a tool call has text before and after it).
      text: Array.from(element.querySelectorAll('.rj-message__text'))
        .map((span) => span.textContent ?? '')
        .join(''),
      caret: element.querySelector('[data-testid="streaming-caret"]') !== null,
      parts: Array.from(element.querySelectorAll<HTMLElement>('[data-testid="message-parts"] > *')).map((part) => {
        const testId = part.dataset['testid'];
        if (testId === 'reasoning') return `reasoning:${part.dataset['done'] === 'true' ? 'done' : 'streaming'}`;
        if (testId === 'tool-call') {
          const name = part.querySelector('.rj-tool__name')?.textContent ?? '';
          return `tool-call:${name}:${part.dataset['state'] ?? ''}`;
        }
        if (testId === 'data-part') return `data:${part.dataset['name'] ?? ''}`;
        if (testId === 'source' || testId === 'file') return testId;
        return part.classList.contains('rj-message__text') ? 'text' : `unknown:${part.tagName}`;
      }),
      approvePrompt: element.querySelector('.rj-tool__actions button[aria-label^="Approve"]') !== null,
    })),
    processing: processing === null ? null : processing.dataset['processing'] === 'true',
    banner: one('connection-banner')?.dataset['state'] ?? null,
    pending: all('message')
      .filter((element) => element.dataset['status'] === 'pending')
      .map((element) => ({
        id: element.dataset['messageId'] ?? '',
        text: element.querySelector('.rj-message__text')?.textContent ?? '',
      })),
    pendingIndicator: one('pending-indicator') !== null,
    stopEnabled: (one('stop-button') as HTMLButtonElement | null)?.disabled === false,
    storageNotice: one('storage-notice')?.dataset['problem'] ?? null,
    unavailable: one('conversation-unavailable') !== null,
    conversations: all('conversation-item').map((element) => ({
      id: element.dataset['conversationId'] ?? '',
      streaming: element.dataset['streaming'] === 'true',
    })),
  };
}
