// @rejoin/react/testing: plays generated reconnection paths against a React app (see docs/testing-your-app.md).
export { reactChatApp } from './reactChatApp.tsx';
