import { act, memo } from 'react';
import { createRoot } from 'react-dom/client';
import type { ChatMessage } from '@rejoin/core';
import { ChatProvider, useConversation, useMessage, useMessageIds } from '@rejoin/react';
import { check } from '../harness/fail.ts';
import { connectedClient } from '../ingest/connectedClient.ts';
import { createMixedPartsFixture } from '../ingest/mixedPartsFixture.ts';
import { ASSISTANT_MESSAGE_ID, CONVERSATION_ID, createStreamFixture } from '../ingest/streamFixture.ts';
import { devtoolsBeside, withDevtools, type DevtoolsMode } from './devtoolsBeside.ts';
import { RenderCounter, type RenderCounts } from './renderCounter.ts';

type Pattern = 'rows' | 'messages' | 'memo';

/** Renders a 200-message conversation with React, streams `chunks` chunks, and counts renders. */
export function reactRenderCounts(pattern: Pattern, chunks: number, devtools: DevtoolsMode = 'none', stream: 'text' | 'parts' = 'text'): RenderCounts {
  const counter = new RenderCounter();
  const connected = connectedClient({ history: 199 });

  function Row({ id }: { readonly id: string }) {
    counter.row(id);
    const message = useMessage(CONVERSATION_ID, id);
    return <p>{message?.text}</p>;
  }
  function RowsList() {
    counter.listRender();
    const ids = useMessageIds(CONVERSATION_ID);
    return <div>{ids.map((id) => <Row key={id} id={id} />)}</div>;
  }
  function MessageRow({ message }: { readonly message: ChatMessage }) {
    counter.row(message.id);
    return <p>{message.text}</p>;
  }
  const MemoRow = memo(MessageRow);
  function MessagesList({ memoized }: { readonly memoized: boolean }) {
    counter.listRender();
    const { messages } = useConversation(CONVERSATION_ID);
    // What an app builds from a `messages` array (as AI SDK's `useChat().messages` gives it too).
    return (
      <div>
        {messages.map((message) =>
          memoized ? <MemoRow key={message.id} message={message} /> : <MessageRow key={message.id} message={message} />,
        )}
      </div>
    );
  }

  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  act(() => {
    root.render(
      <ChatProvider client={connected.client}>
        {pattern === 'rows' ? <RowsList /> : <MessagesList memoized={pattern === 'memo'} />}
      </ChatProvider>,
    );
  });
  check(container.querySelectorAll('p').length === 200, `React rendered ${container.querySelectorAll('p').length} rows, expected 200`);

  const panel = devtoolsBeside(connected.client, connected.clock, devtools);
  const panelRendersBefore = panel.panelRenders();
  // `parts`: a reply whose every fifth chunk is a part event (a source, a tool call, a data part).
  const fixture = stream === 'parts' ? createMixedPartsFixture(chunks) : createStreamFixture(chunks);
  const delivered = fixture.frames.length;
  counter.counting = true;
  for (const frame of fixture.frames) {
    act(() => {
      connected.connection.deliver(frame);
      connected.clock.flush();
    });
  }
  counter.counting = false;
  const panelRenders = (panel.panelRenders() - panelRendersBefore) / delivered;
  panel.dispose();
  check(container.textContent?.includes(fixture.text) === true, 'the streamed text did not reach the React DOM');
  act(() => root.unmount());
  container.remove();
  connected.dispose();
  return {
    framework: 'React',
    pattern: (stream === 'parts' ? 'text and part chunks, ' : '') + withDevtools({ rows: '`useMessageIds` + `useMessage` rows', messages: '`useConversation().messages`, plain rows', memo: '`useConversation().messages`, `React.memo` rows' }[pattern], devtools),
    chunks: delivered,
    streamingRow: counter.rowsOf(ASSISTANT_MESSAGE_ID) / delivered,
    otherRows: counter.otherRows(ASSISTANT_MESSAGE_ID) / delivered,
    list: counter.list / delivered,
    devtools,
    panelRenders,
  };
}
