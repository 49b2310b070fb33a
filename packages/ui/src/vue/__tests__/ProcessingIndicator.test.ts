import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ProcessingIndicator from '../ProcessingIndicator.vue';

describe('ProcessingIndicator (Vue)', () => {
  it('says the assistant is responding while processing', () => {
    const indicator = mount(ProcessingIndicator, { props: { processing: true } }).get('[role="status"]');
    expect(indicator.attributes('data-processing')).toBe('true');
    expect(indicator.text()).toContain('Assistant is responding');
  });

  it('stays in the page, empty, when idle', () => {
    const indicator = mount(ProcessingIndicator, { props: { processing: false } }).get('[data-testid="processing-indicator"]');
    expect(indicator.attributes('data-processing')).toBe('false');
    expect(indicator.text()).toBe('');
  });

  it('says a pending message waits for a connection, and never that the assistant is responding', () => {
    const wrapper = mount(ProcessingIndicator, { props: { processing: false, pending: true } });
    expect(wrapper.get('[data-testid="pending-indicator"]').text()).toBe('Waiting for connection, will send when back online');
    expect(wrapper.get('[role="status"]').text()).not.toContain('responding');
  });
});
