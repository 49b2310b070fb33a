import { useEffect } from 'react';
import type { Scenario } from '../scenarios/scenarioCatalog.ts';
import { ChatScreen } from './ChatScreen.tsx';
import { MachineStateBar } from './MachineStateBar.tsx';

/** A state story: the scenario's real client on screen, disposed when the story unmounts. */
export function ScenarioScreen({ scenario, summary }: { readonly scenario: Scenario; readonly summary: string }) {
  useEffect(() => () => scenario.dispose(), [scenario]);
  return (
    <ChatScreen
      client={scenario.storyClient}
      conversationId={scenario.conversationId}
      browserOnline={scenario.browserOnline}
      wallTimeOffset={scenario.wallTimeOffset}
      bar={<MachineStateBar summary={summary} />}
    />
  );
}
