import { createChatClient, type ChatClient } from '@rejoin/core';
import type { DemoIdentity } from './demoIdentity.ts';
import { webSocketUrlFor } from './serverUrl.ts';

/** `?tabs=independent` turns tab coordination off: each tab opens its own socket, as without Web Locks. */
export function tabsModeFor(location: Pick<Location, 'search'>): 'coordinate' | 'independent' {
  return new URLSearchParams(location.search).get('tabs') === 'independent' ? 'independent' : 'coordinate';
}

/** The demo's one client: the page's own server, this browser's identity, one socket for all its tabs. */
export function createDemoClient(identity: DemoIdentity): ChatClient {
  return createChatClient({
    url: webSocketUrlFor(window.location),
    namespace: identity.namespace,
    token: identity.token,
    tabs: tabsModeFor(window.location),
  });
}
