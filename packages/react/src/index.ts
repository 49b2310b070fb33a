// Public API of @rejoin/react: bindings over @rejoin/core. Named exports only; types kept apart.
export { ChatProvider, useChatClient } from './ChatProvider.tsx';
export { useChatSelector } from './useChatSelector.ts';
export { useConversation } from './useConversation.ts';
export { useMessage } from './useMessage.ts';
export { useMessageIds } from './useMessageIds.ts';
export { useConnection } from './useConnection.ts';
export { useConversationList } from './useConversationList.ts';

export type { ChatProviderProps } from './ChatProvider.tsx';
export type { UseConversationResult } from './useConversation.ts';
export type { UseConnectionResult } from './useConnection.ts';
