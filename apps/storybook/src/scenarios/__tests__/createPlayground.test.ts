import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectConnection, selectMessages } from '@rejoin/core';
import { createPlayground, type Playground } from '../createPlayground.ts';
import { currentMachineState } from '../machineStates.ts';

let playground: Playground;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  playground = createPlayground();
});
afterEach(() => {
  playground.dispose();
  vi.useRealTimers();
});

const state = () => currentMachineState(playground.getView().client.getSnapshot());
const reply = () => selectMessages(playground.getView().client.getSnapshot(), playground.conversationId).at(-1);
/** Real time passes; the playground's fake time follows it. */
const wait = (ms: number) => vi.advanceTimersByTime(ms);

describe('the playground', () => {
  it('starts with a reply streaming, and time runs on the real clock', () => {
    expect(state()).toBe('rejoin.connected.ready.streaming');
    const before = reply()?.text.length ?? 0;
    wait(1_000);
    expect(reply()?.text.length ?? 0).toBeGreaterThan(before);
  });

  it('reconnects after a dropped connection and finishes the reply exactly once', () => {
    wait(500);
    playground.dropConnection();
    expect(selectConnection(playground.getView().client.getSnapshot()).state).toBe('disconnected');
    wait(20_000);
    expect(state()).toBe('rejoin.connected.ready.idle');
    const messages = selectMessages(playground.getView().client.getSnapshot(), playground.conversationId);
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(reply()?.text).toBe(playground.world.server.history(playground.conversationId).at(-1)?.text);
  });

  it('loads a new page on refresh that restores the reply where it was', () => {
    wait(1_000);
    const partial = reply()!;
    playground.refreshPage();
    expect(playground.getView().page).toBe(2);
    expect(playground.getView().client.getSnapshot().context.openConversationId).toBe(playground.conversationId);
    expect(reply()?.text.startsWith(partial.text)).toBe(true);
  });

  it('marks the reply interrupted when the server restarts mid-stream', () => {
    wait(1_000);
    playground.restartServer();
    wait(5_000);
    expect(reply()?.status).toBe('interrupted');
  });

  it('flips its switches and says so', () => {
    playground.toggleSlowNetwork();
    playground.toggleServerDown();
    expect(playground.getView()).toMatchObject({ slowNetwork: true, serverDown: true });
    wait(3_000);
    expect(selectConnection(playground.getView().client.getSnapshot()).state).not.toBe('connected');
  });

  it('stops the reply on Stop', () => {
    wait(500);
    playground.stop();
    wait(100);
    expect(reply()?.status).toBe('stopped');
    expect(state()).toBe('rejoin.connected.ready.idle');
  });
});
