import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import Message from '../Message.vue';
import MessageList from '../MessageList.vue';
import type { MessageData } from '../kitData.ts';

const messages: Record<string, MessageData> = {
  u1: { id: 'u1', role: 'user', text: 'Hi', status: 'complete' },
  a1: { id: 'a1', role: 'assistant', text: 'Hello! How', status: 'streaming' },
  u2: { id: 'u2', role: 'user', text: 'Typed offline', status: 'pending' },
  a0: { id: 'a0', role: 'assistant', text: 'Cut short', status: 'stopped' },
};

function mountList(props: { messageIds: readonly string[]; loading?: boolean; empty?: string }, emptySlot?: () => unknown) {
  return mount(MessageList, {
    props,
    slots: {
      message: ({ messageId }: { messageId: string }) => {
        const message = messages[messageId];
        return message === undefined ? null : h(Message, { message });
      },
      ...(emptySlot === undefined ? {} : { empty: emptySlot }),
    },
  });
}

describe('MessageList (Vue)', () => {
  it('renders one row per id, in order, through the message slot', () => {
    const rows = mountList({ messageIds: ['u1', 'a1'] }).findAll('[data-testid="message"]');
    expect(rows.map((row) => row.attributes('data-message-id'))).toEqual(['u1', 'a1']);
    expect(rows.map((row) => row.attributes('data-role'))).toEqual(['user', 'assistant']);
  });

  it('renders the caret only on the streaming message', () => {
    const wrapper = mountList({ messageIds: ['u1', 'a1', 'a0'] });
    const carets = wrapper.findAll('[data-testid="streaming-caret"]');
    expect(carets).toHaveLength(1);
    expect(carets[0]?.element.closest('[data-testid="message"]')?.getAttribute('data-message-id')).toBe('a1');
    expect(wrapper.get('[data-message-id="a1"]').attributes('aria-busy')).toBe('true');
    expect(wrapper.get('[data-message-id="u1"]').attributes('aria-busy')).toBeUndefined();
  });

  it('exposes each message status and notes the ones worth telling', () => {
    const [pending, stopped] = mountList({ messageIds: ['u2', 'a0'] }).findAll('[data-testid="message"]');
    expect(pending?.attributes('data-status')).toBe('pending');
    expect(pending?.text()).toContain('Queued');
    expect(stopped?.attributes('data-status')).toBe('stopped');
    expect(stopped?.text()).toContain('Stopped');
  });

  it('is a polite live log with an accessible name', () => {
    const list = mountList({ messageIds: [] }).get('[role="log"]');
    expect(list.attributes('aria-label')).toBe('Messages');
    expect(list.attributes('aria-live')).toBe('polite');
  });

  it('shows a loading placeholder, then the empty state, which a slot can replace', async () => {
    const wrapper = mountList({ messageIds: [], loading: true });
    expect(wrapper.get('[data-testid="message-list"]').text()).toContain('Loading conversation…');
    await wrapper.setProps({ loading: false, empty: 'Nothing here' });
    expect(wrapper.get('[data-testid="message-list"]').text()).toContain('Nothing here');
    const slotted = mountList({ messageIds: [] }, () => h('strong', 'Ask anything.'));
    expect(slotted.get('.rj-message-list__placeholder strong').text()).toBe('Ask anything.');
  });
});
