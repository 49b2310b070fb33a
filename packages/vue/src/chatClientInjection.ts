import { hasInjectionContext, inject, onMounted, provide, type InjectionKey } from 'vue';
import { RejoinError, type ChatClient } from '@rejoin/core';

const chatClientKey: InjectionKey<ChatClient> = Symbol('rejoin chat client');

/**
 * Makes `client` available to the Rejoin composables of this component's descendants (call it in
 * `setup`), and starts its connection once mounted: `connect()` does nothing when it is already
 * started, and mounting never happens on the server, so a client created with
 * `autoConnect: false` on both sides renders on the server and connects after hydration.
 * The client is the app's: it is never created nor disposed here.
 */
export function provideChatClient(client: ChatClient): void {
  provide(chatClientKey, client);
  onMounted(() => client.connect());
}

/**
 * The client given to `client`, else the one provided by `provideChatClient`. Pass it explicitly
 * where nothing can be injected, e.g. in a bare `effectScope()`.
 */
export function useChatClient(client?: ChatClient): ChatClient {
  const found = client ?? (hasInjectionContext() ? inject(chatClientKey, null) : null);
  if (found === null) {
    throw new RejoinError(
      'usage/invalid',
      'A Rejoin composable found no client. Call provideChatClient(client) in a parent component, or pass the client as the last argument (outside a component, e.g. in an effectScope).',
    );
  }
  return found;
}
