import { memo, useId, useState } from 'react';
import type { ReasoningPart } from '@rejoin/core';
import { reasoningLabel } from '../../shared/partLabels.ts';

export interface ReasoningProps {
  readonly part: ReasoningPart;
  /** When the reasoning began (ms since the epoch); with `endedAt`, the label says how long it took. */
  readonly startedAt?: number | undefined;
  /** When the reasoning ended (ms since the epoch). */
  readonly endedAt?: number | undefined;
  /** Show the text at first. @default true while the reasoning streams, false once it is done */
  readonly defaultExpanded?: boolean | undefined;
}

/**
 * The model's reasoning as a disclosure: open while it streams so the reader sees it think, folded
 * once done (the answer matters more), and the reader's own toggling is kept from then on.
 */
export const Reasoning = memo(function Reasoning({ part, startedAt, endedAt, defaultExpanded }: ReasoningProps) {
  const done = part.done === true;
  const [expanded, setExpanded] = useState(defaultExpanded ?? !done);
  // Fold when the reasoning finishes, adjusted during render rather than in an effect so the
  // finished reasoning never paints open for a frame.
  const [wasDone, setWasDone] = useState(done);
  if (done !== wasDone) {
    setWasDone(done);
    if (done) setExpanded(false);
  }
  const textId = useId();
  return (
    <div className="rj-reasoning" data-testid="reasoning" data-done={String(done)}>
      <button
        type="button"
        className="rj-reasoning__toggle"
        aria-expanded={String(expanded) as 'true' | 'false'}
        aria-controls={textId}
        onClick={() => setExpanded((open) => !open)}
      >
        {reasoningLabel(done, { startedAt, endedAt })}
      </button>
      <div id={textId} className="rj-reasoning__text" hidden={!expanded}>
        {part.text}
      </div>
    </div>
  );
});
