import { getCurrentInstance, onMounted, shallowRef, watchSyncEffect, type ShallowRef } from 'vue';
import type { ChatClient, ChatSnapshot } from '@rejoin/core';

/**
 * The client's snapshot in a `shallowRef` (the snapshot is immutable: deep reactivity would only
 * cost), replaced on every change for as long as the calling scope lives.
 */
export function useChatSnapshot(client: ChatClient): Readonly<ShallowRef<ChatSnapshot>> {
  // A component of the app's first render renders first what a server renders (nothing restored
  // from storage: a server has no localStorage), so hydrating server HTML matches; it switches to
  // the restored state once mounted, in the same task, before the browser paints. A component
  // mounted once the app is (a row that appears later) hydrates nothing: it renders the current
  // state at once. A bare effect scope has no hydration to match.
  const instance = getCurrentInstance();
  const hydrating = instance !== null && !instance.root.isMounted;
  const snapshot = shallowRef(hydrating ? client.getServerSnapshot() : client.getSnapshot());
  if (hydrating) onMounted(() => (snapshot.value = client.getSnapshot()));
  // A sync watcher owns the subscription rather than onScopeDispose alone: it is stopped with its
  // scope (unmount, effectScope.stop()) AND Vue's server renderer stops sync watchers once the page
  // is rendered, whereas it never disposes component scopes, so SSR leaves no listener behind.
  watchSyncEffect((onCleanup) => {
    onCleanup(client.subscribe(() => (snapshot.value = client.getSnapshot())));
  });
  return snapshot;
}
