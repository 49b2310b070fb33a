/**
 * Turns the field rules into concrete test cases: one raw frame per (field, value) with the
 * outcome docs/protocol.md prescribes.
 */
import type { RejoinErrorCode } from '../../errors/RejoinError.ts';
import { describeValue } from '../frameChecks.ts';
import {
  type FieldRule,
  badValuesFor,
  clientFieldRules,
  edgeValuesFor,
  nestedFieldRules,
  serverFieldRules,
  withValueAt,
} from './fieldRules.ts';
import { clientFramesByType, serverFramesByType } from './validFrames.ts';

export interface FieldRuleCase {
  readonly title: string;
  readonly raw: string;
  /** `'ok'`, or the code of the expected ProtocolError. */
  readonly expected: 'ok' | RejoinErrorCode;
  /** With a refusal: the field path the message must name. */
  readonly path?: string;
}

/** The example with the most fields, so optional fields are present to be broken. */
function richest(examples: readonly object[]): object {
  return examples.reduce((best, frame) => (JSON.stringify(frame).length > JSON.stringify(best).length ? frame : best));
}

function casesForRecord(
  frameType: string,
  base: object,
  recordPath: string,
  rules: { readonly [field: string]: FieldRule },
): FieldRuleCase[] {
  const cases: FieldRuleCase[] = [];
  const where = recordPath === '' ? '' : `${recordPath}.`;
  const set = (field: string, value: unknown): string =>
    JSON.stringify(withValueAt(base, recordPath, (record) => void (record[field] = value)));
  const frame = `${/^[aeiou]/.test(frameType) ? 'an' : 'a'} ${frameType}`;
  for (const [field, rule] of Object.entries(rules)) {
    const path = `${where}${field}`;
    const dropped = JSON.stringify(withValueAt(base, recordPath, (record) => void delete record[field]));
    if (rule.kind === 'version') {
      cases.push(
        { title: `refuses ${frame} without ${path}`, raw: dropped, expected: 'protocol/malformed', path },
        { title: `refuses ${frame} whose ${path} is 3`, raw: set(field, 3), expected: 'protocol/unsupported_version' },
        { title: `refuses ${frame} whose ${path} is "1"`, raw: set(field, '1'), expected: 'protocol/unsupported_version' },
        { title: `refuses ${frame} whose ${path} is 0`, raw: set(field, 0), expected: 'protocol/unsupported_version' },
      );
      continue;
    }
    if (rule.optional === true) {
      cases.push(
        { title: `accepts ${frame} without its optional ${path}`, raw: dropped, expected: 'ok' },
        { title: `refuses ${frame} whose optional ${path} is null`, raw: set(field, null), expected: 'protocol/malformed', path },
      );
    } else {
      cases.push({ title: `refuses ${frame} without ${path}`, raw: dropped, expected: 'protocol/malformed', path });
    }
    for (const [name, value] of badValuesFor(rule.kind)) {
      cases.push({
        title: `refuses ${frame} whose ${path} is ${name}`,
        raw: set(field, value),
        expected: 'protocol/malformed',
        // An element of a bad array is reported at its index.
        path: Array.isArray(value) && value.length > 0 ? `${path}[0]` : path,
      });
    }
    for (const value of edgeValuesFor(rule.kind)) {
      cases.push({ title: `accepts ${frame} whose ${path} is ${describeValue(value)}`, raw: set(field, value), expected: 'ok' });
    }
  }
  return cases;
}

/** Every field rule of every frame type one side sends, and of the records nested in them. */
export function fieldRuleCases(direction: 'client' | 'server'): FieldRuleCase[] {
  const examples: { readonly [type: string]: readonly object[] } =
    direction === 'client' ? clientFramesByType : serverFramesByType;
  const rules: { readonly [type: string]: { readonly [field: string]: FieldRule } } =
    direction === 'client' ? clientFieldRules : serverFieldRules;
  const cases: FieldRuleCase[] = [];
  for (const [type, frameRules] of Object.entries(rules)) {
    cases.push(...casesForRecord(type, richest(examples[type] ?? []), '', frameRules));
  }
  for (const [side, type, recordPath, recordRules] of nestedFieldRules) {
    if (side === direction) cases.push(...casesForRecord(type, richest(examples[type] ?? []), recordPath, recordRules));
  }
  return cases;
}
