// Public API of @rejoin/ui/vue: presentational components (props in, events out, no client), the
// same markup, classes and test ids as @rejoin/ui/react. Import the stylesheet once:
// `import '@rejoin/ui/styles.css'`.
export { default as ConnectionBanner } from './ConnectionBanner.vue';
export { default as Composer } from './Composer.vue';
export { default as ConversationUnavailable } from './ConversationUnavailable.vue';
export { default as ConversationList } from './ConversationList.vue';
export { default as Message } from './Message.vue';
export { default as MessageList } from './MessageList.vue';
export { default as ProcessingIndicator } from './ProcessingIndicator.vue';
export { default as StopButton } from './StopButton.vue';
export { default as StorageNotice } from './StorageNotice.vue';
export { useCountdown } from './useCountdown.ts';
export { default as MessageParts } from './parts/MessageParts.vue';
export { default as Reasoning } from './parts/Reasoning.vue';
export { default as ToolCall } from './parts/ToolCall.vue';
export { default as SourceChip } from './parts/SourceChip.vue';
export { default as FileChip } from './parts/FileChip.vue';
export { default as DataPartView } from './parts/DataPartView.vue';

export type { ConversationEntry, MessageData, PendingMessage } from './kitData.ts';
export type { DataRenderers } from './parts/dataRenderers.ts';
export type { ConnectionBannerState } from '../shared/connectionBannerView.ts';
export type { ErrorLike } from '../shared/storageNotice.ts';
