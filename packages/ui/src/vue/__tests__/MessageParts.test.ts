import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { h } from 'vue';
import type { DataPart } from '@rejoin/core';
import Message from '../Message.vue';
import MessageParts from '../parts/MessageParts.vue';
import {
  imageFile,
  namedFile,
  researchReply,
  sourceWithoutTitle,
  sourceWithTitle,
  toolCalls,
  unknownData,
  weatherData,
} from '../../shared/__tests__/partExamples.ts';

const WeatherCard = ({ part }: { part: DataPart }) => h('p', { 'data-testid': 'weather' }, `High ${(part.data as { high: number }).high}`);

describe('MessageParts (Vue)', () => {
  it('renders a research reply in order, text through the message text', () => {
    const wrapper = mount(MessageParts, { props: { parts: researchReply } });
    const kinds = [...wrapper.get('[data-testid="message-parts"]').element.children].map((child) => child.getAttribute('data-testid') ?? child.className);
    expect(kinds).toEqual(['reasoning', 'tool-call', 'source', 'source', 'rj-message__text', 'file', 'data-part']);
  });

  it('links sources by title or host, and files by name or the last URL segment with their type', () => {
    const wrapper = mount(MessageParts, { props: { parts: [sourceWithTitle, sourceWithoutTitle, imageFile, namedFile] } });
    const [titled, untitled] = wrapper.findAll('[data-testid="source"]');
    expect(titled?.attributes('href')).toBe(sourceWithTitle.url);
    expect(titled?.element.textContent).toBe('Visit Lisboa: weather (opens in a new tab)');
    expect(untitled?.text()).toContain('en.wikipedia.org');
    const [image, pdf] = wrapper.findAll('[data-testid="file"]');
    expect(image?.element.textContent).toBe('alfama map.pngimage/png');
    expect(image?.get('img').attributes('src')).toBe(imageFile.url);
    expect(pdf?.element.textContent).toBe('itinerary.pdfapplication/pdf');
    expect(pdf?.find('img').exists()).toBe(false);
  });

  it('renders a data part through the app renderer for its name, and unknown names as JSON', () => {
    const wrapper = mount(MessageParts, { props: { parts: [weatherData, unknownData], dataRenderers: { weather: WeatherCard } } });
    expect(wrapper.get('[data-testid="weather"]').text()).toBe('High 22');
    const fallback = wrapper.get('[data-name="mystery"]');
    expect(fallback.element.textContent).toBe('mystery{\n  "answer": 42\n}');
  });

  it('does not take a name inherited from Object for a renderer', () => {
    const wrapper = mount(MessageParts, { props: { parts: [{ type: 'data', name: 'constructor', data: [1] }], dataRenderers: {} } });
    expect(wrapper.get('[data-testid="data-part"]').element.textContent).toBe('constructor[\n  1\n]');
  });

  it('passes approve and deny to the tool call cards', async () => {
    const onApproveToolCall = vi.fn();
    const onDenyToolCall = vi.fn();
    const wrapper = mount(MessageParts, { props: { parts: [toolCalls['approval-requested']], onApproveToolCall, onDenyToolCall } });
    await wrapper.get('button[aria-label="Approve bookHotel"]').trigger('click');
    await wrapper.get('button[aria-label="Deny bookHotel"]').trigger('click');
    expect(onApproveToolCall).toHaveBeenCalledWith('call-2');
    expect(onDenyToolCall).toHaveBeenCalledWith('call-2');
  });

  it('re-renders only the part a chunk changed', async () => {
    const rendered = vi.fn(WeatherCard);
    const wrapper = mount(MessageParts, { props: { parts: [toolCalls['input-streaming'], weatherData], dataRenderers: { weather: rendered } } });
    await wrapper.setProps({ parts: [toolCalls['input-available'], weatherData] });
    expect(wrapper.get('[data-testid="tool-call"]').attributes('data-state')).toBe('input-available');
    expect(rendered).toHaveBeenCalledTimes(1);
  });
});

describe('Message with parts (Vue)', () => {
  it('keeps the plain bubble for text only, and renders the parts when there is more than text', async () => {
    const wrapper = mount(Message, {
      props: { message: { id: 'a1', role: 'assistant', text: 'Hello', status: 'complete', parts: [{ type: 'text', text: 'Hello' }] } },
    });
    expect(wrapper.find('[data-testid="message-parts"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Hello');
    const onApproveToolCall = vi.fn();
    await wrapper.setProps({
      message: { id: 'a1', role: 'assistant', text: '', status: 'streaming', parts: [toolCalls['approval-requested']] },
      onApproveToolCall,
    });
    expect(wrapper.find('[data-testid="message-parts"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="streaming-caret"]').exists()).toBe(true);
    await wrapper.get('button[aria-label="Approve bookHotel"]').trigger('click');
    expect(onApproveToolCall).toHaveBeenCalledWith('call-2');
  });
});
