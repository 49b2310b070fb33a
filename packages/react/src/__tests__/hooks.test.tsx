import { startTransition, useLayoutEffect, useState, type ReactElement } from 'react';
import { act, render } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { shallowEqual, type ChatClient } from '@rejoin/core';
import { createChatFixture, streamInLongConversation, TOKEN_MS } from '../../../../test-harness/chatFixture.ts';
import { ChatProvider, useChatSelector, useConversation, useMessage } from '../index.ts';
import { describeEachReactMode } from './describeEachReactMode.tsx';

afterEach(() => vi.restoreAllMocks());

describeEachReactMode('@rejoin/react hooks', (mode) => {
  const mount = (client: ChatClient, ui: ReactElement) => render(mode.wrap(<ChatProvider client={client}>{ui}</ChatProvider>));

  it('throws a RejoinError that says to add a ChatProvider when a hook runs outside one', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    function Orphan() {
      useConversation('c1');
      return null;
    }
    expect(() => render(mode.wrap(<Orphan />))).toThrow(/^\[rejoin\] A Rejoin hook was called outside <ChatProvider/);
  });

  it('re-renders a useChatSelector consumer only when compare reports a change', async () => {
    const fixture = createChatFixture();
    const client = fixture.createClient();
    streamInLongConversation(fixture, client, 0);
    const commits = { shallow: 0, identity: 0 };
    const select = (snapshot: ReturnType<ChatClient['getSnapshot']>) => ({ queued: snapshot.context.outbox.length });
    function Shallow() {
      useChatSelector(select, shallowEqual);
      useLayoutEffect(() => void (commits.shallow += 1));
      return null;
    }
    function Identity() {
      useChatSelector(select);
      useLayoutEffect(() => void (commits.identity += 1));
      return null;
    }
    const view = mount(client, <><Shallow /><Identity /></>);
    commits.shallow = commits.identity = 0;
    for (let chunk = 0; chunk < 3; chunk += 1) await act(() => fixture.clock.advance(TOKEN_MS));

    expect(commits).toEqual({ shallow: 0, identity: 3 });
    view.unmount();
    client.dispose();
  });

  it('keeps its result and commands between renders that change nothing it shows', () => {
    const fixture = createChatFixture();
    const client = fixture.createClient();
    const results: ReturnType<typeof useConversation>[] = [];
    function Screen({ label }: { label: string }) {
      const conversation = useConversation('c1');
      useLayoutEffect(() => void results.push(conversation));
      return <p>{label}</p>;
    }
    const view = mount(client, <Screen label="a" />);
    const first = results.at(-1)!;
    view.rerender(mode.wrap(<ChatProvider client={client}><Screen label="b" /></ChatProvider>));
    expect(results.at(-1)).toBe(first);
    view.unmount();
    client.dispose();
  });

  it('starts the connection of a client created with autoConnect false once mounted, exactly once', async () => {
    const fixture = createChatFixture();
    const client = fixture.createClient({ autoConnect: false });
    expect(fixture.server.fake.connections).toHaveLength(0);
    const view = mount(client, <p>chat</p>);
    await act(() => fixture.clock.advance(10));
    expect(fixture.server.fake.connections).toHaveLength(1);
    expect(fixture.server.fake.connections[0]!.sent.filter((frame) => frame.type === 'hello')).toHaveLength(1);
    view.unmount();
    client.dispose();
  });

  it('does not tear: rows bound to one message agree in every commit, even when a chunk lands mid-render', async () => {
    // React's own warning about the store changing during render is expected here: the mutation
    // in render is the point of the test.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fixture = createChatFixture();
    const client = fixture.createClient();
    const { conversationId, streamingId } = streamInLongConversation(fixture, client, 0);
    const committed: [string, string][] = [];
    let mutate = false;
    function Text({ slot, pass }: { slot: string; pass: number }) {
      const message = useMessage(conversationId, streamingId);
      return <span data-slot={slot} data-pass={pass}>{message?.text}</span>;
    }
    function ChunkDuringRender() {
      if (mutate) {
        mutate = false;
        fixture.clock.advance(TOKEN_MS);
      }
      return null;
    }
    function Check() {
      useMessage(conversationId, streamingId);
      useLayoutEffect(() => {
        const text = (slot: string) => document.querySelector(`[data-slot="${slot}"]`)?.textContent ?? '';
        committed.push([text('before'), text('after')]);
      });
      return null;
    }
    let setPass: (pass: number) => void = () => {};
    function Screen() {
      const [pass, set] = useState(0);
      setPass = set;
      return (
        <>
          <Text slot="before" pass={pass} />
          <ChunkDuringRender key={pass} />
          <Text slot="after" pass={pass} />
          <Check key={`check${pass}`} />
        </>
      );
    }
    const view = mount(client, <Screen />);
    const before = committed.at(-1)![0];
    mutate = true;
    await act(() => startTransition(() => setPass(1)));

    expect(committed.filter(([a, b]) => a !== b)).toEqual([]);
    expect(committed.at(-1)![0].length).toBeGreaterThan(before.length);
    view.unmount();
    client.dispose();
  });
});
