import net from 'node:net';

/**
 * A loopback TCP proxy between a client and the server, to make the network misbehave on purpose:
 * `freeze()` keeps every socket open but forwards nothing (a half-open link), `cut()` destroys them.
 */
export async function startTcpProxy(targetPort: number) {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, frozen: false };
    pairs.add(pair);
    client.on('data', (data) => {
      if (!pair.frozen) upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!pair.frozen) client.write(data);
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}/ws`,
    /** Every open connection stops forwarding, with no FIN and no RST. New connections work. */
    freeze() {
      for (const pair of pairs) pair.frozen = true;
    },
    /** Destroys every open connection. */
    cut() {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of [...pairs]) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
