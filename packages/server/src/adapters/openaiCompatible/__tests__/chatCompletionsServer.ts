import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one request; `body` is the request's parsed JSON. */
export type Reply = (response: ServerResponse, body: ChatRequestBody, request: IncomingMessage) => void | Promise<void>;

export interface ChatRequestBody {
  model: string;
  stream: boolean;
  messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { function: { name: string } }[];
  [field: string]: unknown;
}

/** The recorded fixture's bytes. */
export function fixture(name: string): Promise<Buffer> {
  return readFile(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A 200 event stream that sends the given byte segments, each once its gate opens. */
export function eventStream(...segments: (Buffer | { after: Promise<unknown>; bytes: Buffer })[]): Reply {
  return async (response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const segment of segments) {
      if (Buffer.isBuffer(segment)) {
        response.write(segment);
      } else {
        await segment.after;
        response.write(segment.bytes);
      }
    }
    response.end();
  };
}

/**
 * A local chat completions endpoint on 127.0.0.1 that answers its requests in turn with the
 * given replies, and keeps the request bodies and the Authorization headers it saw.
 */
export async function startChatCompletionsServer(...replies: Reply[]) {
  const bodies: ChatRequestBody[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.url !== '/v1/chat/completions' || request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
    bodies.push(body);
    authorizations.push(request.headers.authorization);
    const reply = replies[bodies.length - 1];
    if (reply === undefined) response.writeHead(500).end('no more replies recorded');
    else await reply(response, body, request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    bodies,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
