import { describe, expect, it } from 'vitest';
import { selectConnection } from '@rejoin/core';
import { currentMachineState } from '../machineStates.ts';
import { scenarioNames, scenarios } from '../scenarioCatalog.ts';

describe('the scenario catalog', () => {
  it.each(scenarioNames)('drives a real client into the state the "%s" story promises', (name) => {
    const scenario = scenarios[name].build();
    try {
      expect(currentMachineState(scenario.client.getSnapshot())).toBe(scenarios[name].machineState);
      expect(scenario.client.getSnapshot().context.openConversationId).toBe(scenario.conversationId);
    } finally {
      scenario.dispose();
    }
  });

  it('stays in its state while nobody touches it, because timed events wait for the clock', async () => {
    const scenario = scenarios.backoffCountdown.build();
    const before = scenario.client.getSnapshot();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(scenario.client.getSnapshot()).toBe(before);
    scenario.dispose();
  });

  it('answers a click at once: a retry against a server back up reconnects without moving time', async () => {
    const scenario = scenarios.failed.build();
    scenario.world.server.setDown(false);
    const start = scenario.world.clock.now();
    scenario.client.retry();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(selectConnection(scenario.client.getSnapshot()).state).toBe('connected');
    expect(scenario.world.clock.now()).toBe(start);
    scenario.dispose();
  });

  it('hands the adapters a client whose connect() cannot start an idle scenario', () => {
    const scenario = scenarios.idle.build();
    scenario.storyClient.connect();
    expect(currentMachineState(scenario.client.getSnapshot())).toBe('rejoin.idle');
    scenario.dispose();
  });

  it('shows the queued messages of the offline scenario as pending, in the order typed', () => {
    const scenario = scenarios.queuedOffline.build();
    const messages = scenario.client.getSnapshot().context.conversations['lisbon']?.messages ?? [];
    expect(messages.filter((message) => message.status === 'pending').map((message) => message.text)).toEqual([
      'Can you add a plan for a rainy day?',
      'And where should we stay?',
    ]);
    scenario.dispose();
  });
});
