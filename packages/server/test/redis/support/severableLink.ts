import net from 'node:net';

/**
 * A loopback TCP proxy in front of redis-server for one instance's connections: `sever()` drops
 * every open connection and holds new ones unanswered (Redis is unreachable for this instance
 * only, while the others still reach it), `restore()` lets the held and later ones through.
 */
export async function startSeverableLink(redisPort: number) {
  let severed = false;
  const held: net.Socket[] = [];
  const open = new Set<net.Socket>();
  const connect = (client: net.Socket) => {
    const upstream = net.connect(redisPort, '127.0.0.1');
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  };
  const server = net.createServer((client) => {
    if (severed) held.push(client);
    else connect(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    sever() {
      severed = true;
      for (const socket of [...open]) socket.destroy();
    },
    restore() {
      severed = false;
      for (const client of held.splice(0)) if (!client.destroyed) connect(client);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of [...open, ...held]) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
