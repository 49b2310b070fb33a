import { systemClock } from '@rejoin/core';
import { createFakeServer, type FakeServer } from '@rejoin/core/testing';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ServedFake {
  readonly url: string;
  readonly fake: FakeServer;
  readonly close: () => Promise<void>;
}

/**
 * Puts core's fake server behind a real WebSocket, on the system clock, so the conformance suite
 * talks to it exactly as to any server. Each socket becomes one connection of the fake's
 * transport; text goes through unchanged both ways. The fake trusts its client (it parses frames
 * with JSON.parse and does not validate them), so a frame it cannot parse is dropped here.
 */
/** The prompt the fake answers with parts and an approval pause (conformance option `approvalPrompt`). */
export const APPROVAL_PROMPT = 'Pay 5 euros (approval needed).';

export async function serveFakeServer(): Promise<ServedFake> {
  const fake = createFakeServer({
    clock: systemClock,
    tokensPerSecond: 120,
    reply: (userText) =>
      userText === APPROVAL_PROMPT
        ? [
            { kind: 'reasoning-delta', delta: 'The user wants a payment.' },
            'I will pay ',
            'that now.',
            { kind: 'tool-input-available', toolCallId: 'call_pay', toolName: 'pay', input: { eur: 5 } },
            {
              awaitApproval: 'call_pay',
              ifApproved: [{ kind: 'tool-output', toolCallId: 'call_pay', output: { ok: true } }, 'Paid.'],
              ifDenied: ['Not paid.'],
            },
            { kind: 'source', sourceId: 'receipt', url: 'https://example.com/receipt' },
            ' Done.',
          ]
        : `You said "${userText.slice(0, 40)}". Here is a reply long enough to act on while it streams: a refresh, a dropped socket or a stop can land between any two of its tokens.`,
  });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket: WebSocket) => {
    const connection = fake.transport.connect({
      onOpen: () => undefined,
      onMessage: (data) => socket.send(String(data)),
      onClose: (code) => socket.close(code >= 1000 && code !== 1005 && code !== 1006 ? code : 1000),
    });
    // Open at once (the fake would accept on its next timer tick, after a hello could arrive).
    fake.fake.connections.at(-1)?.accept();
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      try {
        connection.send(data.toString());
      } catch {
        // Not JSON: the fake has no validator to answer it.
      }
    });
    socket.on('close', () => connection.close(1000));
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    fake,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
