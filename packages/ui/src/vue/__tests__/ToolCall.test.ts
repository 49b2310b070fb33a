import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { ToolCallState } from '@rejoin/core';
import ToolCall from '../parts/ToolCall.vue';
import { toolCalls } from '../../shared/__tests__/partExamples.ts';

const statusWords: Record<ToolCallState, string> = {
  'input-streaming': 'Preparing…',
  'input-available': 'Running…',
  'approval-requested': 'Needs your approval',
  'approval-responded': 'Approved, running…',
  'output-available': 'Done',
  'output-error': 'Failed',
  'output-denied': 'Denied',
};

describe('ToolCall (Vue)', () => {
  it.each(Object.entries(statusWords))('tells the %s status in words, not colour only', (state, words) => {
    const part = toolCalls[state as ToolCallState];
    const card = mount(ToolCall, { props: { part } }).get('[data-testid="tool-call"]');
    expect(card.attributes('data-state')).toBe(state);
    expect(card.attributes('aria-label')).toBe(`Tool call: ${part.toolName}`);
    expect(card.get('[data-testid="tool-call-status"]').text()).toBe(words);
  });

  it('shows streaming input as it came, and pretty-prints it once parsed', async () => {
    const wrapper = mount(ToolCall, { props: { part: toolCalls['input-streaming'] } });
    expect(wrapper.get('pre').element.textContent).toBe('{"query":"Lisbon wea');
    await wrapper.setProps({ part: toolCalls['input-available'] });
    expect(wrapper.get('pre').element.textContent).toBe('{\n  "query": "Lisbon weather in May",\n  "limit": 3\n}');
  });

  it('shows the output once available, and the error when the call failed', async () => {
    const wrapper = mount(ToolCall, { props: { part: toolCalls['output-available'] } });
    expect(wrapper.text()).toContain('Output');
    expect(wrapper.text()).toContain('"title": "May in Lisbon"');
    await wrapper.setProps({ part: toolCalls['output-error'] });
    expect(wrapper.text()).not.toContain('Output');
    expect(wrapper.get('.rj-tool__error').text()).toBe('Rate limited: try again in a minute');
  });

  it('offers Approve and Deny only while approval is requested, each calling back with the call id', async () => {
    const onApprove = vi.fn();
    const onDeny = vi.fn();
    const wrapper = mount(ToolCall, { props: { part: toolCalls['approval-requested'], onApprove, onDeny } });
    await wrapper.get('button[aria-label="Approve bookHotel"]').trigger('click');
    await wrapper.get('button[aria-label="Deny bookHotel"]').trigger('click');
    expect(onApprove).toHaveBeenCalledExactlyOnceWith('call-2');
    expect(onDeny).toHaveBeenCalledExactlyOnceWith('call-2');
    await wrapper.setProps({ part: toolCalls['approval-responded'] });
    expect(wrapper.findAll('button')).toHaveLength(0);
  });

  it('shows no button a view cannot act on: Approve and Deny each need their handler', async () => {
    const wrapper = mount(ToolCall, { props: { part: toolCalls['approval-requested'] } });
    expect(wrapper.findAll('button')).toHaveLength(0);
    expect(wrapper.get('[data-testid="tool-call-status"]').text()).toBe('Needs your approval');
    await wrapper.setProps({ onDeny: vi.fn() });
    expect(wrapper.findAll('button').map((button) => button.text())).toEqual(['Deny']);
  });

  it('shows the decision once given, with its reason', async () => {
    const wrapper = mount(ToolCall, { props: { part: toolCalls['approval-responded'] } });
    expect(wrapper.get('.rj-tool__decision').text()).toBe('You approved this call.');
    await wrapper.setProps({ part: toolCalls['output-denied'] });
    expect(wrapper.get('.rj-tool__decision').text()).toBe('You denied this call: Too expensive');
  });
});
