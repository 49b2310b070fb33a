import type { ConversationState } from '../model/conversation.ts';
import type { ChatMessage } from '../model/message.ts';

/**
 * The conversation's status once no stream is followed: that of the newest reply held, so a late
 * `message_end` of an older reply cannot overwrite how the newest one ended. `errored` when the
 * newest reply failed, `idle` otherwise; `fallback` (made `idle` if it says `streaming`) when
 * no reply is held.
 */
export function settledStatus(
  messages: readonly ChatMessage[],
  fallback: ConversationState['status'],
): ConversationState['status'] {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (message?.role === 'assistant') return message.status === 'error' ? 'errored' : 'idle';
  }
  return fallback === 'streaming' ? 'idle' : fallback;
}
