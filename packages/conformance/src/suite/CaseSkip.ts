/**
 * Thrown by a case that learns only from the server (say from `welcome.limits`) that it cannot
 * check its statement here: the case is reported skipped with this reason, never passed.
 */
export class CaseSkip extends Error {
  override name = 'CaseSkip';
}
