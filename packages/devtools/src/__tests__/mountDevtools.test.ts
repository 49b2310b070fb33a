import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountDevtools, type DevtoolsHandle } from '../index.ts';
import { PERSISTED_RECORD_VERSION } from '@rejoin/core';
import { TOKEN, USER_TEXT, click, connectedClient, litStates, panelRoot, sectionText } from './devtoolsHarness.ts';

const mounted: DevtoolsHandle[] = [];
function mount(setup: ReturnType<typeof connectedClient>, options: Parameters<typeof mountDevtools>[2] = {}) {
  const host = document.createElement('div');
  document.body.append(host);
  const handle = mountDevtools(host, setup.client, { clock: setup.clock, initialOpen: true, ...options });
  mounted.push(handle);
  return { handle, root: panelRoot(host) };
}
afterEach(() => {
  for (const handle of mounted.splice(0)) handle.unmount();
  document.body.innerHTML = '';
});

describe('mountDevtools', () => {
  it('draws the statechart from the machine and lights the active states as they change', () => {
    const setup = connectedClient();
    const { root } = mount(setup);
    expect(root.querySelectorAll('.rj-node').length).toBeGreaterThanOrEqual(10);
    expect(litStates(root)).toEqual(['connected', 'connected.ready', 'connected.ready.idle']);
    setup.client.devtools.dropConnection();
    expect(litStates(root)).toEqual(['disconnected', 'disconnected.waiting']);
    setup.client.retry();
    setup.clock.advance(10);
    expect(litStates(root)).toEqual(['connected', 'connected.ready', 'connected.ready.idle']);
    // Each state it went through was lit in turn: the trail is the lit states, in order.
    expect(sectionText(root, 'trail')).toBe(
      'connected.ready.idle → disconnected.waiting → connecting → connected.restoring → connected.ready.idle',
    );
  });

  it('shows the connection, conversations with stream cursors, outbox and persisted record', () => {
    const setup = connectedClient();
    const { root } = mount(setup);
    setup.client.send(USER_TEXT);
    setup.clock.advance(300);
    const conversationId = setup.client.getSnapshot().context.openConversationId!;
    const stream = setup.client.getSnapshot().context.conversations[conversationId]!.stream!;
    expect(sectionText(root, 'conversations')).toContain(stream.messageId);
    expect(sectionText(root, 'conversations')).toContain(String(stream.lastSeq));
    expect(sectionText(root, 'persistence')).toContain(`version${PERSISTED_RECORD_VERSION}`);

    setup.client.devtools.setOffline(true);
    setup.client.send('queued while offline');
    setup.clock.advance(1000);
    expect(sectionText(root, 'connection')).toMatch(/statedisconnected/);
    expect(sectionText(root, 'connection')).toMatch(/retry in\d+\.\d s/);
    expect(sectionText(root, 'connection')).toMatch(/last error.+/);
    // Its age as of the last render: the countdown re-renders every 250 ms while disconnected.
    const ageCell = root.querySelectorAll('[data-section=outbox] tbody td')[2]!;
    const age = Number(/^(\d+\.\d) s$/.exec(ageCell.textContent ?? '')?.[1]);
    expect(age).toBeGreaterThanOrEqual(0.75);
    expect(age).toBeLessThanOrEqual(1);
  });

  it('hides message text and the token until the developer turns them on', () => {
    const setup = connectedClient();
    const { root } = mount(setup);
    setup.client.send(USER_TEXT);
    setup.clock.advance(300);
    const everything = (): string => root.textContent ?? '';
    expect(everything()).not.toContain(USER_TEXT);
    expect(everything()).not.toContain(TOKEN);
    expect(everything()).toContain('‹hidden');
    const reveal = root.querySelector<HTMLInputElement>('input[name=reveal]')!;
    reveal.checked = true;
    reveal.dispatchEvent(new Event('change', { bubbles: true }));
    expect(everything()).toContain(USER_TEXT);
    expect(everything()).toContain(TOKEN);
  });

  it('keeps a bounded frame log, filtered by conversation and type', () => {
    const setup = connectedClient({ tokensPerSecond: 200 });
    const { handle, root } = mount(setup, { maxFrames: 40 });
    const first = setup.client.send('one');
    setup.clock.advance(2000);
    setup.client.newConversation();
    setup.client.send('two');
    setup.clock.advance(2000);
    expect(handle.recorder.frames).toHaveLength(40);
    const conversationId = setup.client.getSnapshot().context.openConversationId!;
    const filter = (name: string, value: string) => {
      const input = root.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    filter('type', 'chunk');
    const types = [...root.querySelectorAll<HTMLElement>('[data-section=frames] tr[data-frame-type]')].map((row) => row.dataset['frameType']);
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['chunk']));
    filter('conversation', 'nope');
    expect(root.querySelectorAll('[data-section=frames] tr[data-frame-type]')).toHaveLength(0);
    filter('conversation', conversationId);
    expect(sectionText(root, 'frames')).toContain(conversationId);
    expect(first).toBeTruthy();
  });

  it('copies a support bundle without the token, and without text unless shown', async () => {
    const setup = connectedClient();
    const { handle, root } = mount(setup);
    setup.client.send(USER_TEXT);
    setup.clock.advance(300);
    const writeText = vi.fn((_text: string) => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    try {
      click(root, 'copy');
      const copied = writeText.mock.calls[0]![0];
      const bundle = JSON.parse(copied);
      expect(bundle.format).toBe('rejoin-support-bundle');
      expect(bundle.frames.length).toBeGreaterThan(0);
      expect(copied).not.toContain(TOKEN);
      expect(copied).not.toContain(USER_TEXT);
      const reveal = root.querySelector<HTMLInputElement>('input[name=reveal]')!;
      reveal.checked = true;
      reveal.dispatchEvent(new Event('change', { bubbles: true }));
      const withText = handle.supportBundle();
      expect(withText).toContain(USER_TEXT);
      expect(withText).not.toContain(TOKEN);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('travels back to an earlier snapshot, read-only, and returns to live', () => {
    const setup = connectedClient();
    const { handle, root } = mount(setup);
    setup.client.devtools.dropConnection();
    expect(litStates(root)).toContain('disconnected');
    const slider = root.querySelector<HTMLInputElement>('input[name=travel]')!;
    slider.value = '0';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    expect(litStates(root)).toContain('connected.ready.idle');
    expect(root.querySelector<HTMLElement>('.rj-banner')!.hidden).toBe(false);
    // The past is only looked at: the live client stays where it is.
    expect(setup.client.getSnapshot().matches('disconnected')).toBe(true);
    click(root, 'live');
    expect(litStates(root)).toContain('disconnected');
    expect(handle.recorder.snapshots.length).toBeGreaterThan(1);
  });

  it('acts on the client: drop, offline, retry, clear persisted data', () => {
    const setup = connectedClient();
    const { root } = mount(setup);
    click(root, 'drop');
    expect(setup.client.getSnapshot().matches('disconnected')).toBe(true);
    click(root, 'retry');
    setup.clock.advance(10);
    expect(setup.client.getSnapshot().hasTag('connected')).toBe(true);
    click(root, 'offline');
    expect(setup.client.devtools.offline).toBe(true);
    expect(root.querySelector('[data-action=offline]')!.textContent).toBe('Go online');
    click(root, 'offline');
    setup.clock.advance(10);
    expect(setup.client.getSnapshot().hasTag('connected')).toBe(true);
    setup.client.send('stored');
    setup.clock.advance(50);
    expect(setup.client.persistenceStats.storedChars).toBeGreaterThan(0);
    click(root, 'clear');
    expect(setup.client.persistenceStats.storedChars).toBe(0);
  });

  it('subscribes to nothing while closed, and renders at most once per client notification while open', () => {
    const setup = connectedClient({ tokensPerSecond: 300, reply: () => 'word '.repeat(2000) });
    const subscribe = vi.spyOn(setup.client, 'subscribe');
    const observe = vi.spyOn(setup.client.devtools, 'observeFrames');
    const { handle } = mount(setup, { initialOpen: false });
    setup.client.send('stream please');
    setup.clock.advance(500);
    expect(subscribe).not.toHaveBeenCalled();
    expect(observe).not.toHaveBeenCalled();
    expect(handle.renderCount).toBe(0);

    handle.open();
    let notifications = 0;
    const stop = setup.client.subscribe(() => (notifications += 1));
    const rendersBefore = handle.renderCount;
    const start = setup.clock.now();
    setup.clock.advance(1000);
    stop();
    const renders = handle.renderCount - rendersBefore;
    const windows = Math.ceil((setup.clock.now() - start) / 16);
    expect(notifications).toBeGreaterThan(10);
    expect(renders).toBeLessThanOrEqual(notifications);
    expect(renders).toBeLessThanOrEqual(windows);
  });
});
