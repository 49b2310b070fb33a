import { memo, useCallback } from 'react';
import { useMessage } from '@rejoin/react';
import { Message } from '@rejoin/ui/react';

export interface MessageRowProps {
  readonly conversationId: string;
  readonly messageId: string;
  /** The conversation's `approveToolCall`; the row binds its own message id. */
  readonly onApproveToolCall: (messageId: string, toolCallId: string) => void;
  readonly onDenyToolCall: (messageId: string, toolCallId: string) => void;
}

/**
 * One message, bound to its own slice: a streamed chunk re-renders this row and no other. The kit's
 * `Message` renders its parts (reasoning, tool calls, sources, files, data); a tool call awaiting
 * approval shows approve and deny because the handlers are given.
 */
export const MessageRow = memo(function MessageRow({ conversationId, messageId, onApproveToolCall, onDenyToolCall }: MessageRowProps) {
  const message = useMessage(conversationId, messageId);
  const approve = useCallback((toolCallId: string) => onApproveToolCall(messageId, toolCallId), [onApproveToolCall, messageId]);
  const deny = useCallback((toolCallId: string) => onDenyToolCall(messageId, toolCallId), [onDenyToolCall, messageId]);
  return message === undefined ? null : <Message message={message} onApproveToolCall={approve} onDenyToolCall={deny} />;
});
