import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ChatClient } from '@rejoin/core';
import { kitChatControls, type ChatAppDriver, type MountedChatApp } from '@rejoin/core/testing';

export interface ReactChatAppOptions {
  /**
   * Reads and uses the app on screen. @default `kitChatControls`: the `data-testid`s of
   * `@rejoin/ui`'s components (messages, indicators, banner, composer, Stop, Retry, the list)
   */
  readonly controls?: (container: HTMLElement) => Omit<MountedChatApp, 'unmount'>;
}

/**
 * Your React app as `runChatPath` plays it: `render(client)` returns the app for a client (wrapped
 * in its `ChatProvider`); every refresh renders it again for a new client on the same storage. Each
 * change runs in React's `act`, so the screen is read after React has rendered it.
 *
 * @example
 * const app = reactChatApp((client) => <ChatProvider client={client}><Chat /></ChatProvider>);
 * for (const path of await generateChatPaths({ depth: 3 })) it(String(path), () => runChatPath(path, app));
 */
export function reactChatApp(render: (client: ChatClient) => ReactNode, options: ReactChatAppOptions = {}): ChatAppDriver {
  // Tells React this is a test environment, where updates are flushed by `act`.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  const controls = options.controls ?? kitChatControls;
  return {
    mount(client) {
      const container = document.createElement('div');
      document.body.append(container);
      const root = createRoot(container);
      act(() => root.render(render(client)));
      return {
        ...controls(container),
        unmount() {
          act(() => root.unmount());
          container.remove();
        },
      };
    },
    act(change) {
      act(change);
    },
  };
}
