// Child process of row 6: the reference server with the stamped model, on 127.0.0.1. Reports its
// address and, on request, its memory over the IPC channel.
import { createLogger, createRejoinServer } from '@rejoin/server';
import type { ParentMessage, ServerProcessMessage } from './fanoutMessages.ts';
import { createStampedModel } from './stampedModel.ts';

const tokensPerSecond = Number(process.argv[2] ?? 20);
const server = createRejoinServer({
  host: '127.0.0.1',
  port: 0,
  respond: createStampedModel(tokensPerSecond),
  logger: createLogger({ level: 'error', write: (line) => process.stderr.write(`${line}\n`) }),
  shutdown: { generations: 'abort', timeoutMs: 1000 },
});
const send = (message: ServerProcessMessage): void => {
  process.send?.(message);
};
const { url } = await server.listen();
send({ type: 'listening', url });

process.on('message', (message: ParentMessage) => {
  if (message.type === 'measure-memory') {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    send({ type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed, connections: server.connectionCount });
  } else if (message.type === 'measure-cpu') {
    // When profiling, the window's bounds on the profile's clock (CLOCK_MONOTONIC, µs), so a
    // breakdown can keep the window's samples only.
    if (process.execArgv.includes('--cpu-prof')) process.stderr.write(`fan-out server cpu mark ${process.hrtime.bigint() / 1000n}\n`);
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', cpuMs: (user + system) / 1000 });
  } else if (message.type === 'stop') {
    process.exit(0);
  }
});
// The parent going away must not leave a server behind.
process.on('disconnect', () => process.exit(0));
