// @rejoin/server/testing: the contracts a store implementation must pass, to run under your own test runner.
export { describeStreamStoreContract } from './storeContract/streamStoreContract.ts';
export { describeConversationStoreContract } from './storeContract/conversationStoreContract.ts';

export type { ContractAssertion, ContractTestApi } from './storeContract/ContractTestApi.ts';
export type { StoreContractBackend, StoreContractOptions } from './storeContract/StoreContractBackend.ts';
export type { StreamStoreContractOptions, StreamStoreSettings } from './storeContract/streamStoreContract.ts';
export type { ConversationStoreContractOptions, ConversationStoreSettings } from './storeContract/conversationStoreContract.ts';

// A loopback WebSocket proxy that breaks the link the ways networks do, for end-to-end reconnection tests.
export { createFaultProxy } from './createFaultProxy.ts';
export type { FaultProxy, FaultProxyOptions } from './createFaultProxy.ts';
