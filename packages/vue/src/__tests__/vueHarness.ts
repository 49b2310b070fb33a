import { defineComponent, h, nextTick, onMounted, onUpdated, ref } from 'vue';
import { mount } from '@vue/test-utils';
import type { ChatClient } from '@rejoin/core';
import type { ChatAdapterHarness, ChatProbeValues } from '../../../../test-harness/chatAdapterContract.ts';
import {
  provideChatClient,
  useConnection,
  useConversation,
  useConversationList,
  useMessage,
  useMessageIds,
  type UseConnectionReturn,
  type UseConversationReturn,
} from '../index.ts';

const idProps = { conversationId: { type: String, required: true } } as const;

/** The contract's reference chat view, built with the Vue composables. */
export function createVueHarness(): ChatAdapterHarness {
  return {
    name: 'Vue',
    async mount(client: ChatClient, initialId: string) {
      const renders = new Map<string, number>();
      const bump = (part: string) => renders.set(part, (renders.get(part) ?? 0) + 1);
      const useCommitted = (part: string) => {
        onMounted(() => bump(part));
        onUpdated(() => bump(part));
      };
      let conversation: UseConversationReturn | undefined;
      let connection: UseConnectionReturn | undefined;
      let conversations: ReturnType<typeof useConversationList> | undefined;

      const Row = defineComponent({
        props: { ...idProps, messageId: { type: String, required: true } },
        setup(props) {
          const message = useMessage(() => props.conversationId, () => props.messageId);
          useCommitted(`row:${props.messageId}`);
          return () => h('li', { 'data-message-id': props.messageId }, message.value?.text);
        },
      });
      const MessageList = defineComponent({
        props: idProps,
        setup(props) {
          const ids = useMessageIds(() => props.conversationId);
          useCommitted('messageList');
          return () => h('ol', ids.value.map((id) => h(Row, { key: id, conversationId: props.conversationId, messageId: id })));
        },
      });
      const Conversation = defineComponent({
        props: idProps,
        setup(props) {
          const view = (conversation = useConversation(() => props.conversationId));
          useCommitted('conversation');
          return () => h('p', `${view.status.value} ${view.messages.value.length}`);
        },
      });
      const Connection = defineComponent({
        setup() {
          const view = (connection = useConnection());
          useCommitted('connection');
          return () => h('p', view.state.value);
        },
      });
      const ConversationList = defineComponent({
        setup() {
          const list = (conversations = useConversationList());
          useCommitted('conversationList');
          return () => h('p', list.value.length);
        },
      });

      const shown = ref(initialId);
      const App = defineComponent({
        setup() {
          provideChatClient(client);
          return () => [
            h(Conversation, { conversationId: shown.value }),
            h(MessageList, { conversationId: shown.value }),
            h(Connection),
            h(ConversationList),
          ];
        },
      });
      const wrapper = mount(App);
      await nextTick();

      return {
        values: (): ChatProbeValues => ({
          conversation: {
            messages: conversation!.messages.value,
            status: conversation!.status.value,
            isProcessing: conversation!.isProcessing.value,
            isPending: conversation!.isPending.value,
            send: conversation!.send,
            stop: conversation!.stop,
            approveToolCall: conversation!.approveToolCall,
            denyToolCall: conversation!.denyToolCall,
          },
          connection: {
            state: connection!.state.value,
            attempt: connection!.attempt.value,
            nextRetryAt: connection!.nextRetryAt.value,
            queued: connection!.queued.value,
            lastError: connection!.lastError.value,
            retry: connection!.retry,
          },
          conversations: conversations!.value,
        }),
        rows: () =>
          wrapper.findAll('li[data-message-id]').map((row) => ({ id: row.attributes('data-message-id')!, text: row.element.textContent ?? '' })),
        renders: () => Object.fromEntries(renders),
        resetRenders: () => renders.clear(),
        act: async (change) => {
          change();
          await nextTick();
        },
        show: async (conversationId) => {
          shown.value = conversationId;
          await nextTick();
        },
        unmount: async () => wrapper.unmount(),
      };
    },
  };
}
