// @rejoin/core/testing: fakes for driving a chat UI through every reconnection path, in tests and stories.
export { FakeClock } from './FakeClock.ts';
export { createFakeTransport } from './createFakeTransport.ts';
export { createFakeServer } from './createFakeServer.ts';
export { createFakeTabs } from './createFakeTabs.ts';

export type { FakeConnection, FakeTransport } from './createFakeTransport.ts';
export type { FakeServer, FakeServerOptions } from './createFakeServer.ts';
export type { FakeTab, FakeTabs } from './createFakeTabs.ts';
