import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import ConversationList from '../ConversationList.vue';

const items = [
  { conversationId: 'c1', title: 'Streaming one', streaming: true },
  { conversationId: 'c2', title: 'Quiet one', streaming: false },
];

describe('ConversationList (Vue)', () => {
  it('shows a streaming dot only on conversations whose reply is streaming', () => {
    const wrapper = mount(ConversationList, { props: { items, activeId: null } });
    const [streaming, quiet] = wrapper.findAll('[data-testid="conversation-item"]');
    expect(streaming?.attributes('data-streaming')).toBe('true');
    expect(streaming?.find('.rj-dot').exists()).toBe(true);
    expect(quiet?.attributes('data-streaming')).toBe('false');
    expect(quiet?.find('.rj-dot').exists()).toBe(false);
  });

  it('marks the open conversation as current', () => {
    const wrapper = mount(ConversationList, { props: { items, activeId: 'c2' } });
    const current = wrapper.findAll('[data-testid="conversation-item"]').filter((item) => item.attributes('aria-current') === 'page');
    expect(current.map((item) => item.attributes('data-conversation-id'))).toEqual(['c2']);
  });

  it('emits select with the conversation id', async () => {
    const wrapper = mount(ConversationList, { props: { items, activeId: null } });
    await wrapper.findAll('[data-testid="conversation-item"]')[1]?.trigger('click');
    expect(wrapper.emitted('select')).toEqual([['c2']]);
  });

  it('offers a "New chat" button only when a new handler is given', async () => {
    const onNew = vi.fn();
    const wrapper = mount(ConversationList, { props: { items, activeId: null } });
    expect(wrapper.find('[data-testid="new-conversation"]').exists()).toBe(false);
    await wrapper.setProps({ onNew });
    await wrapper.get('[data-testid="new-conversation"]').trigger('click');
    expect(onNew).toHaveBeenCalledTimes(1);
  });

  it('says so when there are no conversations', () => {
    const wrapper = mount(ConversationList, { props: { items: [], activeId: null } });
    expect(wrapper.get('nav').attributes('aria-label')).toBe('Conversations');
    expect(wrapper.get('nav').text()).toContain('No conversations yet.');
  });
});
