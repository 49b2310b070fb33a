import { memo } from 'react';
import { shallowEqualItems } from '@rejoin/core';
import { useChatSelector } from '@rejoin/react';
import { Composer, ProcessingIndicator, StopButton } from '@rejoin/ui/react';
import { selectQueuedMessages } from './selectQueuedMessages.ts';

export interface ChatFooterProps {
  readonly conversationId: string;
  readonly processing: boolean;
  readonly onSend: (text: string) => void;
  readonly onStop: () => void;
}

/** Below the messages: what the assistant is doing, the composer with its queued messages, and Stop. */
export const ChatFooter = memo(function ChatFooter({ conversationId, processing, onSend, onStop }: ChatFooterProps) {
  const pending = useChatSelector((snapshot) => selectQueuedMessages(snapshot, conversationId), shallowEqualItems);
  return (
    <footer className="demo-footer">
      <ProcessingIndicator processing={processing} />
      <Composer onSend={onSend} pending={pending} actions={<StopButton processing={processing} onStop={onStop} />} />
      <p className="demo-hint">Replies come from the server's simulated model: no API key, nothing leaves this machine.</p>
    </footer>
  );
});
