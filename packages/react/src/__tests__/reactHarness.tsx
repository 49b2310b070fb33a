import { useEffect } from 'react';
import { act, render } from '@testing-library/react';
import type { ChatClient } from '@rejoin/core';
import type { ChatAdapterHarness, ChatProbeValues } from '../../../../test-harness/chatAdapterContract.ts';
import {
  ChatProvider,
  useConnection,
  useConversation,
  useConversationList,
  useMessage,
  useMessageIds,
} from '../index.ts';
import type { ReactMode } from './describeEachReactMode.tsx';

/** The contract's reference chat view, built with the React hooks. */
export function createReactHarness(mode: ReactMode): ChatAdapterHarness {
  return {
    name: mode.label,
    async mount(client: ChatClient, initialId: string) {
      const renders = new Map<string, number>();
      const latest: Partial<{ -readonly [K in keyof ChatProbeValues]: ChatProbeValues[K] }> = {};
      // Counted in an effect, so a commit counts once: StrictMode's double render is not a commit.
      const useCommitted = (part: string, record?: () => void): void =>
        useEffect(() => {
          renders.set(part, (renders.get(part) ?? 0) + 1);
          record?.();
        });

      function Row({ conversationId, messageId }: { conversationId: string; messageId: string }) {
        const message = useMessage(conversationId, messageId);
        useCommitted(`row:${messageId}`);
        return <li data-message-id={messageId}>{message?.text}</li>;
      }
      function MessageList({ conversationId }: { conversationId: string }) {
        const ids = useMessageIds(conversationId);
        useCommitted('messageList');
        return <ol>{ids.map((id) => <Row key={id} conversationId={conversationId} messageId={id} />)}</ol>;
      }
      function Conversation({ conversationId }: { conversationId: string }) {
        const conversation = useConversation(conversationId);
        useCommitted('conversation', () => (latest.conversation = conversation));
        return <p>{conversation.status}</p>;
      }
      function Connection() {
        const connection = useConnection();
        useCommitted('connection', () => (latest.connection = connection));
        return <p>{connection.state}</p>;
      }
      function ConversationList() {
        const conversations = useConversationList();
        useCommitted('conversationList', () => (latest.conversations = conversations));
        return <p>{conversations.length}</p>;
      }
      const app = (conversationId: string) =>
        mode.wrap(
          <ChatProvider client={client}>
            <Conversation conversationId={conversationId} />
            <MessageList conversationId={conversationId} />
            <Connection />
            <ConversationList />
          </ChatProvider>,
        );

      const view = render(app(initialId));
      return {
        values: () => latest as ChatProbeValues,
        rows: () =>
          [...view.container.querySelectorAll<HTMLElement>('li[data-message-id]')].map((row) => ({
            id: row.dataset.messageId!,
            text: row.textContent ?? '',
          })),
        renders: () => Object.fromEntries(renders),
        resetRenders: () => renders.clear(),
        act: async (change) => act(change),
        show: async (conversationId) => view.rerender(app(conversationId)),
        unmount: async () => view.unmount(),
      };
    },
  };
}
