import { createSSRApp, defineComponent, h, type App } from 'vue';
import { createChatClient, createMemoryStorage, type ChatClient } from '@rejoin/core';
import { FakeClock, createFakeTransport, type FakeTransport } from '@rejoin/core/testing';
import { createChatFixture, entriesOf, leaveMidStream, NAMESPACE } from '../../../../test-harness/chatFixture.ts';
import { provideChatClient, useConnection, useConversation, useConversationList, useMessage, useMessageIds } from '../index.ts';

/** A browser's storage after a refresh mid-stream: what both the server and the browser restore from. */
export function persistedMidStream() {
  const fixture = createChatFixture();
  const { conversationId, message } = leaveMidStream(fixture);
  return { entries: entriesOf(fixture.storage), conversationId, message };
}

/** A client as an SSR app creates one, on either side: restored from `entries`, not connecting by itself. */
export function createPageClient(entries: Record<string, string>): { client: ChatClient; fake: FakeTransport } {
  const fake = createFakeTransport();
  const client = createChatClient({
    transport: fake.transport,
    namespace: NAMESPACE,
    storage: createMemoryStorage(entries),
    clock: new FakeClock(),
    autoConnect: false,
  });
  return { client, fake };
}

const Row = defineComponent({
  props: { conversationId: { type: String, required: true }, messageId: { type: String, required: true } },
  setup(props) {
    const message = useMessage(() => props.conversationId, () => props.messageId);
    return () => h('li', { 'data-message-id': props.messageId }, message.value?.text);
  },
});

const ChatScreen = defineComponent({
  props: { conversationId: { type: String, required: true } },
  setup(props) {
    const { status, isProcessing } = useConversation(() => props.conversationId);
    const ids = useMessageIds(() => props.conversationId);
    const { state } = useConnection();
    const conversations = useConversationList();
    return () =>
      h('main', [
        h('p', `${state.value} ${status.value} ${isProcessing.value ? 'working' : 'waiting'} ${conversations.value.length}`),
        h('ol', ids.value.map((id) => h(Row, { key: id, conversationId: props.conversationId, messageId: id }))),
      ]);
  },
});

/** The same app on the server and in the browser: a root that provides the client, and the screen. */
export function createChatApp(client: ChatClient, conversationId: string): App {
  return createSSRApp(
    defineComponent({
      setup() {
        provideChatClient(client);
        return () => h(ChatScreen, { conversationId });
      },
    }),
  );
}
