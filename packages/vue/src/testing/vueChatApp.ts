import { createApp, nextTick, type App, type VNode } from 'vue';
import type { ChatClient } from '@rejoin/core';
import { kitChatControls, type ChatAppDriver, type MountedChatApp } from '@rejoin/core/testing';

export interface VueChatAppOptions {
  /**
   * Reads and uses the app on screen. @default `kitChatControls`: the `data-testid`s of
   * `@rejoin/ui`'s components (messages, indicators, banner, composer, Stop, Retry, the list)
   */
  readonly controls?: (container: HTMLElement) => Omit<MountedChatApp, 'unmount'>;
  /** Installs what your app needs on each Vue app instance (a router, a store). */
  readonly setup?: (app: App) => void;
}

/**
 * Your Vue app as `runChatPath` plays it: `render(client)` returns the app's root vnode for a
 * client (which calls `provideChatClient`, or gets the client as a prop); every refresh mounts it
 * again for a new client on the same storage. After each change the runner waits for Vue's next
 * tick, so the screen is read after Vue has patched it.
 *
 * @example
 * const app = vueChatApp((client) => h(Chat, { client }));
 * for (const path of await generateChatPaths({ depth: 3 })) it(String(path), () => runChatPath(path, app));
 */
export function vueChatApp(render: (client: ChatClient) => VNode, options: VueChatAppOptions = {}): ChatAppDriver {
  const controls = options.controls ?? kitChatControls;
  return {
    async mount(client) {
      const container = document.createElement('div');
      document.body.append(container);
      const app = createApp({ render: () => render(client) });
      options.setup?.(app);
      app.mount(container);
      await nextTick();
      return {
        ...controls(container),
        unmount() {
          app.unmount();
          container.remove();
        },
      };
    },
    async act(change) {
      change();
      await nextTick();
    },
  };
}
