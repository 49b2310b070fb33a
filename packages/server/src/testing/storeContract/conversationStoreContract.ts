import type { ConversationStore } from '../../stores/ConversationStore.ts';
import { type ContractInstances, contractCase } from './contractCase.ts';
import type { StoreContractOptions } from './StoreContractBackend.ts';
import { userMessage as user } from './storeFixtures.ts';

/** What a conversation-store case may ask of the store it opens. */
export interface ConversationStoreSettings {
  /** The clock the store reads for `updatedAt`. */
  readonly now?: () => number;
}

export type ConversationStoreContractOptions = StoreContractOptions<ConversationStore, ConversationStoreSettings>;

/**
 * Declares the tests every `ConversationStore` must pass: atomic creation with one owner, an
 * idempotent append per message id (also under a race), history with a limit, message updates,
 * and the owner's conversation list with its title, status and count. Call it at the top level of
 * a test file, once per store implementation.
 *
 * The store must honour the `now` setting it is opened with.
 *
 * @example
 * import { describe, expect, it } from 'vitest';
 * import { describeConversationStoreContract } from '@rejoin/server/testing';
 *
 * describeConversationStoreContract('PostgresConversationStore', {
 *   test: { describe, it, expect },
 *   createBackend: async () => {
 *     const schema = await createTestSchema();
 *     return { open: (settings) => PostgresConversationStore.open(schema, settings), cleanup: () => schema.drop() };
 *   },
 *   sharedAcrossInstances: true,
 * });
 */
export function describeConversationStoreContract(name: string, options: ConversationStoreContractOptions): void {
  const { describe, it, expect } = options.test;
  const run = (body: (instances: ContractInstances<ConversationStore, ConversationStoreSettings>) => Promise<void>) =>
    contractCase(options, body);

  describe(`${name} (ConversationStore contract)`, () => {
    it(
      'creates a conversation once and returns the first owner to a later creator',
      run(async ({ open }) => {
        const store = await open();
        expect(await store.create('c1', 'alice', 5)).toEqual({ conversationId: 'c1', ownerId: 'alice', createdAt: 5, updatedAt: 5 });
        expect(await store.create('c1', 'bob', 6)).toMatchObject({ ownerId: 'alice', createdAt: 5 });
        expect(await store.get('c1')).toMatchObject({ ownerId: 'alice', createdAt: 5 });
        expect(await store.get('missing')).toBeNull();
      }),
    );

    it(
      'lets exactly one of several creators racing on any instance own a conversation',
      run(async ({ open, peer }) => {
        const [a, b] = [await open(), await peer()];
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? a : b).create('contested', `user-${index}`, index)),
        );
        const owners = new Set(results.map((record) => record.ownerId));
        expect(owners.size).toBe(1);
        expect((await a.get('contested'))?.ownerId).toBe([...owners][0]);
      }),
    );

    it(
      'appends a message once per id and reports a resend as a duplicate with the stored index',
      run(async ({ open }) => {
        const store = await open();
        await store.create('c1', 'alice', 0);
        expect(await store.appendMessage('c1', user('m1', 'hello', 10))).toEqual({ index: 0, duplicate: false, message: user('m1', 'hello', 10) });
        expect(await store.appendMessage('c1', user('m2', 'again'))).toMatchObject({ index: 1, duplicate: false });
        const resend = await store.appendMessage('c1', user('m1', 'changed text', 99));
        expect(resend).toEqual({ index: 0, duplicate: true, message: user('m1', 'hello', 10) });
        expect((await store.history('c1')).map((message) => message.id)).toEqual(['m1', 'm2']);
      }),
    );

    it(
      'stores a resend racing on any instance once: one append, one duplicate',
      run(async ({ open, peer }) => {
        const [a, b] = [await open(), await peer()];
        await a.create('c1', 'alice', 0);
        const results = await Promise.all([a.appendMessage('c1', user('m1', 'hi')), b.appendMessage('c1', user('m1', 'hi'))]);
        expect(results.map((result) => result.duplicate).sort()).toEqual([false, true]);
        expect(results.map((result) => result.index)).toEqual([0, 0]);
        expect(await b.history('c1')).toEqual([user('m1', 'hi')]);
      }),
    );

    it(
      'refuses to append to a conversation that does not exist',
      run(async ({ open }) => {
        const store = await open();
        await expect(store.appendMessage('nope', user('m1', 'x'))).rejects.toMatchObject({ code: 'store/invariant' });
      }),
    );

    it(
      'returns the most recent messages, oldest first, with a limit',
      run(async ({ open }) => {
        const store = await open();
        await store.create('c1', 'alice', 0);
        for (const id of ['a', 'b', 'c', 'd']) await store.appendMessage('c1', user(id, id));
        expect((await store.history('c1', { limit: 2 })).map((message) => message.id)).toEqual(['c', 'd']);
        expect((await store.history('c1', { limit: 10 })).map((message) => message.id)).toEqual(['a', 'b', 'c', 'd']);
        expect(await store.history('c1', { limit: 0 })).toEqual([]);
        expect(await store.history('unknown')).toEqual([]);
      }),
    );

    it(
      'updates a message and returns it, leaving a history read before unchanged; an unknown message is null',
      run(async ({ open }) => {
        const store = await open();
        await store.create('c1', 'alice', 0);
        await store.appendMessage('c1', user('m1', 'hi'));
        const before = await store.history('c1');
        expect(await store.updateMessage('c1', 'm1', { replyTo: 'a1' })).toEqual({ ...user('m1', 'hi'), replyTo: 'a1' });
        expect(before[0]).toEqual(user('m1', 'hi'));
        expect(await store.history('c1')).toEqual([{ ...user('m1', 'hi'), replyTo: 'a1' }]);
        expect(await store.updateMessage('c1', 'missing', { text: 'x' })).toBeNull();
        expect(await store.updateMessage('nope', 'm1', { text: 'x' })).toBeNull();
      }),
    );

    it(
      "lists an owner's conversations, most recently updated first, with title, status and count",
      run(async ({ open }) => {
        let now = 100;
        const store = await open({ now: () => now });
        await store.create('older', 'alice', 0);
        await store.appendMessage('older', user('m1', 'First   question\nabout   bread'));
        now = 200;
        await store.create('newer', 'alice', 0);
        await store.appendMessage('newer', user('m2', 'x'.repeat(80)));
        await store.appendMessage('newer', { id: 'a2', role: 'assistant', text: '', status: 'error', createdAt: 1, seq: 0 });
        await store.create('bobs', 'bob', 0);

        const list = await store.listByOwner('alice');
        expect(list.map((summary) => summary.conversationId)).toEqual(['newer', 'older']);
        expect(list[0]).toMatchObject({ status: 'errored', messageCount: 2, updatedAt: 200, title: `${'x'.repeat(59)}…` });
        expect(list[1]).toMatchObject({ status: 'idle', messageCount: 1, title: 'First question about bread' });
      }),
    );

    it(
      'keeps a message\'s parts through append and update, as given',
      run(async ({ open, peer }) => {
        const store = await open();
        await store.create('c1', 'alice', 1);
        const file = { type: 'file', url: 'https://example.com/a.png', mediaType: 'image/png', filename: 'a.png' } as const;
        await store.appendMessage('c1', { ...user('u1', 'Look'), parts: [{ type: 'text', text: 'Look' }, file] });
        await store.appendMessage('c1', { id: 'a1', role: 'assistant', text: '', status: 'streaming', seq: 0, createdAt: 2 });
        const parts = [
          { type: 'reasoning', text: 'Hmm', done: true },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'search', state: 'approval-requested', inputText: '{"q":1}', input: { q: 1 } },
          { type: 'text', text: 'Ok' },
        ] as const;
        await store.updateMessage('c1', 'a1', { text: 'Ok', parts, seq: 3 });
        const history = await (await peer()).history('c1');
        expect(history[0]).toMatchObject({ id: 'u1', parts: [{ type: 'text', text: 'Look' }, file] });
        expect(history[1]).toMatchObject({ id: 'a1', text: 'Ok', seq: 3, status: 'streaming', parts });
      }),
    );
  });
}
