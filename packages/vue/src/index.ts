// Public API of @rejoin/vue: composables over @rejoin/core. Named exports only; types kept apart.
export { provideChatClient, useChatClient } from './chatClientInjection.ts';
export { useChatSelector } from './useChatSelector.ts';
export { useConversation } from './useConversation.ts';
export { useMessage } from './useMessage.ts';
export { useMessageIds } from './useMessageIds.ts';
export { useConnection } from './useConnection.ts';
export { useConversationList } from './useConversationList.ts';

export type { UseConversationReturn } from './useConversation.ts';
export type { UseConnectionReturn } from './useConnection.ts';
