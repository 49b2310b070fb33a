import { memo } from 'react';
import type { SourcePart } from '@rejoin/core';
import { sourceLabel } from '../../shared/partLabels.ts';

export interface SourceChipProps {
  readonly part: SourcePart;
}

/** A source the reply cites, as a link chip that opens in a new tab (and says so to screen readers). */
export const SourceChip = memo(function SourceChip({ part }: SourceChipProps) {
  return (
    <a className="rj-chip rj-chip--source" data-testid="source" href={part.url} target="_blank" rel="noopener noreferrer">
      <span className="rj-chip__name">{sourceLabel(part)}</span>
      <span className="rj-visually-hidden"> (opens in a new tab)</span>
    </a>
  );
});
