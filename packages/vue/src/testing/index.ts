// @rejoin/vue/testing: plays generated reconnection paths against a Vue app (see docs/testing-your-app.md).
export { vueChatApp } from './vueChatApp.ts';
export type { VueChatAppOptions } from './vueChatApp.ts';
