/**
 * The seam between the client and the network: one connection at a time, raw text in and out.
 * The WebSocket transport implements it for browsers and Node; `@rejoin/core/testing` has a fake.
 */
export interface TransportHandlers {
  onOpen(): void;
  /** A message as received; the client validates it, so anything may arrive here. */
  onMessage(data: unknown): void;
  /** Called exactly once per connection, whether it failed to open, was closed, or errored. */
  onClose(code: number, reason: string): void;
}

export interface TransportConnection {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface Transport {
  connect(handlers: TransportHandlers): TransportConnection;
}
