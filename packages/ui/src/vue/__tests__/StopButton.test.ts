import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import StopButton from '../StopButton.vue';

describe('StopButton (Vue)', () => {
  it('is enabled while processing and emits stop', async () => {
    const wrapper = mount(StopButton, { props: { processing: true } });
    const button = wrapper.get('button');
    expect((button.element as HTMLButtonElement).disabled).toBe(false);
    expect(button.text()).toBe('Stop');
    await button.trigger('click');
    expect(wrapper.emitted('stop')).toHaveLength(1);
  });

  it('is disabled when nothing is processing, and a click does nothing', async () => {
    const wrapper = mount(StopButton, { props: { processing: false } });
    const button = wrapper.get('[data-testid="stop-button"]');
    expect((button.element as HTMLButtonElement).disabled).toBe(true);
    await button.trigger('click');
    expect(wrapper.emitted('stop')).toBeUndefined();
  });
});
