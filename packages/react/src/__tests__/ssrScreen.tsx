import { createChatClient, createMemoryStorage, type ChatClient } from '@rejoin/core';
import { FakeClock, createFakeTransport, type FakeTransport } from '@rejoin/core/testing';
import { createChatFixture, entriesOf, leaveMidStream, NAMESPACE } from '../../../../test-harness/chatFixture.ts';
import { useConnection, useConversation, useConversationList, useMessage, useMessageIds } from '../index.ts';

/** A browser's storage after a refresh mid-stream: what both the server and the browser restore from. */
export function persistedMidStream() {
  const fixture = createChatFixture();
  const { conversationId, message } = leaveMidStream(fixture);
  return { entries: entriesOf(fixture.storage), conversationId, message };
}

/** A client as an SSR app creates one, on either side: restored from `entries`, not connecting by itself. */
export function createPageClient(entries: Record<string, string>): { client: ChatClient; fake: FakeTransport } {
  const fake = createFakeTransport();
  const client = createChatClient({
    transport: fake.transport,
    namespace: NAMESPACE,
    storage: createMemoryStorage(entries),
    clock: new FakeClock(),
    autoConnect: false,
  });
  return { client, fake };
}

function Row({ conversationId, messageId }: { conversationId: string; messageId: string }) {
  const message = useMessage(conversationId, messageId);
  return <li data-message-id={messageId}>{message?.text}</li>;
}

/** A chat screen using every hook. */
export function ChatScreen({ conversationId }: { conversationId: string }) {
  const { status, isProcessing } = useConversation(conversationId);
  const ids = useMessageIds(conversationId);
  const connection = useConnection();
  const conversations = useConversationList();
  return (
    <main>
      <p>{`${connection.state} ${status} ${isProcessing ? 'working' : 'waiting'} ${conversations.length}`}</p>
      <ol>{ids.map((id) => <Row key={id} conversationId={conversationId} messageId={id} />)}</ol>
    </main>
  );
}
