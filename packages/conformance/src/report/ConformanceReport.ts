import { SECTIONS, sectionLabel, type SectionId } from '../suite/sections.ts';

export interface CaseResult {
  readonly id: string;
  readonly section: SectionId;
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** Why it failed (naming the section) or was skipped. */
  readonly reason?: string;
  readonly durationMs: number;
}

export interface SectionSummary {
  readonly section: SectionId;
  readonly title: string;
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
}

/** What a run produced; `JSON.stringify` of it is the report CI reads. */
export interface ConformanceReport {
  readonly url: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly totals: { readonly pass: number; readonly fail: number; readonly skip: number };
  readonly sections: readonly SectionSummary[];
  readonly cases: readonly CaseResult[];
}

export function buildReport(url: string, startedAt: number, cases: readonly CaseResult[]): ConformanceReport {
  const count = (list: readonly CaseResult[], status: CaseResult['status']): number => list.filter((result) => result.status === status).length;
  const sections = (Object.keys(SECTIONS) as SectionId[])
    .map((section) => {
      const own = cases.filter((result) => result.section === section);
      return { section, title: SECTIONS[section], pass: count(own, 'pass'), fail: count(own, 'fail'), skip: count(own, 'skip') };
    })
    .filter((summary) => summary.pass + summary.fail + summary.skip > 0);
  const totals = { pass: count(cases, 'pass'), fail: count(cases, 'fail'), skip: count(cases, 'skip') };
  return { url, startedAt: new Date(startedAt).toISOString(), durationMs: Date.now() - startedAt, ok: totals.fail === 0, totals, sections, cases };
}

/** One line per case: `PASS`, `FAIL` with why, or `SKIP` with why. */
export function formatCaseLine(result: CaseResult): string {
  const head = `${result.status.toUpperCase().padEnd(4)} §${result.section.padEnd(2)} ${result.id}: ${result.title}`;
  return result.reason === undefined ? head : `${head}\n       ${result.status === 'fail' ? '' : 'skipped: '}${result.reason}`;
}

/** The summary by section, then the totals. */
export function formatSummary(report: ConformanceReport): string {
  const lines = report.sections.map(
    (summary) => `  ${sectionLabel(summary.section).padEnd(36)} ${String(summary.pass).padStart(3)} pass ${String(summary.fail).padStart(3)} fail ${String(summary.skip).padStart(3)} skipped`,
  );
  const { pass, fail, skip } = report.totals;
  return [
    'Summary by section:',
    ...lines,
    `${report.ok ? 'CONFORMS' : 'DOES NOT CONFORM'}: ${pass} passed, ${fail} failed, ${skip} skipped (${(report.durationMs / 1000).toFixed(1)} s)`,
  ].join('\n');
}
