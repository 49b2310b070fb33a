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

export type { ConversationEntry, MessageData, PendingMessage } from './kitData.ts';
export type { ConnectionBannerState } from '../shared/connectionBannerView.ts';
export type { ErrorLike } from '../shared/storageNotice.ts';
