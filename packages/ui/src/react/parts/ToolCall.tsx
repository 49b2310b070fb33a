import { memo } from 'react';
import type { ToolCallPart } from '@rejoin/core';
import { approvalDecision, formatJson, toolCallInput, toolCallStatus } from '../../shared/partLabels.ts';

export interface ToolCallProps {
  readonly part: ToolCallPart;
  /**
   * The user approves a call waiting for approval (`approval-requested`); gets the call's id. The
   * Approve button shows only when this is given, so a view that cannot act shows no dead button.
   */
  readonly onApprove?: ((toolCallId: string) => void) | undefined;
  /** The user denies a call waiting for approval; gets the call's id. The Deny button shows only when this is given. */
  readonly onDeny?: ((toolCallId: string) => void) | undefined;
}

/**
 * One tool call as a card: the tool's name, its status in words, the input as it streams, then the
 * output or the error, and Approve / Deny while the call waits for the user. Memoized on its props:
 * a chunk for another part of the message leaves this card alone.
 */
export const ToolCall = memo(function ToolCall({ part, onApprove, onDeny }: ToolCallProps) {
  const status = toolCallStatus(part);
  const input = toolCallInput(part);
  const decision = approvalDecision(part);
  return (
    <div
      className="rj-tool"
      data-testid="tool-call"
      data-state={part.state}
      data-tone={status.tone}
      role="group"
      aria-label={`Tool call: ${part.toolName}`}
    >
      <div className="rj-tool__header">
        <span className="rj-tool__name">{part.toolName}</span>
        <span className="rj-tool__status" data-testid="tool-call-status">
          {status.label}
        </span>
      </div>
      {input === '' ? null : (
        <div className="rj-tool__section">
          <span className="rj-tool__heading">Input</span>
          <pre className="rj-code">{input}</pre>
        </div>
      )}
      {part.state === 'output-available' ? (
        <div className="rj-tool__section">
          <span className="rj-tool__heading">Output</span>
          <pre className="rj-code">{formatJson(part.output)}</pre>
        </div>
      ) : null}
      {part.state === 'output-error' ? <p className="rj-tool__error">{part.errorText ?? 'The tool failed.'}</p> : null}
      {decision === null ? null : <p className="rj-tool__decision">{decision}</p>}
      {part.state === 'approval-requested' && (onApprove !== undefined || onDeny !== undefined) ? (
        <div className="rj-tool__actions">
          {onApprove === undefined ? null : (
            <button
              type="button"
              className="rj-button rj-button--small rj-button--primary"
              aria-label={`Approve ${part.toolName}`}
              onClick={() => onApprove(part.toolCallId)}
            >
              Approve
            </button>
          )}
          {onDeny === undefined ? null : (
            <button
              type="button"
              className="rj-button rj-button--small"
              aria-label={`Deny ${part.toolName}`}
              onClick={() => onDeny(part.toolCallId)}
            >
              Deny
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
});
