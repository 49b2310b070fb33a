import { chatMachine } from '@rejoin/core';
import { describe, expect, it } from 'vitest';
import { activePaths, statechartTree, type StatechartNode } from '../statechart/statechartTree.ts';

const flatten = (nodes: readonly StatechartNode[]): StatechartNode[] => nodes.flatMap((node) => [node, ...flatten(node.children)]);

describe('statechartTree', () => {
  it('lists every state of the machine by its dotted path', () => {
    const paths = flatten(statechartTree(chatMachine)).map((node) => node.path);
    for (const path of ['idle', 'connecting', 'connected', 'connected.restoring', 'connected.merging', 'connected.ready.idle', 'connected.ready.streaming', 'disconnected.queueing', 'failed', 'disposed']) {
      expect(paths).toContain(path);
    }
    for (const path of paths) expect(chatMachine.getStateNodeById(`rejoin.${path}`).path.join('.')).toBe(path);
  });

  it('draws the transitions that leave a state, timers included', () => {
    const connecting = flatten(statechartTree(chatMachine)).find((node) => node.path === 'connecting')!;
    expect(connecting.transitions).toEqual(expect.arrayContaining(['SOCKET.OPEN → connected', 'SOCKET.CLOSED → disconnected', 'after connectTimeout → disconnected']));
    expect(flatten(statechartTree(chatMachine)).find((node) => node.path === 'disposed')!.final).toBe(true);
  });

  it('lights a state and all its parents', () => {
    expect([...activePaths({ connected: { ready: 'streaming' } })]).toEqual(['connected', 'connected.ready', 'connected.ready.streaming']);
    expect([...activePaths('idle')]).toEqual(['idle']);
  });
});
