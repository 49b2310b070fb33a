import type { ChatMessage } from '../model/message.ts';

/**
 * True once the server has ended the message (`complete`, `stopped` or `error`).
 * A finished message never reopens: its text is final, so late chunks and stale snapshots
 * must not touch it. `interrupted` is not finished: it is only this client's belief that the
 * server lost the stream, and any sign of life from the server overrides it.
 */
export function isFinished(message: ChatMessage): boolean {
  return message.status === 'complete' || message.status === 'stopped' || message.status === 'error';
}
