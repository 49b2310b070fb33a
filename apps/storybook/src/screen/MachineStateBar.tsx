import type { ReactNode } from 'react';
import { useChatSelector } from '@rejoin/react';
import { currentMachineState } from '../scenarios/machineStates.ts';

export interface MachineStateBarProps {
  /** What the designer is looking at, in a sentence. */
  readonly summary?: string;
  /** Controls shown under the readout (the playground's buttons). */
  readonly children?: ReactNode;
}

/** The live machine state above the chat, so a designer always knows which state they are judging. */
export function MachineStateBar({ summary, children }: MachineStateBarProps) {
  const state = useChatSelector(currentMachineState);
  return (
    <header className="story-bar">
      <p className="story-bar__state">
        Machine state <code data-testid="machine-state">{state}</code>
      </p>
      {summary === undefined ? null : <p className="story-bar__summary">{summary}</p>}
      {children}
    </header>
  );
}
