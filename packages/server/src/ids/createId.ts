import { randomUUID } from 'node:crypto';

/**
 * A new server-side id (assistant messages, sessions). A UUID fits protocol v1's id alphabet
 * (A-Z a-z 0-9 _ -) and is unguessable, which matters because ids double as capabilities in logs.
 */
export function createId(): string {
  return randomUUID();
}
