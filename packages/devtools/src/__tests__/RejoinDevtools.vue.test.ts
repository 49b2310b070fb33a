import { defineComponent, h, shallowRef } from 'vue';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ChatClient } from '@rejoin/core';
import { RejoinDevtools } from '../vue/RejoinDevtools.ts';
import { TOKEN, USER_TEXT, click, connectedClient, litStates, panelRoot, sectionText } from './devtoolsHarness.ts';

const hostOf = (element: Element): Element => element.querySelector('[data-rejoin-devtools]') ?? element;

describe('<RejoinDevtools :client="client" /> in Vue', () => {
  it('shows the live client, hides secrets, and acts on it', () => {
    const setup = connectedClient();
    const wrapper = mount(RejoinDevtools, { props: { client: setup.client, options: { clock: setup.clock, initialOpen: true } }, attachTo: document.body });
    const root = panelRoot(hostOf(wrapper.element));
    expect(litStates(root)).toContain('connected.ready.idle');
    setup.client.send(USER_TEXT);
    setup.clock.advance(300);
    expect(sectionText(root, 'frames')).toContain('send');
    expect(root.textContent).not.toContain(USER_TEXT);
    expect(root.textContent).not.toContain(TOKEN);
    click(root, 'drop');
    expect(setup.client.getSnapshot().matches('disconnected')).toBe(true);
    expect(litStates(root)).toContain('disconnected');
    wrapper.unmount();
  });

  it('stops listening when unmounted', () => {
    const setup = connectedClient();
    const wrapper = mount(RejoinDevtools, { props: { client: setup.client, options: { clock: setup.clock, initialOpen: true } } });
    const root = panelRoot(hostOf(wrapper.element));
    wrapper.unmount();
    setup.client.devtools.dropConnection();
    expect(root.querySelectorAll('.rj-node')).toHaveLength(0);
  });

  it("leaves the app's render count unchanged, closed or open", async () => {
    const measure = async (devtools: 'none' | 'closed' | 'open'): Promise<number> => {
      const setup = connectedClient({ tokensPerSecond: 100 });
      let renders = 0;
      const App = defineComponent({
        setup() {
          const snapshot = shallowRef(setup.client.getSnapshot());
          const stop = setup.client.subscribe(() => (snapshot.value = setup.client.getSnapshot()));
          return { snapshot, stop };
        },
        unmounted() {
          this.stop();
        },
        render() {
          renders += 1;
          return h('p', String(this.snapshot.value === undefined));
        },
      });
      const client: ChatClient = setup.client;
      const wrapper = mount(
        defineComponent({
          render: () => [
            h(App),
            devtools === 'none' ? null : h(RejoinDevtools, { client, options: { clock: setup.clock, initialOpen: devtools === 'open' } }),
          ],
        }),
      );
      setup.client.send('stream a reply');
      for (let step = 0; step < 100; step += 1) {
        setup.clock.advance(30);
        await wrapper.vm.$nextTick();
      }
      wrapper.unmount();
      return renders;
    };
    const without = await measure('none');
    expect(without).toBeGreaterThan(5);
    expect(await measure('closed')).toBe(without);
    expect(await measure('open')).toBe(without);
  });
});
