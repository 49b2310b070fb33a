import '@rejoin/ui/styles.css';
import './app.css';
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { ChatProvider } from '@rejoin/react';
import { App } from './App.tsx';
import { createDemoClient } from './createDemoClient.ts';
import { loadDemoIdentity } from './demoIdentity.ts';
import { initialConversationId } from './initialConversationId.ts';
import { signOut } from './signOut.ts';

// One client for the page, created outside React so StrictMode's double effects cannot make two.
const client = createDemoClient(loadDemoIdentity());
const firstConversationId = initialConversationId(client, window.location.href);

// Development only: `import.meta.env.DEV` is `false` in a production build, so this branch and the
// devtools chunk it would load are dropped from the bundle (the bundle benchmark checks it).
const Devtools = import.meta.env.DEV
  ? lazy(() => import('@rejoin/devtools/react').then((module) => ({ default: module.RejoinDevtools })))
  : null;

const root = document.getElementById('root');
if (root === null) throw new Error('[rejoin] The demo needs a <div id="root"> in index.html.');

createRoot(root).render(
  <StrictMode>
    <ChatProvider client={client}>
      <App initialConversationId={firstConversationId} onSignOut={() => signOut(client)} />
    </ChatProvider>
    {Devtools && (
      <Suspense fallback={null}>
        <Devtools client={client} />
      </Suspense>
    )}
  </StrictMode>,
);
