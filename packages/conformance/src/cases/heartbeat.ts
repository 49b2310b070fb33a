import { check } from '../suite/CaseFailure.ts';
import { CaseSkip } from '../suite/CaseSkip.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §12 Heartbeat. */
export const HEARTBEAT_CASES = [
  defineCase({
    id: 'heartbeat.pong',
    section: '12',
    title: 'ping after the handshake is answered pong with the same t',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.send({ type: 'ping', t: 1767225615000 });
      await client.waitFor('12', (frame) => frame.type === 'pong' && frame.t === 1767225615000, 'pong with the same t', from);
    },
  }),
  defineCase({
    id: 'heartbeat.idle-close',
    section: '12',
    title: 'a silent connection is closed with 4408 and no error frame, no sooner than twice heartbeatMs after its last frame (if the server closes idle ones)',
    async run(context) {
      const { client, welcome } = await context.join();
      client.stopKeepAlive();
      const limit = 2 * welcome.heartbeatMs;
      const waitMs = context.options.maxWaitMs;
      // Servers commonly allow three intervals (the reference server does): waiting less proves nothing.
      if (3 * welcome.heartbeatMs > waitMs) {
        throw new CaseSkip(`an idle close comes after 2 to 3 × heartbeatMs (${welcome.heartbeatMs} ms), beyond maxWaitMs ${waitMs}`);
      }
      const closed = await Promise.race([client.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs))]);
      if (closed === null) throw new CaseSkip(`the server did not close a connection silent for ${waitMs} ms (it MAY keep it open)`);
      check(closed.code === 4408, '12', `an idle connection was closed with ${closed.code}, not 4408`);
      check(!client.frames.some((frame) => frame.type === 'error'), '12', 'an error frame preceded the idle close');
      check(closed.at - client.lastSentAt >= limit, '12', `the server closed a connection silent for ${closed.at - client.lastSentAt} ms, less than twice heartbeatMs (${limit})`);
    },
  }),
  defineCase({
    id: 'heartbeat.pings-keep-alive',
    section: '12',
    title: 'a client that pings every heartbeatMs / 2 is answered pong and not closed over three heartbeat intervals',
    async run(context) {
      const { client, welcome } = await context.join();
      const spanMs = 3 * welcome.heartbeatMs;
      if (spanMs > context.options.maxWaitMs) throw new CaseSkip(`would take ${spanMs} ms (3 × heartbeatMs), beyond maxWaitMs ${context.options.maxWaitMs}`);
      // The client's keep-alive pings whenever it has been silent for heartbeatMs / 2.
      const closed = await Promise.race([client.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), spanMs))]);
      check(closed === null, '12', `a connection pinging every heartbeatMs / 2 was closed (${closed?.code})`);
      check(client.frames.some((frame) => frame.type === 'pong'), '12', 'the keep-alive pings were not answered');
    },
  }),
];
