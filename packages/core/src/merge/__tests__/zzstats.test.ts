import fc from 'fast-check';
import { it } from 'vitest';
import { scheduleArbitrary, scriptArbitrary } from './conversationArbitraries.ts';
import { SimulatedClient } from './simulatedClient.ts';
import { SimulatedConversation } from './simulatedConversation.ts';
import { SimulatedNetwork } from './simulatedNetwork.ts';
import type { ServerFrame } from '../../protocol/frames.ts';

it('stats', () => {
  const counts: Record<string, number> = {};
  const bump = (k: string) => { counts[k] = (counts[k] ?? 0) + 1; };
  const sim = fc.record({
    turns: scriptArbitrary({ maxTurns: 4, otherTabs: true }),
    schedule: scheduleArbitrary({ connectionLoss: true, maxLength: 120 }),
    window: fc.integer({ min: 1, max: 4 }),
    retentionSteps: fc.constantFrom(Number.POSITIVE_INFINITY, 0, 3),
  });
  for (const s of fc.sample(sim, { numRuns: 1000, seed: 42 })) {
    const server = new SimulatedConversation(s.turns, s.retentionSteps);
    const client = new SimulatedClient(server.conversationId);
    const orig = client.receive.bind(client);
    const seen = new Set<string>();
    client.receive = (d: readonly ServerFrame[]) => {
      const before = client.conversation;
      for (const f of d) {
        if (f.type === 'chunk') {
          const m = before.messages.find((x) => x.id === f.messageId);
          if (!m) bump(f.seq === 1 ? 'chunk-unknown-seq1' : 'chunk-unknown-gap');
          else if (f.seq <= (m.seq ?? 0)) bump('chunk-dup');
          else if (f.seq > (m.seq ?? 0) + 1) bump('chunk-gap');
        }
        if (f.type === 'conversation') {
          const stale = f.messages.length < before.messages.filter((m) => m.index !== undefined).length;
          bump(stale ? 'load-stale' : 'load');
          if (f.activeStream) {
            const m = before.messages.find((x) => x.id === f.activeStream?.messageId);
            if (m && (m.seq ?? 0) > f.activeStream.lastSeq) bump('load-local-longer');
          }
        }
        if (f.type === 'welcome' && f.lostStreams.length) bump('lost');
        if (f.type === 'error') bump('lost-subscribe');
        if (f.type === 'message_end') {
          const m = before.messages.find((x) => x.id === f.messageId);
          if (m && (m.seq ?? 0) < f.lastSeq) bump('end-tail-missing');
        }
        if (f.type === 'message_start' && before.messages.some((x) => x.id === f.messageId)) bump('start-late');
        if (f.type === 'ack' && !before.messages.some((x) => x.id === f.messageId)) bump('ack-other-tab');
      }
      if (d.length > 1) bump('batch');
      const r = orig(d);
      if (r.length) bump('replay-request');
      for (const m of client.conversation.messages) if (m.status === 'interrupted' && !seen.has(m.id)) { seen.add(m.id); bump('interrupted'); }
      return r;
    };
    const network = new SimulatedNetwork(server, client, s.window, () => {});
    for (const a of s.schedule) network.run(a);
    bump(server.done ? 'script-done-before-settle' : 'script-unfinished-before-settle');
    network.settle(true);
  }
  console.log(counts);
});
