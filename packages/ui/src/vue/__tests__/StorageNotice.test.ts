import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import StorageNotice from '../StorageNotice.vue';

describe('StorageNotice (Vue)', () => {
  it('tells of a storage problem until dismissed, and again for a new one', async () => {
    const first = { code: 'storage/version' };
    const wrapper = mount(StorageNotice, { props: { error: first } });
    expect(wrapper.get('[data-testid="storage-notice"]').attributes('data-problem')).toBe('corrupt');
    await wrapper.get('[data-testid="storage-notice-dismiss"]').trigger('click');
    expect(wrapper.find('[data-testid="storage-notice"]').exists()).toBe(false);
    await wrapper.setProps({ error: { code: 'storage/unavailable' } });
    expect(wrapper.get('[data-testid="storage-notice"]').attributes('data-problem')).toBe('unavailable');
  });
});
