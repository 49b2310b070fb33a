import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { RejoinError, type ChatClient } from '@rejoin/core';

const ChatClientContext = createContext<ChatClient | null>(null);

export interface ChatProviderProps {
  /**
   * The app's client from `createChatClient`. Create it once, outside render (module scope, or a
   * loader), never in a component body: StrictMode calls those twice, and two clients are two
   * sockets. The provider never creates nor disposes it.
   */
  readonly client: ChatClient;
  readonly children?: ReactNode;
}

/**
 * Makes `client` available to every Rejoin hook below it, and starts its connection once mounted
 * (`connect()` does nothing when it is already started, so StrictMode's second effect is a no-op).
 * For server rendering create the client with `autoConnect: false` on both sides: the server never
 * connects, and the browser connects after hydration, so the first render matches the server's HTML.
 */
export function ChatProvider({ client, children }: ChatProviderProps) {
  // Like TanStack Query's provider mounting its client: lifecycle in an effect, never in render.
  // No cleanup: a StrictMode remount must not dispose what the app owns.
  useEffect(() => {
    client.connect();
  }, [client]);
  return <ChatClientContext.Provider value={client}>{children}</ChatClientContext.Provider>;
}

/** The client given to the nearest `<ChatProvider>`, for its commands (`newConversation`, `retry`, ...). */
export function useChatClient(): ChatClient {
  const client = useContext(ChatClientContext);
  if (client === null) {
    throw new RejoinError('usage/invalid', 'A Rejoin hook was called outside <ChatProvider client={...}>. Wrap the app (or the chat) in one.');
  }
  return client;
}
