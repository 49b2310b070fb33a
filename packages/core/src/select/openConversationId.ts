import type { ChatSnapshot } from '../machine/chatMachine.ts';

/**
 * The conversation the client has open, or null. `open(id)` reloads the history every time it is
 * called, so a binding that opens the conversation it shows compares with this first: a second
 * `open` of the same id (React StrictMode runs effects twice) then sends nothing.
 */
export function selectOpenConversationId(snapshot: ChatSnapshot): string | null {
  return snapshot.context.openConversationId;
}
