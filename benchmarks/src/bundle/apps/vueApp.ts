// A minimal Vue chat on @rejoin/vue: one row per message, only the streaming row re-renders.
import { createChatClient } from '@rejoin/core';
import { provideChatClient, useConnection, useConversation, useMessage, useMessageIds } from '@rejoin/vue';
import { createApp, defineComponent, h } from 'vue';

const client = createChatClient({ url: 'wss://chat.example.com/ws', namespace: 'user-1' });
const conversationId = 'welcome';

const Row = defineComponent({
  props: { id: { type: String, required: true } },
  setup(props) {
    const message = useMessage(conversationId, () => props.id);
    return () => h('p', message.value?.text);
  },
});

const Chat = defineComponent({
  setup() {
    const ids = useMessageIds(conversationId);
    const { send, isProcessing } = useConversation(conversationId);
    const connection = useConnection();
    return () =>
      h('main', [
        h('header', connection.state.value),
        ...ids.value.map((id) => h(Row, { key: id, id })),
        h('button', { disabled: isProcessing.value, onClick: () => send('Hello!') }, 'Send'),
      ]);
  },
});

createApp(
  defineComponent({
    setup() {
      provideChatClient(client);
      return () => h(Chat);
    },
  }),
).mount('#root');
