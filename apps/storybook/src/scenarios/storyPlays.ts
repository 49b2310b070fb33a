import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { Playground } from './createPlayground.ts';
import type { Scenario, ScenarioName } from './scenarioCatalog.ts';

/** The part of a story's context the plays read; both the React and the Vue renderer provide it. */
export interface PlayContext {
  readonly canvasElement: HTMLElement;
  readonly loaded: Readonly<Record<string, unknown>>;
}

export type Play = (context: PlayContext) => Promise<void>;

const scenarioOf = (context: PlayContext): Scenario => context.loaded['scenario'] as Scenario;

/** The screen's live readout of the machine state (`rejoin.connected.ready.idle`, ...). */
async function expectMachineState(context: PlayContext, id: string): Promise<void> {
  const canvas = within(context.canvasElement);
  await waitFor(() => expect(canvas.getByTestId('machine-state').textContent).toBe(id));
}

async function expectBanner(context: PlayContext, state: string): Promise<HTMLElement> {
  const banner = await within(context.canvasElement).findByTestId('connection-banner');
  await waitFor(() => expect(banner).toHaveAttribute('data-state', state));
  return banner;
}

const streamingMessage = (context: PlayContext) =>
  context.canvasElement.querySelector<HTMLElement>('[data-testid="message"][data-status="streaming"]');

/** The research reply on screen, once it shows with `status`. */
async function researchReplyShown(context: PlayContext, status: string): Promise<HTMLElement> {
  return waitFor(() => {
    const reply = context.canvasElement.querySelector<HTMLElement>(`[data-testid="message"][data-role="assistant"][data-status="${status}"]`);
    if (reply === null || reply.querySelector('[data-testid="message-parts"]') === null) throw new Error(`no research reply ${status} yet`);
    return reply;
  });
}

/** The reply's parts in order, by test id (`text` for a text part). */
const partsOf = (reply: HTMLElement): string[] =>
  Array.from(reply.querySelectorAll<HTMLElement>('[data-testid="message-parts"] > *')).map((part) => part.dataset['testid'] ?? 'text');

const saveNotesCard = (reply: HTMLElement): HTMLElement => within(reply).getByRole('group', { name: 'Tool call: save_notes' });

/**
 * The checks of the state stories, shared by the React and the Vue Storybook so both kits are held
 * to the same behaviour. They only read: Storybook runs a play function whenever a story is
 * opened, and a state story must stay in its state for the designer looking at it.
 */
export const stateChecks: Readonly<Record<ScenarioName, Play>> = {
  async idle(context) {
    await expectMachineState(context, 'rejoin.idle');
    await expectBanner(context, 'connecting');
    await expect(within(context.canvasElement).getByTestId('message-list')).toHaveTextContent('No messages yet');
  },

  async connecting(context) {
    await expectMachineState(context, 'rejoin.connecting');
    await expectBanner(context, 'connecting');
    await expect(within(context.canvasElement).getByTestId('message-list')).toHaveAttribute('data-loading', 'true');
  },

  async connectedIdle(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.connected.ready.idle');
    await expectBanner(context, 'online');
    await expect(canvas.getByTestId('stop-button')).toBeDisabled();
    await expect(canvas.getByTestId('processing-indicator')).toHaveAttribute('data-processing', 'false');
  },

  async streaming(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.connected.ready.streaming');
    const reply = streamingMessage(context);
    await expect(reply).not.toBeNull();
    await expect(within(reply!).getByTestId('streaming-caret')).toBeInTheDocument();
    await expect(reply).toHaveAttribute('aria-busy', 'true');
    await expect(canvas.getByTestId('stop-button')).toBeEnabled();
    await expect(canvas.getByTestId('processing-indicator')).toHaveAttribute('data-processing', 'true');
  },

  async backgroundStreaming(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.connected.ready.idle');
    await expect(canvas.queryByTestId('streaming-caret')).toBeNull();
    const items = canvas.getAllByTestId('conversation-item');
    const busy = items.filter((item) => item.dataset['streaming'] === 'true');
    await expect(busy.map((item) => item.dataset['conversationId'])).toEqual(['lisbon']);
    await expect(items.find((item) => item.getAttribute('aria-current') === 'page')).toHaveAttribute('data-conversation-id', 'sourdough');
  },

  async queuedOffline(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.disconnected.queueing');
    const banner = await expectBanner(context, 'offline');
    await expect(banner).toHaveTextContent('2 messages will be sent when you reconnect.');
    // Shown once, in the thread; waiting for the connection, not "responding"; Stop can cancel them.
    await expect(canvas.getAllByTestId('message').filter((row) => row.dataset['status'] === 'pending')).toHaveLength(2);
    await expect(canvas.getByTestId('pending-indicator')).toHaveTextContent('Waiting for connection, will send when back online');
    await expect(canvas.getByTestId('processing-indicator')).toHaveAttribute('data-processing', 'false');
    await expect(canvas.getByTestId('stop-button')).toBeEnabled();
  },

  async sendCancelled(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.disconnected.waiting');
    await expectBanner(context, 'offline');
    await expect(canvas.queryByTestId('pending-indicator')).toBeNull();
    await expect(canvas.getAllByTestId('message').filter((row) => row.dataset['status'] !== 'complete')).toHaveLength(0);
    await expect(canvas.getByTestId('stop-button')).toBeDisabled();
  },

  async conversationUnavailable(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.connected.ready.idle');
    await expect(canvas.getByTestId('conversation-unavailable')).toHaveTextContent('This conversation is not available');
    await expect(canvas.getByTestId('composer-input')).toBeDisabled();
  },

  async backoffCountdown(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.disconnected.waiting');
    await expectBanner(context, 'retrying');
    await expect(canvas.getByTestId('retry-countdown')).toHaveTextContent(/Retrying in \d+ s\./);
    await expect(canvas.getByTestId('retry-button')).toBeEnabled();
  },

  async restoring(context) {
    await expectMachineState(context, 'rejoin.connected.restoring');
    await expectBanner(context, 'connecting');
    // The partial reply is back from storage before the server said anything.
    const reply = streamingMessage(context);
    await expect(reply).not.toBeNull();
    await expect(reply!.textContent?.length ?? 0).toBeGreaterThan(40);
  },

  async merging(context) {
    await expectMachineState(context, 'rejoin.connected.merging');
    await expectBanner(context, 'online');
    await expect(streamingMessage(context)).not.toBeNull();
  },

  async stopped(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.connected.ready.idle');
    const stopped = canvas.getAllByTestId('message').find((row) => row.dataset['status'] === 'stopped');
    await expect(stopped).toHaveTextContent('Stopped');
    await expect(canvas.queryByTestId('streaming-caret')).toBeNull();
  },

  async failed(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.failed');
    await expectBanner(context, 'failed');
    await expect(canvas.getByTestId('retry-button')).toBeEnabled();
  },

  async streamLost(context) {
    const canvas = within(context.canvasElement);
    await expectMachineState(context, 'rejoin.connected.ready.idle');
    const lost = canvas.getAllByTestId('message').find((row) => row.dataset['status'] === 'interrupted');
    await expect(lost).toHaveTextContent('Interrupted: the rest of this reply was lost');
    await expect(canvas.queryByTestId('streaming-caret')).toBeNull();
  },

  async storageCorrupted(context) {
    await expectMachineState(context, 'rejoin.connected.ready.idle');
    const notice = await within(context.canvasElement).findByTestId('storage-notice');
    await expect(notice).toHaveTextContent('Your saved chat state could not be read.');
  },

  async disposed(context) {
    await expectMachineState(context, 'rejoin.disposed');
    const banner = await expectBanner(context, 'offline');
    await expect(banner).toHaveTextContent('Disconnected.');
    await expect(within(context.canvasElement).queryByTestId('retry-button')).toBeNull();
  },
  async researchReasoning(context) {
    await expectMachineState(context, 'rejoin.connected.ready.streaming');
    const reply = await researchReplyShown(context, 'streaming');
    await expect(partsOf(reply)).toEqual(['reasoning']);
    await expect(within(reply).getByTestId('reasoning')).toHaveAttribute('data-done', 'false');
    await expect(within(reply).getByTestId('reasoning')).toHaveTextContent('I should search first');
  },

  async researchToolInput(context) {
    await expectMachineState(context, 'rejoin.connected.ready.streaming');
    const reply = await researchReplyShown(context, 'streaming');
    await expect(partsOf(reply)).toEqual(['reasoning', 'tool-call']);
    await expect(within(reply).getByTestId('reasoning')).toHaveAttribute('data-done', 'true');
    const call = within(reply).getByTestId('tool-call');
    await expect(call).toHaveAttribute('data-state', 'input-streaming');
    await expect(call).toHaveTextContent('{"query":');
  },

  async researchApprovalPending(context) {
    await expectMachineState(context, 'rejoin.connected.ready.streaming');
    const reply = await researchReplyShown(context, 'streaming');
    const save = saveNotesCard(reply);
    await expect(save).toHaveAttribute('data-state', 'approval-requested');
    await expect(within(save).getByRole('button', { name: 'Approve save_notes' })).toBeEnabled();
    await expect(within(save).getByRole('button', { name: 'Deny save_notes' })).toBeEnabled();
  },

  async researchApproved(context) {
    await expectMachineState(context, 'rejoin.connected.ready.streaming');
    const reply = await researchReplyShown(context, 'streaming');
    const save = saveNotesCard(reply);
    await expect(save).toHaveAttribute('data-state', 'output-available');
    await expect(within(save).queryByRole('button', { name: 'Approve save_notes' })).toBeNull();
    await expect(reply).toHaveTextContent('Saved the notes.');
    await expect(within(reply).getByTestId('streaming-caret')).toBeInTheDocument();
  },

  async researchDenied(context) {
    await expectMachineState(context, 'rejoin.connected.ready.idle');
    const reply = await researchReplyShown(context, 'complete');
    await expect(saveNotesCard(reply)).toHaveAttribute('data-state', 'output-denied');
    await expect(reply).toHaveTextContent('without saving notes');
    await expect(within(reply).getAllByTestId('source')).toHaveLength(2);
  },

  async researchComplete(context) {
    await expectMachineState(context, 'rejoin.connected.ready.idle');
    const reply = await researchReplyShown(context, 'complete');
    await expect(partsOf(reply)).toEqual(['reasoning', 'tool-call', 'text', 'tool-call', 'text', 'source', 'source', 'data-part', 'file', 'text']);
    await expect(saveNotesCard(reply)).toHaveAttribute('data-state', 'output-available');
    await expect(within(reply).getByTestId('file')).toHaveTextContent('summary.md');
    await expect(within(reply).getByTestId('data-part')).toHaveAttribute('data-name', 'weather');
    await expect(within(reply).queryByTestId('streaming-caret')).toBeNull();
  },
};

/** A transition story: starts from a scenario's state, acts as a user would, checks where it lands. */
export interface Interaction {
  readonly from: ScenarioName;
  readonly play: Play;
}

export type InteractionName =
  | 'sendMessage'
  | 'stopReply'
  | 'openBackgroundStream'
  | 'sendQueueOnReconnect'
  | 'retryDuringBackoff'
  | 'mergeArrivingHistory'
  | 'retryAfterFailure'
  | 'dismissStorageNotice';

const interaction = (from: ScenarioName, act: Play): Interaction => ({
  from,
  async play(context) {
    await stateChecks[from](context);
    await act(context);
  },
});

/** The interaction tests of the key stories, shared by both Storybooks. */
export const interactions: Readonly<Record<InteractionName, Interaction>> = {
  sendMessage: interaction('connectedIdle', async (context) => {
    const canvas = within(context.canvasElement);
    // Sending is acknowledged at once and the reply starts: the machine moves to streaming.
    await userEvent.type(canvas.getByTestId('composer-input'), 'Thanks! What about the food?{Enter}');
    await waitFor(() => expect(canvas.getByTestId('processing-indicator')).toHaveAttribute('data-processing', 'true'));
    const sent = canvas.getAllByTestId('message').filter((row) => row.dataset['role'] === 'user').pop();
    await expect(sent).toHaveTextContent('Thanks! What about the food?');
    await expect(sent).toHaveAttribute('data-status', 'complete');
    await expectMachineState(context, 'rejoin.connected.ready.streaming');
  }),

  stopReply: interaction('streaming', async (context) => {
    const canvas = within(context.canvasElement);
    const reply = streamingMessage(context)!;
    // Stop ends the reply where it is: no caret, a "Stopped" note, nothing left to stop.
    await userEvent.click(canvas.getByTestId('stop-button'));
    await waitFor(() => expect(reply).toHaveAttribute('data-status', 'stopped'));
    await expect(canvas.queryByTestId('streaming-caret')).toBeNull();
    await expect(reply).toHaveTextContent('Stopped');
    await expect(canvas.getByTestId('stop-button')).toBeDisabled();
    await expectMachineState(context, 'rejoin.connected.ready.idle');
  }),

  openBackgroundStream: interaction('backgroundStreaming', async (context) => {
    const canvas = within(context.canvasElement);
    const busy = canvas.getAllByTestId('conversation-item').find((item) => item.dataset['streaming'] === 'true')!;
    // Switching to it shows the reply where it has got to, still streaming.
    await userEvent.click(busy);
    await waitFor(() => expect(canvas.getByTestId('streaming-caret')).toBeInTheDocument());
    await expectMachineState(context, 'rejoin.connected.ready.streaming');
  }),

  sendQueueOnReconnect: interaction('queuedOffline', async (context) => {
    const canvas = within(context.canvasElement);
    // Back online: both go out once, in order, and the queue empties.
    await userEvent.click(canvas.getByTestId('retry-button'));
    await waitFor(() => expect(canvas.queryAllByTestId('message').filter((row) => row.dataset['status'] === 'pending')).toHaveLength(0));
    const texts = canvas
      .getAllByTestId('message')
      .filter((row) => row.dataset['role'] === 'user')
      .map((row) => row.querySelector('.rj-message__text')?.textContent);
    await expect(texts.slice(-2)).toEqual(['Can you add a plan for a rainy day?', 'And where should we stay?']);
    await expect(texts.filter((text) => text === 'And where should we stay?')).toHaveLength(1);
    await expectBanner(context, 'online');
  }),

  retryDuringBackoff: interaction('backoffCountdown', async (context) => {
    // The server is back; "Retry now" skips the rest of the wait.
    scenarioOf(context).world.server.setDown(false);
    await userEvent.click(within(context.canvasElement).getByTestId('retry-button'));
    await expectBanner(context, 'online');
    await expectMachineState(context, 'rejoin.connected.ready.idle');
  }),

  mergeArrivingHistory: interaction('merging', async (context) => {
    const canvas = within(context.canvasElement);
    const before = streamingMessage(context)?.dataset['messageId'];
    // The history arrives: it merges with the streamed reply, with no duplicate of it.
    scenarioOf(context).world.advance(1_500);
    await expectMachineState(context, 'rejoin.connected.ready.streaming');
    const ids = canvas.getAllByTestId('message').map((row) => row.dataset['messageId']);
    await expect(new Set(ids).size).toBe(ids.length);
    await expect(ids.filter((id) => id === before)).toHaveLength(1);
  }),

  retryAfterFailure: interaction('failed', async (context) => {
    // Fixed on the server side; the user retries by hand.
    scenarioOf(context).world.server.setDown(false);
    await userEvent.click(within(context.canvasElement).getByTestId('retry-button'));
    await expectBanner(context, 'online');
  }),

  dismissStorageNotice: interaction('storageCorrupted', async (context) => {
    const canvas = within(context.canvasElement);
    await userEvent.click(within(canvas.getByTestId('storage-notice')).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(canvas.queryByTestId('storage-notice')).toBeNull());
  }),
};

/**
 * The playground's scripted run: time runs for real here, so it checks transitions a designer would see:
 * the server goes down and comes back, and a refresh mid-reply restores the reply.
 */
export const playgroundPlay: Play = async (context) => {
  const canvas = within(context.canvasElement);
  const playground = context.loaded['playground'] as Playground;
  const patiently = { timeout: 8_000 };
  await expectMachineState(context, 'rejoin.connected.ready.streaming');
  await userEvent.click(canvas.getByRole('button', { name: 'Server down' }));
  await waitFor(() => expect(canvas.getByTestId('connection-banner')).toHaveAttribute('data-state', 'retrying'), patiently);
  // Back up: the next backoff reconnects by itself and the reply resumes.
  await userEvent.click(canvas.getByRole('button', { name: 'Server down' }));
  await waitFor(() => expect(canvas.getByTestId('connection-banner')).toHaveAttribute('data-state', 'online'), patiently);
  const lastReply = () => canvas.getAllByTestId('message').filter((row) => row.dataset['role'] === 'assistant').pop();
  const textOf = (row: HTMLElement | undefined) => row?.querySelector('.rj-message__text')?.textContent ?? '';
  // Online is not yet a first word: on a busy machine the outage can come before any chunk did.
  await waitFor(() => expect(textOf(lastReply()).length).toBeGreaterThan(0), patiently);
  const before = lastReply();
  const beforeText = textOf(before);
  await userEvent.click(canvas.getByRole('button', { name: 'Refresh page' }));
  await waitFor(() => expect(canvas.getByTestId('page-number')).toHaveTextContent('2'));
  await expect(playground.getView().page).toBe(2);
  // The new page shows the same reply with at least the text the old page had: nothing lost.
  await waitFor(() => {
    const after = canvas.queryAllByTestId('message').find((row) => row.dataset['messageId'] === before?.dataset['messageId']);
    expect(textOf(after).startsWith(beforeText)).toBe(true);
  }, patiently);
};
