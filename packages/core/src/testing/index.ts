// @rejoin/core/testing: fakes for driving a chat UI through every reconnection path, in tests and stories,
// and the paths themselves: generated from the client's statechart, played against your app.
export { FakeClock } from './FakeClock.ts';
export { createFakeTransport } from './createFakeTransport.ts';
export { createFakeServer } from './createFakeServer.ts';
export { createFakeTabs } from './createFakeTabs.ts';
export { generateChatPaths } from './paths/generateChatPaths.ts';
export { runChatPath, ChatPathError } from './paths/runChatPath.ts';
export { chatPath, chatPathFromTitle } from './paths/ChatPath.ts';
export { CHAT_STEPS } from './paths/chatSteps.ts';
export { CONNECTION_WORDS } from './paths/chatInvariants.ts';
export { headlessChatApp } from './paths/ChatAppDriver.ts';
export { readKitChat, kitChatControls } from './paths/kitDom.ts';

export type { FakeConnection, FakeTransport } from './createFakeTransport.ts';
export type { FakeServer, FakeServerOptions, ReplyStep } from './createFakeServer.ts';
export type { FakeTab, FakeTabs } from './createFakeTabs.ts';
export type { GenerateChatPathsOptions, ChatPathSet } from './paths/generateChatPaths.ts';
export type { RunChatPathOptions, ChatPathReport, ChatStepContext } from './paths/runChatPath.ts';
export type { ChatPath, ChatPathStep } from './paths/ChatPath.ts';
export type { ChatStepDefinition, ChatWorld } from './paths/chatSteps.ts';
export type { ChatAppDriver, MountedChatApp, ShownChat, ShownMessage } from './paths/ChatAppDriver.ts';
export type { StatechartCoverage } from './paths/statechartCoverage.ts';
