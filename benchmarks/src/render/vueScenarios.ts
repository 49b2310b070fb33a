import { createApp, defineComponent, h, nextTick, type PropType } from 'vue';
import type { ChatMessage } from '@rejoin/core';
import { provideChatClient, useConversation, useMessage, useMessageIds } from '@rejoin/vue';
import { check } from '../harness/fail.ts';
import { connectedClient } from '../ingest/connectedClient.ts';
import { createMixedPartsFixture } from '../ingest/mixedPartsFixture.ts';
import { ASSISTANT_MESSAGE_ID, CONVERSATION_ID, createStreamFixture } from '../ingest/streamFixture.ts';
import { devtoolsBeside, withDevtools, type DevtoolsMode } from './devtoolsBeside.ts';
import { RenderCounter, type RenderCounts } from './renderCounter.ts';

type Pattern = 'rows' | 'messages';

/** Renders a 200-message conversation with Vue, streams `chunks` chunks, and counts renders. */
export async function vueRenderCounts(pattern: Pattern, chunks: number, devtools: DevtoolsMode = 'none', stream: 'text' | 'parts' = 'text'): Promise<RenderCounts> {
  const counter = new RenderCounter();
  const connected = connectedClient({ history: 199 });

  const Row = defineComponent({
    props: { id: { type: String, required: true } },
    setup(props) {
      const message = useMessage(CONVERSATION_ID, () => props.id);
      return () => {
        counter.row(props.id);
        return h('p', message.value?.text);
      };
    },
  });
  const RowsList = defineComponent({
    setup() {
      const ids = useMessageIds(CONVERSATION_ID);
      return () => {
        counter.listRender();
        return h('div', ids.value.map((id) => h(Row, { key: id, id })));
      };
    },
  });
  const MessageRow = defineComponent({
    props: { message: { type: Object as PropType<ChatMessage>, required: true } },
    setup(props) {
      return () => {
        counter.row(props.message.id);
        return h('p', props.message.text);
      };
    },
  });
  const MessagesList = defineComponent({
    setup() {
      const { messages } = useConversation(CONVERSATION_ID);
      return () => {
        counter.listRender();
        return h('div', messages.value.map((message) => h(MessageRow, { key: message.id, message })));
      };
    },
  });
  const App = defineComponent({
    setup() {
      provideChatClient(connected.client);
      return () => h(pattern === 'rows' ? RowsList : MessagesList);
    },
  });

  const container = document.createElement('div');
  document.body.appendChild(container);
  const app = createApp(App);
  app.mount(container);
  await nextTick();
  check(container.querySelectorAll('p').length === 200, `Vue rendered ${container.querySelectorAll('p').length} rows, expected 200`);

  const panel = devtoolsBeside(connected.client, connected.clock, devtools);
  const panelRendersBefore = panel.panelRenders();
  // `parts`: a reply whose every fifth chunk is a part event (a source, a tool call, a data part).
  const fixture = stream === 'parts' ? createMixedPartsFixture(chunks) : createStreamFixture(chunks);
  const delivered = fixture.frames.length;
  counter.counting = true;
  for (const frame of fixture.frames) {
    connected.connection.deliver(frame);
    connected.clock.flush();
    await nextTick();
  }
  counter.counting = false;
  const panelRenders = (panel.panelRenders() - panelRendersBefore) / delivered;
  panel.dispose();
  check(container.textContent?.includes(fixture.text) === true, 'the streamed text did not reach the Vue DOM');
  app.unmount();
  container.remove();
  connected.dispose();
  return {
    framework: 'Vue',
    pattern: (stream === 'parts' ? 'text and part chunks, ' : '') + withDevtools({ rows: '`useMessageIds` + `useMessage` rows', messages: '`useConversation().messages`, rows with a `message` prop' }[pattern], devtools),
    chunks: delivered,
    streamingRow: counter.rowsOf(ASSISTANT_MESSAGE_ID) / delivered,
    otherRows: counter.otherRows(ASSISTANT_MESSAGE_ID) / delivered,
    list: counter.list / delivered,
    devtools,
    panelRenders,
  };
}
