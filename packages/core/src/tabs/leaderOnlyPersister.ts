import type { Persister } from '../persistence/createPersister.ts';

/**
 * One writer per namespace: every tab holds the same state, and only the leader writes it, so tabs
 * never race on the record. A tab that becomes leader writes on its next change.
 */
export function leaderOnlyPersister(persister: Persister, leads: () => boolean): Persister {
  return {
    restore: () => persister.restore(),
    save(record) {
      if (leads()) persister.save(record);
    },
    flush: () => persister.flush(),
    clear: () => persister.clear(),
    get stats() {
      return persister.stats;
    },
    dispose: () => persister.dispose(),
  };
}
