// Public API of @rejoin/conformance. Named exports only; types kept apart.
export { runConformance } from './suite/runConformance.ts';
export { ALL_CASES } from './cases/allCases.ts';
export { SECTIONS, sectionLabel } from './suite/sections.ts';
export { randomToken } from './suite/ConformanceOptions.ts';
export { formatCaseLine, formatSummary } from './report/ConformanceReport.ts';

export type { ConformanceOptions, SuiteUser } from './suite/ConformanceOptions.ts';
export type { RunOptions } from './suite/runConformance.ts';
export type { ConformanceCase } from './suite/ConformanceCase.ts';
export type { SectionId } from './suite/sections.ts';
export type { CaseResult, ConformanceReport, SectionSummary } from './report/ConformanceReport.ts';
