import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import ConnectionBanner from '../ConnectionBanner.vue';

const NOW = 1_700_000_000_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

const banner = (wrapper: ReturnType<typeof mount>) => wrapper.get('[data-testid="connection-banner"]');

describe('ConnectionBanner (Vue)', () => {
  it('is empty while connected, with its state still readable', () => {
    const wrapper = mount(ConnectionBanner, { props: { state: 'connected' } });
    expect(banner(wrapper).attributes('data-state')).toBe('online');
    expect(banner(wrapper).text()).toBe('');
  });

  it('shows connecting without a retry button', () => {
    const wrapper = mount(ConnectionBanner, { props: { state: 'connecting' } });
    expect(banner(wrapper).attributes('data-state')).toBe('connecting');
    expect(wrapper.find('[data-testid="retry-button"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="retry-countdown"]').exists()).toBe(false);
  });

  it('counts down to the next attempt, second by second', async () => {
    const wrapper = mount(ConnectionBanner, { props: { state: 'disconnected', attempt: 1, nextRetryAt: NOW + 3_000 } });
    expect(banner(wrapper).attributes('data-state')).toBe('retrying');
    expect(wrapper.get('[data-testid="retry-countdown"]').text()).toContain('Retrying in 3 s');
    vi.advanceTimersByTime(1_000);
    await nextTick();
    expect(wrapper.get('[data-testid="retry-countdown"]').text()).toContain('Retrying in 2 s');
    vi.advanceTimersByTime(2_000);
    await nextTick();
    expect(wrapper.get('[data-testid="retry-countdown"]').text()).toContain('Retrying…');
  });

  it('emits retry when the retry button is pressed', async () => {
    const wrapper = mount(ConnectionBanner, { props: { state: 'disconnected', nextRetryAt: NOW + 3_000 } });
    await wrapper.get('[data-testid="retry-button"]').trigger('click');
    expect(wrapper.emitted('retry')).toHaveLength(1);
  });

  it('shows offline without a countdown when the browser has no network', () => {
    const wrapper = mount(ConnectionBanner, { props: { state: 'disconnected', nextRetryAt: NOW + 3_000, online: false } });
    expect(banner(wrapper).attributes('data-state')).toBe('offline');
    expect(wrapper.find('[data-testid="retry-countdown"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="retry-button"]').exists()).toBe(true);
  });

  it('shows failed with a retry button', () => {
    const wrapper = mount(ConnectionBanner, { props: { state: 'failed', attempt: 10 } });
    expect(banner(wrapper).attributes('data-state')).toBe('failed');
    expect(wrapper.get('[data-testid="retry-button"]').element.tagName).toBe('BUTTON');
  });

  it('tells how many messages wait to be sent', () => {
    const wrapper = mount(ConnectionBanner, { props: { state: 'disconnected', nextRetryAt: NOW + 3_000, queued: 2 } });
    expect(banner(wrapper).text()).toContain('2 messages will be sent when you reconnect.');
  });
});
