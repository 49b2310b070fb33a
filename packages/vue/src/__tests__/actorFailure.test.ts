import { createApp, defineComponent, h, nextTick, onErrorCaptured, ref } from 'vue';
import { describe, expect, it, vi } from 'vitest';
import { createChatFixture } from '../../../../test-harness/chatFixture.ts';
import { provideChatClient, useConnection } from '../index.ts';

describe('@rejoin/vue when the client actor fails', () => {
  it('hands the failure to the nearest onErrorCaptured, instead of showing the last good state', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fixture = createChatFixture();
    const client = fixture.createClient();
    const Banner = defineComponent({
      setup() {
        const { state } = useConnection();
        return () => h('p', state.value);
      },
    });
    const caught = ref<unknown>(null);
    const app = createApp(
      defineComponent({
        setup() {
          provideChatClient(client);
          onErrorCaptured((error) => {
            caught.value = error;
            return false;
          });
          return () => (caught.value === null ? h(Banner) : h('p', 'caught'));
        },
      }),
    );
    const container = document.createElement('div');
    app.mount(container);
    fixture.clock.advance(10);
    await nextTick();
    expect(container.textContent).toBe('connected');

    // A malformed event through the public `actor` makes an action throw: the actor fails.
    client.actor.send({ type: 'SEND', conversationId: 'c1', messageId: 'm1', text: undefined as unknown as string, at: 0 });
    await nextTick();
    await nextTick();
    expect(client.getSnapshot().status).toBe('error');
    expect(caught.value).toBe(client.getSnapshot().error);
    expect(container.textContent).toBe('caught');
    app.unmount();
    client.dispose();
    consoleError.mockRestore();
  });
});
