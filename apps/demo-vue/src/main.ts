import '@rejoin/ui/styles.css';
// The page layout is the React demo's: one stylesheet for both variants.
import '../../demo/src/app.css';
import { createApp } from 'vue';
// The demo's client, identity and URL logic are framework-agnostic: the React demo's, shared.
import { createDemoClient } from '../../demo/src/createDemoClient.ts';
import { loadDemoIdentity } from '../../demo/src/demoIdentity.ts';
import { initialConversationId } from '../../demo/src/initialConversationId.ts';
import { signOut } from '../../demo/src/signOut.ts';
import App from './App.vue';

// One client for the page, created before Vue mounts, as in the React demo.
const client = createDemoClient(loadDemoIdentity());
const firstConversationId = initialConversationId(client, window.location.href);

const root = document.getElementById('root');
if (root === null) throw new Error('[rejoin] The demo needs a <div id="root"> in index.html.');

createApp(App, { client, initialConversationId: firstConversationId, onSignOut: () => signOut(client) }).mount(root);

// Development only: `import.meta.env.DEV` is `false` in a production build, so this branch and the
// devtools chunk it would load are dropped from the bundle (the bundle benchmark checks it).
if (import.meta.env.DEV) {
  void import('@rejoin/devtools/vue').then(({ RejoinDevtools }) => {
    createApp(RejoinDevtools, { client }).mount(document.body.appendChild(document.createElement('div')));
  });
}
