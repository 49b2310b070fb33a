/** The query parameter that holds the open conversation, so a reload or a shared link reopens it. */
export const CONVERSATION_PARAM = 'c';

/** The conversation id in `url`, or null. */
export function conversationIdFromUrl(url: string): string | null {
  const id = new URL(url).searchParams.get(CONVERSATION_PARAM);
  return id === null || id.trim() === '' ? null : id;
}

/** `url` showing `conversationId` (other parameters and the hash kept). */
export function urlWithConversation(url: string, conversationId: string): string {
  const next = new URL(url);
  next.searchParams.set(CONVERSATION_PARAM, conversationId);
  return next.toString();
}
