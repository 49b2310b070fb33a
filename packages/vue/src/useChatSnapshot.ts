import { shallowRef, watchSyncEffect, type ShallowRef } from 'vue';
import type { ChatClient, ChatSnapshot } from '@rejoin/core';

/**
 * The client's snapshot in a `shallowRef` (the snapshot is immutable: deep reactivity would only
 * cost), replaced on every change for as long as the calling scope lives.
 */
export function useChatSnapshot(client: ChatClient): Readonly<ShallowRef<ChatSnapshot>> {
  const snapshot = shallowRef(client.getSnapshot());
  // A sync watcher owns the subscription rather than onScopeDispose alone: it is stopped with its
  // scope (unmount, effectScope.stop()) AND Vue's server renderer stops sync watchers once the page
  // is rendered, whereas it never disposes component scopes, so SSR leaves no listener behind.
  watchSyncEffect((onCleanup) => {
    onCleanup(client.subscribe(() => (snapshot.value = client.getSnapshot())));
  });
  return snapshot;
}
