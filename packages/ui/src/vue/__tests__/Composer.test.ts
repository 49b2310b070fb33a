import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import Composer from '../Composer.vue';

describe('Composer (Vue)', () => {
  it('sends the trimmed text with the send button and clears itself', async () => {
    const wrapper = mount(Composer);
    const input = wrapper.get('[data-testid="composer-input"]');
    await input.setValue('  hello there ');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('send')).toEqual([['hello there']]);
    expect((input.element as HTMLTextAreaElement).value).toBe('');
  });

  it('sends on Enter and keeps Shift+Enter for a new line', async () => {
    const wrapper = mount(Composer);
    const input = wrapper.get('[data-testid="composer-input"]');
    await input.setValue('first line');
    await input.trigger('keydown', { key: 'Enter', shiftKey: true });
    expect(wrapper.emitted('send')).toBeUndefined();
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toEqual([['first line']]);
  });

  it('does not send a blank message', async () => {
    const wrapper = mount(Composer);
    const input = wrapper.get('[data-testid="composer-input"]');
    await input.setValue('   ');
    expect((wrapper.get('[data-testid="composer-send"]').element as HTMLButtonElement).disabled).toBe(true);
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toBeUndefined();
  });

  it('is labelled for assistive technology', () => {
    const wrapper = mount(Composer, { props: { label: 'Your message' }, attachTo: document.body });
    const input = wrapper.get('[data-testid="composer-input"]').element;
    const label = wrapper.get('label').element as HTMLLabelElement;
    expect(label.textContent).toBe('Your message');
    expect(label.htmlFor).toBe(input.id);
    expect(wrapper.get('[data-testid="composer-send"]').attributes('aria-label')).toBe('Send');
    wrapper.unmount();
  });

  it('shows each queued message as pending', () => {
    const wrapper = mount(Composer, {
      props: {
        pending: [
          { id: 'm1', text: 'sent while offline' },
          { id: 'm2', text: 'and another' },
        ],
      },
    });
    const pending = wrapper.findAll('[data-testid="pending-message"]');
    expect(pending.map((item) => item.attributes('data-message-id'))).toEqual(['m1', 'm2']);
    expect(pending[0]?.text()).toContain('sent while offline');
    expect(pending[0]?.text()).toContain('Queued');
  });

  it('shows no pending list when nothing is queued, and puts extra actions beside Send', () => {
    const wrapper = mount(Composer, { slots: { actions: () => h('button', { type: 'button', 'data-testid': 'extra' }, 'Extra') } });
    expect(wrapper.find('[data-testid="pending-message"]').exists()).toBe(false);
    expect(wrapper.get('.rj-composer__actions').element.firstElementChild?.getAttribute('data-testid')).toBe('extra');
  });
});
