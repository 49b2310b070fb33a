import { effectScope, isReadonly, isRef, nextTick, ref, watch } from 'vue';
import { describe, expect, it } from 'vitest';
import { shallowEqual } from '@rejoin/core';
import { createChatFixture, streamInLongConversation, TOKEN_MS } from '../../../../test-harness/chatFixture.ts';
import { trackSubscriptions } from '../../../../test-harness/trackSubscriptions.ts';
import { useChatSelector, useConnection, useConversation, useConversationList, useMessage, useMessageIds } from '../index.ts';

/** Two finished conversations on a connected client; the second is open. */
function twoConversations() {
  const fixture = createChatFixture();
  const client = fixture.createClient();
  fixture.clock.advance(10);
  const first = client.newConversation();
  client.send('first question');
  fixture.clock.advance(60_000);
  const second = client.newConversation();
  client.send('second question');
  fixture.clock.advance(60_000);
  return { fixture, client, first, second };
}

describe('@rejoin/vue composables', () => {
  it.each([
    ['a value', (id: string) => id],
    ['a ref', (id: string) => ref(id)],
    ['a getter', (id: string) => () => id],
  ])('takes the conversation id as %s', (_, given) => {
    const { client, first } = twoConversations();
    const scope = effectScope();
    const conversation = scope.run(() => useConversation(given(first), client))!;
    expect(conversation.messages.value.map((m) => m.text)[0]).toBe('first question');
    expect(conversation.status.value).toBe('idle');
    scope.stop();
    client.dispose();
  });

  it('follows a ref to the new conversation, and opens it after the flush', async () => {
    const { fixture, client, first, second } = twoConversations();
    const shown = ref(first);
    const scope = effectScope();
    const conversation = scope.run(() => useConversation(shown, client))!;
    const ids = scope.run(() => useMessageIds(shown, client))!;
    await nextTick();
    expect(client.getSnapshot().context.openConversationId).toBe(first);

    shown.value = second;
    expect(conversation.messages.value.map((m) => m.text)[0]).toBe('second question');
    expect(ids.value).toEqual(conversation.messages.value.map((m) => m.id));
    await nextTick();
    expect(client.getSnapshot().context.openConversationId).toBe(second);
    fixture.clock.advance(10);
    expect(conversation.status.value).toBe('idle');
    scope.stop();
    client.dispose();
  });

  it('returns readonly refs', () => {
    const { client, first } = twoConversations();
    const scope = effectScope();
    const refs = scope.run(() => {
      const { messages, status, isProcessing } = useConversation(first, client);
      const { state, attempt, nextRetryAt, queued, lastError } = useConnection(client);
      return [messages, status, isProcessing, state, attempt, nextRetryAt, queued, lastError, useConversationList(client), useMessageIds(first, client)];
    })!;
    expect(refs.map((r) => [isRef(r), isReadonly(r)])).toEqual(refs.map(() => [true, true]));
    scope.stop();
    client.dispose();
  });

  it('works in a bare effectScope, and stopping the scope unsubscribes every composable', () => {
    const fixture = createChatFixture();
    const tracked = trackSubscriptions(fixture.createClient());
    const { conversationId, streamingId } = streamInLongConversation(fixture, tracked.client, 1);
    const scope = effectScope();
    const bound = scope.run(() => ({
      conversation: useConversation(conversationId, tracked.client),
      row: useMessage(conversationId, streamingId, tracked.client),
      connection: useConnection(tracked.client),
      list: useConversationList(tracked.client),
    }))!;
    expect(tracked.active()).toBe(4);
    const streamed = bound.row.value!.text;
    fixture.clock.advance(TOKEN_MS);
    expect(bound.row.value!.text.length).toBeGreaterThan(streamed.length);

    scope.stop();
    expect(tracked.active()).toBe(0);
    const frozen = bound.row.value!.text;
    fixture.clock.advance(5 * TOKEN_MS);
    expect(bound.row.value!.text).toBe(frozen);
    tracked.client.dispose();
  });

  it('changes a useChatSelector ref only when compare reports a change', () => {
    const fixture = createChatFixture();
    const client = fixture.createClient();
    streamInLongConversation(fixture, client, 0);
    const scope = effectScope();
    const select = (snapshot: ReturnType<typeof client.getSnapshot>) => ({ queued: snapshot.context.outbox.length });
    const changes = { shallow: 0, identity: 0 };
    scope.run(() => {
      watch(useChatSelector(select, shallowEqual, client), () => (changes.shallow += 1), { flush: 'sync' });
      watch(useChatSelector(select, undefined, client), () => (changes.identity += 1), { flush: 'sync' });
    });
    for (let chunk = 0; chunk < 3; chunk += 1) fixture.clock.advance(TOKEN_MS);
    expect(changes).toEqual({ shallow: 0, identity: 3 });
    scope.stop();
    client.dispose();
  });

  it('throws a RejoinError naming provideChatClient when it finds no client', () => {
    const scope = effectScope();
    expect(() => scope.run(() => useConversation('c1'))).toThrow(/^\[rejoin\] A Rejoin composable found no client\. Call provideChatClient/);
    scope.stop();
  });
});
