import type { ChatClient } from '@rejoin/core';
import { forgetDemoIdentity } from './demoIdentity.ts';

/**
 * Leaves no chat behind on a shared browser: stops the client (its last write happens now, not
 * after the clear), removes its persisted snapshot and this browser's identity, then reloads as a
 * new visitor.
 */
export function signOut(client: ChatClient): void {
  client.dispose();
  client.clearPersistedData();
  forgetDemoIdentity();
  window.location.replace(window.location.pathname);
}
