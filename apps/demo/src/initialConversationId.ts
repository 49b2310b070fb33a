import { selectOpenConversationId, type ChatClient } from '@rejoin/core';
import { conversationIdFromUrl } from './conversationUrl.ts';

/**
 * The conversation to show when the page loads: the one in the URL, else the one the client
 * restored from storage, else a new one. Called once, before React renders, because creating a
 * conversation is a command (StrictMode would run a render-time call twice).
 */
export function initialConversationId(client: ChatClient, url: string): string {
  return conversationIdFromUrl(url) ?? selectOpenConversationId(client.getSnapshot()) ?? client.newConversation();
}
