// @rejoin/core/testing: fakes for driving a chat UI through every reconnection path, in tests and stories.
export { FakeClock } from './FakeClock.ts';
export { createFakeTransport } from './createFakeTransport.ts';
export { createFakeServer } from './createFakeServer.ts';

export type { FakeConnection, FakeTransport } from './createFakeTransport.ts';
export type { FakeServer, FakeServerOptions, ReplyStep } from './createFakeServer.ts';
