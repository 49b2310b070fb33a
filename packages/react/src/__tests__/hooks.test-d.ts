import { describe, expectTypeOf, it } from 'vitest';
import type { ReactNode } from 'react';
import type { ChatClient, ChatMessage, ChatSnapshot, ConnectionState, ConversationListItem, ConversationViewStatus } from '@rejoin/core';
import {
  ChatProvider,
  useChatClient,
  useChatSelector,
  useConnection,
  useConversation,
  useConversationList,
  useMessage,
  useMessageIds,
  type ChatProviderProps,
  type UseConnectionResult,
  type UseConversationResult,
} from '../index.ts';

describe('@rejoin/react types', () => {
  it('ChatProvider takes a client and children', () => {
    expectTypeOf<ChatProviderProps>().toEqualTypeOf<{ readonly client: ChatClient; readonly children?: ReactNode }>();
    expectTypeOf(ChatProvider).parameter(0).toEqualTypeOf<ChatProviderProps>();
  });

  it('useChatClient returns the client', () => {
    expectTypeOf(useChatClient).returns.toEqualTypeOf<ChatClient>();
  });

  it('useChatSelector infers the selected type and types compare by it', () => {
    expectTypeOf(useChatSelector((snapshot) => snapshot.context.outbox.length)).toEqualTypeOf<number>();
    expectTypeOf(useChatSelector).parameter(0).parameter(0).toEqualTypeOf<ChatSnapshot>();
    // @ts-expect-error compare must take two values of the selected type
    useChatSelector((snapshot) => snapshot.context.outbox.length, (a: string, b: string) => a === b);
  });

  it('useConversation takes an id and returns the view and its commands', () => {
    const conversation = useConversation('c1');
    expectTypeOf(conversation).toEqualTypeOf<UseConversationResult>();
    expectTypeOf(conversation.messages).toEqualTypeOf<readonly ChatMessage[]>();
    expectTypeOf(conversation.status).toEqualTypeOf<ConversationViewStatus>();
    expectTypeOf(conversation.isProcessing).toEqualTypeOf<boolean>();
    expectTypeOf(conversation.isPending).toEqualTypeOf<boolean>();
    expectTypeOf(conversation.send).toEqualTypeOf<(text: string) => string>();
    expectTypeOf(conversation.stop).toEqualTypeOf<() => void>();
    expectTypeOf(conversation.approveToolCall).toEqualTypeOf<(messageId: string, toolCallId: string, reason?: string) => void>();
    expectTypeOf(conversation.denyToolCall).toEqualTypeOf<(messageId: string, toolCallId: string, reason?: string) => void>();
    // @ts-expect-error the conversation id is required
    useConversation();
  });

  it('useMessage and useMessageIds select one row and the list of ids', () => {
    expectTypeOf(useMessage('c1', 'm1')).toEqualTypeOf<ChatMessage | undefined>();
    expectTypeOf(useMessageIds('c1')).toEqualTypeOf<readonly string[]>();
  });

  it('useConnection returns the banner fields and retry', () => {
    const connection = useConnection();
    expectTypeOf(connection).toEqualTypeOf<UseConnectionResult>();
    expectTypeOf(connection.state).toEqualTypeOf<ConnectionState>();
    expectTypeOf(connection.attempt).toEqualTypeOf<number>();
    expectTypeOf(connection.nextRetryAt).toEqualTypeOf<number | null>();
    expectTypeOf(connection.queued).toEqualTypeOf<number>();
    expectTypeOf(connection.retry).toEqualTypeOf<() => void>();
  });

  it('useConversationList returns the items with their streaming flag', () => {
    expectTypeOf(useConversationList()).toEqualTypeOf<readonly ConversationListItem[]>();
    expectTypeOf<ConversationListItem['streaming']>().toEqualTypeOf<boolean>();
  });
});
