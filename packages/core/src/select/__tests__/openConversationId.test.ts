import { describe, expect, it } from 'vitest';
import { createChatClient } from '../../client/createChatClient.ts';
import { createFakeTransport } from '../../testing/createFakeTransport.ts';
import { selectOpenConversationId } from '../openConversationId.ts';

function createIdleClient() {
  return createChatClient({ transport: createFakeTransport().transport, namespace: 'user-1', storage: null, autoConnect: false });
}

describe('selectOpenConversationId', () => {
  it('is null before any conversation is opened', () => {
    const client = createIdleClient();
    expect(selectOpenConversationId(client.getSnapshot())).toBeNull();
    client.dispose();
  });

  it('follows open() to the conversation opened last', () => {
    const client = createIdleClient();
    client.open('c1');
    expect(selectOpenConversationId(client.getSnapshot())).toBe('c1');
    client.open('c2');
    expect(selectOpenConversationId(client.getSnapshot())).toBe('c2');
    client.dispose();
  });
});
