import { memo, useCallback } from 'react';
import { useChatClient, useMessage } from '@rejoin/react';
import { Message } from '@rejoin/ui/react';

/**
 * One message, bound to its own slice: a streamed chunk re-renders this row and no other. Approve
 * and Deny go to the client, so a designer can answer a tool call in the story as in the demo.
 */
export const MessageRow = memo(function MessageRow({ conversationId, messageId }: { readonly conversationId: string; readonly messageId: string }) {
  const client = useChatClient();
  const message = useMessage(conversationId, messageId);
  const approve = useCallback((toolCallId: string) => client.approveTool({ conversationId, messageId, toolCallId }), [client, conversationId, messageId]);
  const deny = useCallback((toolCallId: string) => client.denyTool({ conversationId, messageId, toolCallId }), [client, conversationId, messageId]);
  return message === undefined ? null : <Message message={message} onApproveToolCall={approve} onDenyToolCall={deny} />;
});
