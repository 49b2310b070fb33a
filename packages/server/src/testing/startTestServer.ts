import { createSimulatedModel } from '../generation/simulatedModel.ts';
import type { RejoinServerOptions } from '../server/RejoinServerOptions.ts';
import { createRejoinServer, type RejoinServer } from '../server/createRejoinServer.ts';

/** How fast the simulated model streams in tests: a reply takes a fraction of a second. */
export const TEST_TOKENS_PER_SECOND = 250;

export interface TestServer {
  readonly server: RejoinServer;
  /** The WebSocket URL. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** A real server on 127.0.0.1, port 0, with a fast simulated model unless `respond` is given. */
export async function startTestServer(options: RejoinServerOptions = {}): Promise<TestServer> {
  const server = createRejoinServer({
    respond: createSimulatedModel({ tokensPerSecond: TEST_TOKENS_PER_SECOND }),
    shutdown: { generations: 'abort' },
    ...options,
    host: '127.0.0.1',
    port: 0,
  });
  const { url } = await server.listen();
  return { server, url, close: () => server.close() };
}
