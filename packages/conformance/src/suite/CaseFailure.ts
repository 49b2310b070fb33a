import { sectionLabel, type SectionId } from './sections.ts';

/** A server behaviour that breaks a normative statement; the message names the section. */
export class CaseFailure extends Error {
  constructor(
    readonly section: SectionId,
    detail: string,
  ) {
    super(`${sectionLabel(section)}: ${detail}`);
    this.name = 'CaseFailure';
  }
}

/** Throws a `CaseFailure` unless `condition` holds. */
export function check(condition: unknown, section: SectionId, detail: string): asserts condition {
  if (!condition) throw new CaseFailure(section, detail);
}
