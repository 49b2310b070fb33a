import { createChatClient, createMemoryStorage, type ChatClient } from '@rejoin/core';
import { FakeClock, createFakeServer } from '@rejoin/core/testing';

export const TOKEN = 'sk-very-secret-token';
export const USER_TEXT = 'my private question';

/** A client on the fake server and clock, connected, with a reply streaming and a token set. */
export function connectedClient(
  options: { readonly frameBatchMs?: number; readonly tokensPerSecond?: number; readonly reply?: (text: string) => string } = {},
) {
  const clock = new FakeClock();
  const server = createFakeServer({ clock, tokensPerSecond: options.tokensPerSecond ?? 20, ...(options.reply ? { reply: options.reply } : {}) });
  let ids = 0;
  const client: ChatClient = createChatClient({
    transport: server.transport,
    namespace: 'user-1',
    token: TOKEN,
    storage: createMemoryStorage(),
    clock,
    generateId: () => `id${++ids}`,
    frameBatchMs: options.frameBatchMs ?? 16,
    persistThrottleMs: 0,
  });
  clock.advance(10);
  return { clock, server, client };
}

/** The shadow root the panel renders into. */
export function panelRoot(host: Element): ShadowRoot {
  const shadow = host.shadowRoot;
  if (shadow === null) throw new Error('the devtools host has no shadow root: was the panel mounted?');
  return shadow;
}

export function click(root: ShadowRoot, action: string): void {
  const button = root.querySelector<HTMLElement>(`[data-action=${action}]`);
  if (button === null) throw new Error(`no button for "${action}"`);
  button.click();
}

export const sectionText = (root: ShadowRoot, name: string): string => root.querySelector(`[data-section=${name}]`)?.textContent ?? '';
export const litStates = (root: ShadowRoot): string[] => [...root.querySelectorAll<HTMLElement>('.rj-node.rj-active')].map((node) => node.dataset['path']!);
