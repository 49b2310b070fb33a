import { memo } from 'react';
import { useMessage } from '@rejoin/react';
import { Message } from '@rejoin/ui/react';

export interface MessageRowProps {
  readonly conversationId: string;
  readonly messageId: string;
}

/** One message, bound to its own slice: a streamed chunk re-renders this row and no other. */
export const MessageRow = memo(function MessageRow({ conversationId, messageId }: MessageRowProps) {
  const message = useMessage(conversationId, messageId);
  return message === undefined ? null : <Message message={message} />;
});
