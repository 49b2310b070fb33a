import { createApp, defineComponent, h, nextTick, ref } from 'vue';
import { describe, expect, it } from 'vitest';
import { createChatFixture } from '../../../../test-harness/chatFixture.ts';
import { provideChatClient, useMessage } from '../index.ts';

describe('@rejoin/vue rows mounted after the app', () => {
  it('render their message on their first render, not the server snapshot first', async () => {
    const fixture = createChatFixture();
    const client = fixture.createClient();
    fixture.clock.advance(10);
    const conversationId = client.newConversation();
    const messageId = client.send('a question asked long before the row is shown');
    fixture.clock.advance(60_000);

    const rendered: string[] = [];
    const Row = defineComponent({
      setup() {
        const message = useMessage(conversationId, messageId);
        return () => {
          rendered.push(message.value?.text ?? '(nothing)');
          return h('p', message.value?.text);
        };
      },
    });
    const shown = ref(false);
    const app = createApp(
      defineComponent({
        setup() {
          provideChatClient(client);
          return () => (shown.value ? h(Row) : null);
        },
      }),
    );
    const container = document.createElement('div');
    app.mount(container);
    await nextTick();

    shown.value = true;
    await nextTick();
    await nextTick();
    expect(rendered).toEqual(['a question asked long before the row is shown']);
    app.unmount();
    client.dispose();
  });
});
