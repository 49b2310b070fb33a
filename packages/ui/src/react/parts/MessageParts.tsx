import type { MessagePart } from '@rejoin/core';
import { partKey } from '../../shared/partLabels.ts';
import { DataPartView, type DataRenderers } from './DataPartView.tsx';
import { FileChip } from './FileChip.tsx';
import { Reasoning } from './Reasoning.tsx';
import { SourceChip } from './SourceChip.tsx';
import { ToolCall } from './ToolCall.tsx';

export interface MessagePartsProps {
  readonly parts: readonly MessagePart[];
  /** The user approves a tool call waiting for approval; gets the call's id. */
  readonly onApproveToolCall?: ((toolCallId: string) => void) | undefined;
  /** The user denies a tool call waiting for approval; gets the call's id. */
  readonly onDenyToolCall?: ((toolCallId: string) => void) | undefined;
  /** Renderers for data parts by name; others show as JSON. */
  readonly dataRenderers?: DataRenderers | undefined;
}

/**
 * A message's parts in order. The callbacks go to the cards as they are (no closure per part), so
 * with stable callbacks the memoized parts a chunk did not touch skip rendering.
 */
export function MessageParts({ parts, onApproveToolCall, onDenyToolCall, dataRenderers }: MessagePartsProps) {
  return (
    <div className="rj-parts" data-testid="message-parts">
      {parts.map((part, index) => {
        const key = partKey(part, index);
        switch (part.type) {
          case 'text':
            return (
              <span key={key} className="rj-message__text">
                {part.text}
              </span>
            );
          case 'reasoning':
            return <Reasoning key={key} part={part} />;
          case 'tool-call':
            return <ToolCall key={key} part={part} onApprove={onApproveToolCall} onDeny={onDenyToolCall} />;
          case 'source':
            return <SourceChip key={key} part={part} />;
          case 'file':
            return <FileChip key={key} part={part} />;
          case 'data':
            return <DataPartView key={key} part={part} renderers={dataRenderers} />;
        }
      })}
    </div>
  );
}
