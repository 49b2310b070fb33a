import { check } from '../suite/CaseFailure.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §18 Graceful shutdown (runs last: it takes the server down). */
export const SHUTDOWN_CASES = [
  defineCase({
    id: 'shutdown.going-away',
    section: '18',
    title: 'a server shutting down sends every connection a fatal shutting_down error, then closes it with 1001',
    last: true,
    skipUnless: (options) => (options.shutdown === null ? 'no way to make the server shut down was given (API option shutdown)' : null),
    async run(context) {
      const first = await context.join();
      const second = await context.join('bob');
      await context.startReply(first.client, '18');
      await context.options.shutdown?.();
      for (const client of [first.client, second.client]) {
        const error = await context.waitError(client, '18', 'shutting_down', 0);
        check(error.code === 'shutting_down' && error.fatal === true, '18', `a connection got ${JSON.stringify(error)} instead of a fatal shutting_down`);
        const closed = await client.waitClose('18', 'after shutting_down');
        check(closed.code === 1001, '18', `closed with ${closed.code} after shutting_down, not 1001`);
      }
    },
  }),
];
