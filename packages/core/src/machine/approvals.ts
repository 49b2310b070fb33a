/**
 * Tool-call approvals from the user's decision to the server's confirmation: queued (and shown at
 * once, optimistically), sent after each handshake and at once while connected, settled when the
 * stream shows the server's answer or the server says the call is not pending.
 */
import type { ConversationState, PendingApproval } from '../model/conversation.ts';
import type { ApproveFrame, ChunkFrame, ConversationFrame, ErrorFrame } from '../protocol/frames.ts';
import { positionOf, replaceMessage, nextConversation } from '../merge/conversationUpdates.ts';
import { withOptimisticApproval } from '../merge/messageParts.ts';
import type { ChatContext } from './chatContext.ts';

export function approveFrame(approval: PendingApproval): ApproveFrame {
  const { conversationId, messageId, toolCallId, approved, reason } = approval;
  return reason === undefined
    ? { type: 'approve', conversationId, messageId, toolCallId, approved }
    : { type: 'approve', conversationId, messageId, toolCallId, approved, reason };
}

/** The conversation with `approval` shown on its tool call (when the call still awaits one). */
export function showApproval(conversation: ConversationState, approval: PendingApproval): ConversationState {
  const message = conversation.messages[positionOf(conversation.messages, approval.messageId)];
  if (message === undefined) return conversation;
  const parts = withOptimisticApproval(message.parts, approval.toolCallId, approval.approved, approval.reason);
  if (parts === message.parts) return conversation;
  return nextConversation(conversation, { messages: replaceMessage(conversation.messages, { ...message, parts }) });
}

/**
 * Queues a decision and shows it. A second decision for a call already queued is ignored: the
 * first one is what the server will apply (the protocol's "first decision wins").
 */
export function queueApproval(context: ChatContext, approval: PendingApproval): ChatContext {
  if (context.approvals.some((queued) => queued.toolCallId === approval.toolCallId && queued.messageId === approval.messageId)) {
    return context;
  }
  const conversation = context.conversations[approval.conversationId];
  return {
    ...context,
    approvals: [...context.approvals, approval],
    conversations:
      conversation === undefined
        ? context.conversations
        : { ...context.conversations, [approval.conversationId]: showApproval(conversation, approval) },
  };
}

/** Events after which the call no longer awaits a decision: the server has answered it. */
const ANSWERED = new Set(['tool-approval-response', 'tool-output', 'tool-error', 'tool-denied']);

/** Drops the decisions the stream now confirms (a `tool-approval-response` or a later outcome for the call). */
export function settleApprovalsFromChunks(context: ChatContext, frames: readonly ChunkFrame[]): ChatContext {
  if (context.approvals.length === 0) return context;
  const answered = new Set<string>();
  for (const frame of frames) {
    const part = frame.part;
    if (part !== undefined && ANSWERED.has(part.kind) && 'toolCallId' in part) answered.add(`${frame.messageId} ${part.toolCallId}`);
  }
  if (answered.size === 0) return context;
  const approvals = context.approvals.filter((approval) => !answered.has(`${approval.messageId} ${approval.toolCallId}`));
  return approvals.length === context.approvals.length ? context : { ...context, approvals };
}

/**
 * After a history load: decisions whose call the history shows answered are dropped; the others
 * are shown again on top of the server's parts (which still say `approval-requested`).
 */
export function settleApprovalsFromHistory(context: ChatContext, frame: ConversationFrame): ChatContext {
  const mine = context.approvals.filter((approval) => approval.conversationId === frame.conversationId);
  if (mine.length === 0) return context;
  const answered = new Set<PendingApproval>();
  for (const approval of mine) {
    const message = frame.messages.find((held) => held.id === approval.messageId);
    const tool = message?.parts?.find((part) => part.type === 'tool-call' && part.toolCallId === approval.toolCallId);
    if (tool?.type === 'tool-call' && tool.state !== 'approval-requested') answered.add(approval);
  }
  let conversation = context.conversations[frame.conversationId];
  if (conversation !== undefined) {
    for (const approval of mine) if (!answered.has(approval)) conversation = showApproval(conversation, approval);
  }
  return {
    ...context,
    approvals: answered.size === 0 ? context.approvals : context.approvals.filter((approval) => !answered.has(approval)),
    conversations: conversation === undefined ? context.conversations : { ...context.conversations, [frame.conversationId]: conversation },
  };
}

/** `not_pending`: the server will not take the decisions queued for that message; stop resending them. */
export function settleApprovalsFromError(context: ChatContext, frame: ErrorFrame): ChatContext {
  if (frame.code !== 'not_pending' || frame.messageId === undefined) return context;
  const approvals = context.approvals.filter(
    (approval) => approval.messageId !== frame.messageId || approval.conversationId !== frame.conversationId,
  );
  return approvals.length === context.approvals.length ? context : { ...context, approvals };
}
