import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ConversationUnavailable from '../ConversationUnavailable.vue';

describe('ConversationUnavailable (Vue)', () => {
  it('says the conversation is not available and emits back from its button', async () => {
    const wrapper = mount(ConversationUnavailable);
    expect(wrapper.get('[role="alert"]').text()).toContain('This conversation is not available');
    await wrapper.get('[data-testid="conversation-unavailable-back"]').trigger('click');
    expect(wrapper.emitted('back')).toHaveLength(1);
  });
});
