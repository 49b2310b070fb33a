/**
 * Valid frames of every type, with and without their optional fields. Keyed by type so the
 * compiler rejects this file when a frame type is added without an example.
 */
import type { ClientFrame, ServerFrame } from '../frames.ts';

type ExamplesByType<F extends { type: string }> = { readonly [T in F['type']]: readonly Extract<F, { type: T }>[] };

const cursor = { conversationId: 'cv_3kTMd9Q2', messageId: 'as_0Ztp6Q7s', lastSeq: 3 } as const;

export const clientFramesByType: ExamplesByType<ClientFrame> = {
  hello: [
    { type: 'hello', v: 1, clientId: 'cl_V1StGXR8Z5jdHi6B', cursors: [] },
    { type: 'hello', v: 1, clientId: 'cl_V1StGXR8Z5jdHi6B', token: 'secret.token', cursors: [cursor, { ...cursor, lastSeq: 0 }] },
  ],
  load: [
    { type: 'load', conversationId: 'cv_3kTMd9Q2' },
    { type: 'load', conversationId: 'cv_3kTMd9Q2', limit: 50 },
  ],
  list: [{ type: 'list' }],
  send: [
    { type: 'send', conversationId: 'cv_3kTMd9Q2', messageId: 'us_1bQ7pYt2', text: 'What is a monad?' },
    { type: 'send', conversationId: 'cv_3kTMd9Q2', messageId: 'us_1bQ7pYt3', text: '' },
    {
      type: 'send',
      conversationId: 'cv_3kTMd9Q2',
      messageId: 'us_1bQ7pYt4',
      text: 'What is in this picture?',
      files: [{ url: 'https://files.example/cat.png', mediaType: 'image/png', filename: 'cat.png' }],
    },
  ],
  approve: [
    { type: 'approve', conversationId: 'cv_3kTMd9Q2', messageId: 'as_0Ztp6Q7s', toolCallId: 'call_1', approved: true },
    { type: 'approve', conversationId: 'cv_3kTMd9Q2', messageId: 'as_0Ztp6Q7s', toolCallId: 'call_2', approved: false, reason: 'Not that account' },
  ],
  subscribe: [{ type: 'subscribe', conversationId: 'cv_3kTMd9Q2', messageId: 'as_0Ztp6Q7s', lastSeq: 0 }],
  unsubscribe: [{ type: 'unsubscribe', conversationId: 'cv_3kTMd9Q2' }],
  stop: [
    { type: 'stop', conversationId: 'cv_3kTMd9Q2' },
    { type: 'stop', conversationId: 'cv_3kTMd9Q2', messageId: 'as_0Ztp6Q7s' },
  ],
  ping: [{ type: 'ping', t: 1767225615000 }],
  pong: [{ type: 'pong', t: 0 }],
};

export const serverFramesByType: ExamplesByType<ServerFrame> = {
  welcome: [
    {
      type: 'welcome',
      v: 1,
      sessionId: 'se_A1b2C3d4E5',
      activeStreams: [{ ...cursor, lastSeq: 0, startedAt: 1767225600150 }],
      lostStreams: [cursor],
      limits: { maxFrameBytes: 1_048_576, maxMessageChars: 32_000 },
      heartbeatMs: 15_000,
    },
  ],
  conversation: [
    {
      type: 'conversation',
      conversationId: 'cv_3kTMd9Q2',
      status: 'streaming',
      messages: [
        { id: 'us_1bQ7pYt2', role: 'user', text: 'What is a monad?', status: 'complete', createdAt: 1767225600000, replyTo: 'as_0Ztp6Q7s' },
        { id: 'as_0Ztp6Q7s', role: 'assistant', text: 'A monad', status: 'streaming', createdAt: 1767225600150, seq: 1 },
      ],
      activeStream: { messageId: 'as_0Ztp6Q7s', lastSeq: 1 },
    },
    { type: 'conversation', conversationId: 'cv_new4Rt8w', status: 'idle', messages: [], activeStream: null },
  ],
  conversations: [
    {
      type: 'conversations',
      conversations: [
        { conversationId: 'cv_3kTMd9Q2', title: 'What is a monad?', status: 'errored', updatedAt: 1767225600150, messageCount: 2 },
      ],
    },
    { type: 'conversations', conversations: [] },
  ],
  ack: [
    { type: 'ack', conversationId: 'cv_3kTMd9Q2', messageId: 'us_1bQ7pYt2', index: 0, createdAt: 1767225600000, duplicate: false },
  ],
  message_start: [
    {
      type: 'message_start',
      conversationId: 'cv_3kTMd9Q2',
      messageId: 'as_0Ztp6Q7s',
      replyTo: 'us_1bQ7pYt2',
      index: 1,
      createdAt: 1767225600150,
    },
  ],
  chunk: [{ type: 'chunk', conversationId: 'cv_3kTMd9Q2', messageId: 'as_0Ztp6Q7s', seq: 1, text: 'A monad' }],
  message_end: [
    { type: 'message_end', conversationId: 'cv_3kTMd9Q2', messageId: 'as_0Ztp6Q7s', finishReason: 'complete', lastSeq: 7 },
    {
      type: 'message_end',
      conversationId: 'cv_3kTMd9Q2',
      messageId: 'as_0Ztp6Q7s',
      finishReason: 'error',
      lastSeq: 0,
      error: 'The model provider timed out.',
    },
  ],
  error: [
    { type: 'error', code: 'bad_frame', message: 'Not JSON.' },
    {
      type: 'error',
      code: 'rate_limited',
      message: 'Slow down.',
      conversationId: 'cv_3kTMd9Q2',
      messageId: 'us_1bQ7pYt2',
      fatal: false,
      retryAfterMs: 2500,
    },
  ],
  ping: [{ type: 'ping', t: 1767225630000 }],
  pong: [{ type: 'pong', t: 1767225615000 }],
};

export const validClientFrames: readonly ClientFrame[] = Object.values(clientFramesByType).flat();
export const validServerFrames: readonly ServerFrame[] = Object.values(serverFramesByType).flat();
