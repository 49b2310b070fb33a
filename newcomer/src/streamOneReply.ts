import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export interface StreamedReply {
  /** Every frame the server sent, in order, as parsed JSON. */
  readonly frames: ReadonlyArray<Record<string, unknown>>;
  readonly chunkCount: number;
  /** The reply's text: its chunks joined in seq order. */
  readonly text: string;
  readonly finishReason: unknown;
}

/** An id as docs/protocol.md §2 defines them, with a readable prefix. */
function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/**
 * One whole exchange, spoken from docs/protocol.md alone (§4, §7, §8, §19), as a client in
 * another language would: `hello` with no cursors, `welcome`, `send`, then `ack`, `message_start`
 * and every `chunk` (seq 1, 2, 3… with no gap) until `message_end`. Rejects on an `error` frame, a
 * close, or a frame out of that order, with the frames seen so far.
 */
export interface StreamOptions {
  readonly question?: string;
  /** Called once the reply's first chunk has arrived: the reply is then in progress on the server. */
  readonly onFirstChunk?: () => void;
}

export function streamOneReply(wsUrl: string, options: StreamOptions = {}): Promise<StreamedReply> {
  const question = options.question ?? 'Hello from a newcomer';
  // The default authenticator's format: 16 to 256 characters of [A-Za-z0-9_-].
  const token = randomBytes(24).toString('base64url');
  const conversationId = newId('cv');
  const messageId = newId('us');
  const frames: Array<Record<string, unknown>> = [];
  const chunks: string[] = [];
  let replyId: unknown;

  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    const fail = (why: string): void => {
      socket.terminate();
      reject(new Error(`[rejoin] ${why}. Frames so far:\n${frames.map((frame) => JSON.stringify(frame)).join('\n')}`));
    };
    const sendFrame = (frame: object): void => socket.send(JSON.stringify(frame));
    socket.on('error', (error) => fail(`the WebSocket at ${wsUrl} failed: ${error.message}`));
    socket.on('close', (code) => fail(`the server closed the socket (${code}) before the reply ended`));
    socket.on('open', () => sendFrame({ type: 'hello', v: 1, clientId: newId('cl'), token, cursors: [] }));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      frames.push(frame);
      switch (frame['type']) {
        case 'welcome':
          sendFrame({ type: 'send', conversationId, messageId, text: question });
          return;
        case 'ack':
          if (frame['messageId'] !== messageId || frame['duplicate'] !== false) fail('the ack names another message, or a duplicate');
          return;
        case 'message_start':
          if (frame['replyTo'] !== messageId) return; // not our reply
          replyId = frame['messageId'];
          return;
        case 'chunk':
          if (frame['messageId'] !== replyId) return fail('a chunk came before its message_start');
          if (frame['seq'] !== chunks.length + 1) return fail(`chunk seq ${String(frame['seq'])} after ${chunks.length}`);
          chunks.push(String(frame['text']));
          if (chunks.length === 1) options.onFirstChunk?.();
          return;
        case 'message_end':
          if (frame['messageId'] !== replyId) return;
          if (frame['lastSeq'] !== chunks.length) return fail(`message_end says lastSeq ${String(frame['lastSeq'])}, ${chunks.length} chunks came`);
          socket.removeAllListeners('close');
          socket.close(1000);
          resolve({ frames, chunkCount: chunks.length, text: chunks.join(''), finishReason: frame['finishReason'] });
          return;
        case 'error':
          return fail(`the server answered with an error frame (${String(frame['code'])})`);
        case 'ping':
          sendFrame({ type: 'pong', t: frame['t'] });
          return;
        default:
          return; // pong, conversations: not part of this exchange
      }
    });
  });
}
