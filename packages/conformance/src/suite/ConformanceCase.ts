import type { ResolvedOptions } from './ConformanceOptions.ts';
import type { CaseContext } from './CaseContext.ts';
import type { SectionId } from './sections.ts';

/** One black-box check of one normative statement of docs/protocol.md. */
export interface ConformanceCase {
  /** Stable, dotted: `send.resend-same-connection`. */
  readonly id: string;
  /** The section whose statement it checks. */
  readonly section: SectionId;
  /** What a conforming server does, as a sentence. */
  readonly title: string;
  /** Why the case cannot run with these options, or null when it can. */
  readonly skipUnless?: (options: ResolvedOptions) => string | null;
  /** Runs last and alone (it takes the server down). */
  readonly last?: boolean;
  readonly run: (context: CaseContext) => Promise<void>;
}

/** Declares a case (kept as a function so case files read as a list). */
export function defineCase(definition: ConformanceCase): ConformanceCase {
  return definition;
}
