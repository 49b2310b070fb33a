import { memo } from 'react';
import { Composer, ProcessingIndicator, StopButton } from '@rejoin/ui/react';

export interface ChatFooterProps {
  readonly processing: boolean;
  /** A message waits for a connection (shown once, in the thread, as queued). */
  readonly pending: boolean;
  /** Nothing can be sent (a conversation the server will not load). */
  readonly disabled: boolean;
  readonly onSend: (text: string) => void;
  readonly onStop: () => void;
}

/** Below the messages: what the assistant is doing, the composer, and Stop (which also cancels a queued send). */
export const ChatFooter = memo(function ChatFooter({ processing, pending, disabled, onSend, onStop }: ChatFooterProps) {
  return (
    <footer className="demo-footer">
      <ProcessingIndicator processing={processing} pending={pending} />
      <Composer onSend={onSend} disabled={disabled} actions={<StopButton processing={processing || pending} onStop={onStop} />} />
      <p className="demo-hint">Replies come from the server's simulated model: no API key, nothing leaves this machine.</p>
    </footer>
  );
});
