/** A table of a row's results; cells are already formatted. */
export interface ResultTable {
  readonly caption?: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A goal of the issue, checked against this run's figures. */
export interface GoalCheck {
  readonly goal: string;
  readonly met: boolean;
  /** The measured value against the goal, e.g. "4.2× faster (goal ≥ 3×): met by 1.4×". */
  readonly detail: string;
}

/** What one benchmark row reports: tables for the console and the docs, goals, and notes. */
export interface RowReport {
  readonly id: number;
  readonly title: string;
  /** How it was measured: setup, sizes, what each contender does. Markdown. */
  readonly method: readonly string[];
  readonly tables: readonly ResultTable[];
  readonly goals: readonly GoalCheck[];
  /** For each goal missed: by how much, and the design change that would close it. Markdown. */
  readonly closingNotes: readonly string[];
  /** For a row without a numeric goal: its result in one line, for the summary table. */
  readonly summary?: string;
  /** How many measured runs the figures are medians of. */
  readonly runs: string;
}
