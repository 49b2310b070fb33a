import { memo, type ReactNode } from 'react';
import type { DataPart } from '@rejoin/core';
import { formatJson } from '../../shared/partLabels.ts';

/** The app's renderers for its data parts, by the part's `name`. */
export type DataRenderers = Readonly<Record<string, (part: DataPart) => ReactNode>>;

export interface DataPartViewProps {
  readonly part: DataPart;
  /** Renderers by data part name; a name without one shows as JSON. @default {} */
  readonly renderers?: DataRenderers | undefined;
}

/**
 * App-defined data: through the app's renderer for its name, or as JSON when there is none, so a
 * part the app does not know yet is shown rather than dropped.
 */
export const DataPartView = memo(function DataPartView({ part, renderers = {} }: DataPartViewProps) {
  // Own keys only: a part named "constructor" must not find Object's prototype.
  const render = Object.hasOwn(renderers, part.name) ? renderers[part.name] : undefined;
  return (
    <div className="rj-data" data-testid="data-part" data-name={part.name}>
      {render === undefined ? (
        <>
          <span className="rj-data__name">{part.name}</span>
          <pre className="rj-code">{formatJson(part.data)}</pre>
        </>
      ) : (
        render(part)
      )}
    </div>
  );
});
