import { describe, expectTypeOf, it } from 'vitest';
import { ref, type Ref } from 'vue';
import type { ChatClient, ChatMessage, ChatSnapshot, MessagePart, ConnectionState, ConversationListItem, ConversationViewStatus, RejoinError } from '@rejoin/core';
import {
  provideChatClient,
  useChatClient,
  useChatSelector,
  useConnection,
  useConversation,
  useConversationList,
  useMessage,
  useMessageIds,
  type UseConnectionReturn,
  type UseConversationReturn,
} from '../index.ts';

declare const client: ChatClient;

describe('@rejoin/vue types', () => {
  it('provideChatClient takes a client; useChatClient returns one, optionally given', () => {
    expectTypeOf(provideChatClient).parameters.toEqualTypeOf<[client: ChatClient]>();
    expectTypeOf(useChatClient).toBeCallableWith();
    expectTypeOf(useChatClient).toBeCallableWith(client);
    expectTypeOf(useChatClient()).toEqualTypeOf<ChatClient>();
  });

  it('useChatSelector infers a readonly ref of the selected type', () => {
    const queued = useChatSelector((snapshot) => snapshot.context.outbox.length);
    expectTypeOf(queued).toEqualTypeOf<Readonly<Ref<number>>>();
    expectTypeOf(useChatSelector).parameter(0).parameter(0).toEqualTypeOf<ChatSnapshot>();
    // @ts-expect-error the ref is readonly
    queued.value = 1;
    // @ts-expect-error compare must take two values of the selected type
    useChatSelector((snapshot) => snapshot.context.outbox.length, (a: string, b: string) => a === b);
  });

  it('useConversation takes a value, a ref or a getter, and returns readonly refs and commands', () => {
    expectTypeOf(useConversation('c1')).toEqualTypeOf<UseConversationReturn>();
    expectTypeOf(useConversation(ref('c1'))).toEqualTypeOf<UseConversationReturn>();
    expectTypeOf(useConversation(() => 'c1', client)).toEqualTypeOf<UseConversationReturn>();
    const conversation = useConversation('c1');
    expectTypeOf(conversation.messages).toEqualTypeOf<Readonly<Ref<readonly ChatMessage[]>>>();
    expectTypeOf(conversation.status).toEqualTypeOf<Readonly<Ref<ConversationViewStatus>>>();
    expectTypeOf(conversation.isProcessing).toEqualTypeOf<Readonly<Ref<boolean>>>();
    expectTypeOf(conversation.isPending).toEqualTypeOf<Readonly<Ref<boolean>>>();
    expectTypeOf(conversation.send).toEqualTypeOf<(text: string) => string>();
    expectTypeOf(conversation.stop).toEqualTypeOf<() => void>();
    expectTypeOf(conversation.approveToolCall).toEqualTypeOf<(messageId: string, toolCallId: string, reason?: string) => void>();
    expectTypeOf(conversation.denyToolCall).toEqualTypeOf<(messageId: string, toolCallId: string, reason?: string) => void>();
    // @ts-expect-error the refs are readonly
    conversation.status.value = 'idle';
    // @ts-expect-error the id is a string, or a ref or getter of one
    useConversation(ref(1));
  });

  it('useMessage and useMessageIds take ids as values, refs or getters', () => {
    expectTypeOf(useMessage('c1', 'm1').value?.parts).toEqualTypeOf<readonly MessagePart[] | undefined>();
    expectTypeOf(useMessage('c1', ref('m1'))).toEqualTypeOf<Readonly<Ref<ChatMessage | undefined>>>();
    expectTypeOf(useMessageIds(() => 'c1')).toEqualTypeOf<Readonly<Ref<readonly string[]>>>();
  });

  it('useConnection returns one readonly ref per field, and retry', () => {
    const connection = useConnection();
    expectTypeOf(connection).toEqualTypeOf<UseConnectionReturn>();
    expectTypeOf(connection.state).toEqualTypeOf<Readonly<Ref<ConnectionState>>>();
    expectTypeOf(connection.attempt).toEqualTypeOf<Readonly<Ref<number>>>();
    expectTypeOf(connection.nextRetryAt).toEqualTypeOf<Readonly<Ref<number | null>>>();
    expectTypeOf(connection.queued).toEqualTypeOf<Readonly<Ref<number>>>();
    expectTypeOf(connection.lastError).toEqualTypeOf<Readonly<Ref<RejoinError | null>>>();
    expectTypeOf(connection.retry).toEqualTypeOf<() => void>();
  });

  it('useConversationList returns a readonly ref of the items', () => {
    expectTypeOf(useConversationList()).toEqualTypeOf<Readonly<Ref<readonly ConversationListItem[]>>>();
  });
});
