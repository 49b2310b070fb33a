import { describe, expect, it } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import { chatMachine } from '../chatMachine.ts';
import { defaultChatConfig } from '../chatConfig.ts';
import type { ChatEvent } from '../chatEvents.ts';
import type { SocketCommand } from '../../socket/createSocketActor.ts';
import type { WelcomeFrame } from '../../protocol/frames.ts';

const welcome: WelcomeFrame = {
  type: 'welcome',
  v: 1,
  sessionId: 's1',
  activeStreams: [],
  lostStreams: [],
  limits: { maxFrameBytes: 1_048_576, maxMessageChars: 8_000 },
  heartbeatMs: 30_000,
};

function connectedActor(openConversationId: string | null) {
  const sent: string[] = [];
  // A socket that records what the machine writes to it.
  const socket = fromCallback<SocketCommand, undefined, ChatEvent>(({ receive }) => {
    receive((command) => sent.push(...command.frames.map((frame) => frame.type)));
  });
  const actor = createActor(chatMachine.provide({ actors: { socket } }), {
    input: { config: defaultChatConfig, clientId: 'client-1', jitterSeed: 1, openConversationId },
  });
  actor.start();
  actor.send({ type: 'START' });
  actor.send({ type: 'SOCKET.OPEN' });
  return { actor, sent };
}

const history = (conversationId: string) =>
  ({ type: 'SERVER.CONVERSATION', frame: { type: 'conversation', conversationId, status: 'idle', messages: [], activeStream: null } }) as const;

describe('the handshake, driven by server events', () => {
  it('stays restoring, whatever else arrives, until the server welcomes it', () => {
    const { actor, sent } = connectedActor('c1');
    expect(sent).toEqual(['hello']);
    actor.send({ type: 'SERVER.PONG' });
    actor.send(history('c1'));
    expect(actor.getSnapshot().matches({ connected: 'restoring' })).toBe(true);
    actor.send({ type: 'SERVER.WELCOME', frame: welcome });
    expect(actor.getSnapshot().matches({ connected: 'merging' })).toBe(true);
    expect(sent).toEqual(['hello', 'load', 'list']);
  });

  it('merges until the history of the open conversation arrives, not that of another one', () => {
    const { actor } = connectedActor('c1');
    actor.send({ type: 'SERVER.WELCOME', frame: welcome });
    actor.send(history('c2'));
    expect(actor.getSnapshot().matches({ connected: 'merging' })).toBe(true);
    actor.send(history('c1'));
    expect(actor.getSnapshot().matches({ connected: { ready: 'idle' } })).toBe(true);
  });

  it('ends merging when the server has no history for the open conversation', () => {
    const { actor } = connectedActor('c1');
    actor.send({ type: 'SERVER.WELCOME', frame: welcome });
    actor.send({ type: 'SERVER.ERROR', frame: { type: 'error', code: 'not_found', message: 'none', conversationId: 'c1' } });
    expect(actor.getSnapshot().matches({ connected: 'ready' })).toBe(true);
    expect(actor.getSnapshot().context.conversations['c1']?.status).toBe('unavailable');
  });

  it('goes straight to ready after the welcome when no conversation is open', () => {
    const { actor } = connectedActor(null);
    actor.send({ type: 'SERVER.WELCOME', frame: welcome });
    expect(actor.getSnapshot().matches({ connected: 'ready' })).toBe(true);
  });

  it('fails on a refusal of the client, in any phase of the connection', () => {
    const { actor } = connectedActor('c1');
    actor.send({ type: 'SERVER.ERROR', frame: { type: 'error', code: 'unauthorized', message: 'bad token', fatal: true } });
    expect(actor.getSnapshot().matches('failed')).toBe(true);
    expect(actor.getSnapshot().context.lastError?.message).toContain('unauthorized');
  });
});
