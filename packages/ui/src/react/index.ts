// Public API of @rejoin/ui/react: presentational components (props in, callbacks out, no client).
// Import the stylesheet once: `import '@rejoin/ui/styles.css'`.
export { ConnectionBanner } from './ConnectionBanner.tsx';
export { Composer } from './Composer.tsx';
export { ConversationUnavailable } from './ConversationUnavailable.tsx';
export { ConversationList } from './ConversationList.tsx';
export { Message } from './Message.tsx';
export { MessageList } from './MessageList.tsx';
export { ProcessingIndicator } from './ProcessingIndicator.tsx';
export { StopButton } from './StopButton.tsx';
export { StorageNotice } from './StorageNotice.tsx';
export { useCountdown } from './useCountdown.ts';
export { MessageParts } from './parts/MessageParts.tsx';
export { Reasoning } from './parts/Reasoning.tsx';
export { ToolCall } from './parts/ToolCall.tsx';
export { SourceChip } from './parts/SourceChip.tsx';
export { FileChip } from './parts/FileChip.tsx';
export { DataPartView } from './parts/DataPartView.tsx';

export type { ConnectionBannerProps } from './ConnectionBanner.tsx';
export type { ComposerProps, PendingMessage } from './Composer.tsx';
export type { ConversationEntry, ConversationListProps } from './ConversationList.tsx';
export type { ConversationUnavailableProps } from './ConversationUnavailable.tsx';
export type { MessageData, MessageProps } from './Message.tsx';
export type { MessageListProps } from './MessageList.tsx';
export type { ProcessingIndicatorProps } from './ProcessingIndicator.tsx';
export type { StopButtonProps } from './StopButton.tsx';
export type { StorageNoticeProps } from './StorageNotice.tsx';
export type { MessagePartsProps } from './parts/MessageParts.tsx';
export type { ReasoningProps } from './parts/Reasoning.tsx';
export type { ToolCallProps } from './parts/ToolCall.tsx';
export type { SourceChipProps } from './parts/SourceChip.tsx';
export type { FileChipProps } from './parts/FileChip.tsx';
export type { DataPartViewProps, DataRenderers } from './parts/DataPartView.tsx';
export type { ConnectionBannerState } from '../shared/connectionBannerView.ts';
export type { ErrorLike } from '../shared/storageNotice.ts';
