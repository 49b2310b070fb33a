import type { ChatEvent } from '../chatEvents.ts';
import { ProtocolError, RejoinError } from '../../errors/RejoinError.ts';

/**
 * The alphabet the model-based test explores: every event type the machine accepts, with the
 * payload variants that steer its guards (a welcome, history, a stream starting, a chunk, its end,
 * a lost stream, a refusal). Ids are fixed so repeating an event cannot grow the state space.
 */
export const modelEvents: ChatEvent[] = [
  { type: 'START' },
  { type: 'OPEN', conversationId: 'c1' },
  { type: 'SEND', conversationId: 'c1', messageId: 'u1', text: 'hello', at: 0 },
  { type: 'STOP', conversationId: 'c1' },
  { type: 'APPROVE', approval: { conversationId: 'c1', messageId: 'a1', toolCallId: 'call_1', approved: true } },
  { type: 'RETRY' },
  { type: 'DISPOSE' },
  { type: 'SOCKET.OPEN' },
  { type: 'SOCKET.CLOSED', code: 1006, reason: '' },
  {
    type: 'SERVER.WELCOME',
    frame: {
    type: 'welcome',
    v: 1,
    sessionId: 's1',
    activeStreams: [],
    lostStreams: [],
    limits: { maxFrameBytes: 1_048_576, maxMessageChars: 8_000 },
    heartbeatMs: 30_000,
    },
  },
  { type: 'SERVER.CONVERSATION', frame: { type: 'conversation', conversationId: 'c1', status: 'idle', messages: [], activeStream: null } },
  { type: 'SERVER.CONVERSATIONS', frame: { type: 'conversations', conversations: [] } },
  { type: 'SERVER.ACK', frame: { type: 'ack', conversationId: 'c1', messageId: 'u1', index: 0, createdAt: 1, duplicate: false } },
  { type: 'SERVER.MESSAGE_START', frame: { type: 'message_start', conversationId: 'c1', messageId: 'a1', replyTo: 'u1', index: 1, createdAt: 2 } },
  { type: 'SERVER.CHUNKS', frames: [{ type: 'chunk', conversationId: 'c1', messageId: 'a1', seq: 1, text: 'Hi' }] },
  { type: 'SERVER.MESSAGE_END', frame: { type: 'message_end', conversationId: 'c1', messageId: 'a1', finishReason: 'complete', lastSeq: 1 } },
  { type: 'SERVER.ERROR', frame: { type: 'error', code: 'stream_not_found', message: 'gone', conversationId: 'c1', messageId: 'a1' } },
  // The server has no history for the open conversation: `merging` ends without one.
  { type: 'SERVER.ERROR', frame: { type: 'error', code: 'not_found', message: 'no such conversation', conversationId: 'c1' } },
  { type: 'SERVER.ERROR', frame: { type: 'error', code: 'unauthorized', message: 'bad token', fatal: true } },
  { type: 'SERVER.ERROR', frame: { type: 'error', code: 'rate_limited', message: 'slow down', conversationId: 'c1', messageId: 'u1', retryAfterMs: 50 } },
  { type: 'SERVER.PING', frame: { type: 'ping', t: 7 } },
  { type: 'SERVER.PONG' },
  { type: 'SOCKET.INVALID', errors: [new ProtocolError('protocol/malformed', 'not a frame', '{')] },
  // The heartbeat's and the resend's delayed events; the `after` transitions' events are added by the
  // model test, read from the machine.
  { type: 'HEARTBEAT_DUE' },
  { type: 'HEARTBEAT_TIMEOUT' },
  { type: 'RESEND_DUE' },
  { type: 'BROWSER_ONLINE' },
  { type: 'BROWSER_OFFLINE', at: 0 },
  { type: 'TAB_VISIBLE' },
  { type: 'STORAGE.ERROR', error: new RejoinError('storage/quota', 'full') },
];
