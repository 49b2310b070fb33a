import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import Reasoning from '../parts/Reasoning.vue';
import { reasoningDone, reasoningStreaming } from '../../shared/__tests__/partExamples.ts';

describe('Reasoning (Vue)', () => {
  it('is an open disclosure while it streams, saying it is thinking', () => {
    const wrapper = mount(Reasoning, { props: { part: reasoningStreaming } });
    const toggle = wrapper.get('button');
    expect(toggle.text()).toBe('Thinking…');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(toggle.attributes('aria-controls')).toBe(wrapper.get('.rj-reasoning__text').attributes('id'));
    expect(wrapper.get('.rj-reasoning__text').attributes('hidden')).toBeUndefined();
  });

  it('folds when the reasoning ends, and the reader can open it again', async () => {
    const wrapper = mount(Reasoning, { props: { part: reasoningStreaming } });
    await wrapper.setProps({ part: reasoningDone });
    expect(wrapper.get('button').attributes('aria-expanded')).toBe('false');
    expect(wrapper.get('.rj-reasoning__text').attributes('hidden')).toBe('');
    await wrapper.get('button').trigger('click');
    expect(wrapper.get('button').attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('.rj-reasoning__text').text()).toBe(reasoningDone.text);
  });

  it('says how long it thought when the times are known, and just "Thought" otherwise', async () => {
    const wrapper = mount(Reasoning, { props: { part: reasoningDone, startedAt: 1_000, endedAt: 3_600 } });
    expect(wrapper.get('button').text()).toBe('Thought for 3 s');
    await wrapper.setProps({ startedAt: undefined, endedAt: undefined });
    expect(wrapper.get('button').text()).toBe('Thought');
  });

  it('starts open when asked to', () => {
    const wrapper = mount(Reasoning, { props: { part: reasoningDone, defaultExpanded: true } });
    expect(wrapper.get('button').attributes('aria-expanded')).toBe('true');
  });
});
