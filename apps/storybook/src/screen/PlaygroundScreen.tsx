import { useEffect, useSyncExternalStore } from 'react';
import { RejoinDevtools } from '@rejoin/devtools/react';
import type { Playground } from '../scenarios/createPlayground.ts';
import { ChatScreen } from './ChatScreen.tsx';
import { MachineStateBar } from './MachineStateBar.tsx';

/** The live playground: the chat, the buttons that make its bad days happen, and the devtools beside it. */
export function PlaygroundScreen({ playground }: { readonly playground: Playground }) {
  useEffect(() => () => playground.dispose(), [playground]);
  const view = useSyncExternalStore(playground.subscribe, playground.getView);
  const shown = view.client.getSnapshot().context.openConversationId ?? playground.conversationId;
  return (
    <div className="story-playground">
      <ChatScreen
        // A refresh is a new page: remount everything on the new client.
        key={view.page}
        client={view.client}
        conversationId={shown}
        browserOnline
        wallTimeOffset={playground.wallTimeOffset}
        bar={
          <MachineStateBar summary="Time runs here: send a message, then break things while the reply streams.">
            <div className="story-bar__controls" role="group" aria-label="Simulate">
              <button type="button" className="rj-button rj-button--small" onClick={playground.dropConnection}>
                Drop connection
              </button>
              <button type="button" className="rj-button rj-button--small" onClick={playground.refreshPage}>
                Refresh page
              </button>
              <button type="button" className="rj-button rj-button--small" onClick={playground.restartServer}>
                Server restarts
              </button>
              <button type="button" className="rj-button rj-button--small" aria-pressed={view.slowNetwork} onClick={playground.toggleSlowNetwork}>
                Slow network
              </button>
              <button type="button" className="rj-button rj-button--small" aria-pressed={view.serverDown} onClick={playground.toggleServerDown}>
                Server down
              </button>
              <button type="button" className="rj-button rj-button--small" onClick={playground.stop}>
                Stop the reply
              </button>
              <p className="story-bar__page">
                Page <span data-testid="page-number">{view.page}</span>
              </p>
            </div>
          </MachineStateBar>
        }
      />
      <aside className="story-playground__devtools" aria-label="Devtools">
        {/* Keyed like the chat: a refresh is a new client, and the panel follows it. */}
        <RejoinDevtools key={view.page} client={view.client} clock={playground.world.clock} layout="embedded" initialOpen />
      </aside>
    </div>
  );
}
