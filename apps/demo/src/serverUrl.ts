/**
 * The WebSocket endpoint of the server that served the page: same host, `/ws`, `wss:` under
 * HTTPS. In `vite` dev, Vite proxies `/ws` to the Rejoin server.
 */
export function webSocketUrlFor(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}
