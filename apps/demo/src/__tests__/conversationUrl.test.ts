import { describe, expect, it } from 'vitest';
import { conversationIdFromUrl, urlWithConversation } from '../conversationUrl.ts';
import { webSocketUrlFor } from '../serverUrl.ts';

describe('conversation in the URL', () => {
  it('reads the open conversation from ?c=', () => {
    expect(conversationIdFromUrl('http://127.0.0.1:8787/?c=abc123')).toBe('abc123');
    expect(conversationIdFromUrl('http://127.0.0.1:8787/')).toBeNull();
    expect(conversationIdFromUrl('http://127.0.0.1:8787/?c=')).toBeNull();
  });

  it('writes the conversation and keeps the rest of the URL', () => {
    const url = urlWithConversation('http://127.0.0.1:8787/?debug=1#top', 'xyz');
    expect(conversationIdFromUrl(url)).toBe('xyz');
    expect(new URL(url).searchParams.get('debug')).toBe('1');
    expect(new URL(url).hash).toBe('#top');
  });
});

describe('webSocketUrlFor', () => {
  it('uses the page host, /ws, and wss under https', () => {
    expect(webSocketUrlFor({ protocol: 'http:', host: '127.0.0.1:8787' })).toBe('ws://127.0.0.1:8787/ws');
    expect(webSocketUrlFor({ protocol: 'https:', host: 'chat.example' })).toBe('wss://chat.example/ws');
  });
});
