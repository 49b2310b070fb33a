import { createChatClient, type ChatClient } from '@rejoin/core';
import type { DemoIdentity } from './demoIdentity.ts';
import { webSocketUrlFor } from './serverUrl.ts';

/** The demo's one client: the page's own server, this browser's identity. */
export function createDemoClient(identity: DemoIdentity): ChatClient {
  return createChatClient({
    url: webSocketUrlFor(window.location),
    namespace: identity.namespace,
    token: identity.token,
  });
}
