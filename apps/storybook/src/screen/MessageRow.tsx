import { memo } from 'react';
import { useMessage } from '@rejoin/react';
import { Message } from '@rejoin/ui/react';

/** One message, bound to its own slice: a streamed chunk re-renders this row and no other. */
export const MessageRow = memo(function MessageRow({ conversationId, messageId }: { readonly conversationId: string; readonly messageId: string }) {
  const message = useMessage(conversationId, messageId);
  return message === undefined ? null : <Message message={message} />;
});
