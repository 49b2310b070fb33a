import { StrictMode, type ReactElement } from 'react';
import { describe } from 'vitest';

export interface ReactMode {
  readonly strict: boolean;
  /** `React` or `React (StrictMode)`, for suite names. */
  readonly label: string;
  /** Wraps a tree in `<StrictMode>` in the strict run. */
  wrap(ui: ReactElement): ReactElement;
}

const modes: readonly ReactMode[] = [
  { strict: false, label: 'React', wrap: (ui) => ui },
  { strict: true, label: 'React (StrictMode)', wrap: (ui) => <StrictMode>{ui}</StrictMode> },
];

/** Runs a suite twice, without and with StrictMode, as XState's own React tests do. */
export function describeEachReactMode(title: string, suite: (mode: ReactMode) => void): void {
  for (const mode of modes) describe(`${title}, ${mode.label}`, () => suite(mode));
}
