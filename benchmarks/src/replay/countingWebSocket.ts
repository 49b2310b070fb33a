import WebSocket from 'ws';
import type { WebSocketConstructor } from '@rejoin/core';

/** One frame as it arrived: payload size in bytes (UTF-8, WebSocket framing excluded) and what it was. */
export interface ReceivedFrame {
  readonly bytes: number;
  readonly type: string;
  readonly messageId?: string;
  readonly seq?: number;
}

/** What a client's sockets received and sent, in order. */
export interface SocketLog {
  readonly received: ReceivedFrame[];
  readonly sent: unknown[];
}

/** A `ws` WebSocket class for `createChatClient` that logs every frame, for byte counts. */
export function countingWebSocket(log: SocketLog): WebSocketConstructor {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', (data: Buffer, isBinary: boolean) => {
        const frame = isBinary ? { type: 'binary' } : (JSON.parse(data.toString()) as { type: string; messageId?: string; seq?: number });
        log.received.push({
          bytes: data.byteLength,
          type: frame.type,
          ...(frame.messageId === undefined ? {} : { messageId: frame.messageId }),
          ...(frame.seq === undefined ? {} : { seq: frame.seq }),
        });
      });
    }

    override send(data: string): void {
      log.sent.push(JSON.parse(data));
      super.send(data);
    }
  } as unknown as WebSocketConstructor;
}
