import net from 'node:net';

/**
 * A loopback TCP proxy standing in for a load balancer: new connections go to the current target
 * port, `switchTo` changes it, `cut()` drops every open connection (the client reconnects through
 * the proxy, to the new target), and `mute()` keeps forwarding what the client sends while
 * dropping what the server answers (an ack lost on the way back).
 */
export async function startSwitchableProxy(targetPort: number) {
  let target = targetPort;
  let muted = false;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => {
      if (!muted) client.write(data);
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
  const cut = () => {
    for (const pair of [...pairs]) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
  };
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    /** Later connections go to `port`; open ones stay where they are. */
    switchTo(port: number) {
      target = port;
      muted = false;
    },
    mute() {
      muted = true;
    },
    cut,
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
