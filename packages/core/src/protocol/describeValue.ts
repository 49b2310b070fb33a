/**
 * A short, human-readable description of a value from an untrusted frame, for error messages.
 * It never recurses and never calls into the value, so it cannot throw or blow the stack,
 * whatever the peer sent.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'undefined':
      return 'nothing (the field is missing)';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? `an array of ${value.length} elements` : 'an object';
    default:
      return `a ${typeof value}`;
  }
}
