import type { HistoryMessage } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import type { AppendResult, HistoryOptions } from '../../../stores/ConversationStore.ts';
import { MemoryConversationStore } from '../../../stores/memory/MemoryConversationStore.ts';
import { MemoryStreamStore } from '../../../stores/memory/MemoryStreamStore.ts';
import type { StreamListener, Unsubscribe } from '../../../stores/StreamStore.ts';
import type { ContractTestApi } from '../ContractTestApi.ts';
import { describeConversationStoreContract } from '../conversationStoreContract.ts';
import type { StoreContractBackend } from '../StoreContractBackend.ts';
import { describeStreamStoreContract, type StreamStoreSettings } from '../streamStoreContract.ts';

/** Declares a contract into a map of case name to body, to run by hand against a broken store. */
function collectCases(declare: (test: ContractTestApi) => void): Map<string, () => Promise<void>> {
  const cases = new Map<string, () => Promise<void>>();
  declare({ describe: (_name, body) => body(), it: (name, body) => void cases.set(name, body), expect });
  return cases;
}

async function outcome(cases: Map<string, () => Promise<void>>, name: string): Promise<'passed' | 'failed'> {
  const body = cases.get(name);
  if (body === undefined) throw new Error(`no contract case named "${name}"`);
  return body().then(
    () => 'passed',
    () => 'failed',
  );
}

/** A backend of in-memory stores that counts what it opened, closed and cleaned up. */
function countingBackend<Store extends { close(): Promise<void> }, Settings>(make: (settings: Settings) => Store) {
  const counts = { opened: 0, closed: 0, cleanedUp: 0 };
  const createBackend = async (): Promise<StoreContractBackend<Store, Settings>> => ({
    open: async (settings) => {
      counts.opened += 1;
      const store = make(settings);
      const close = store.close.bind(store);
      store.close = async () => {
        counts.closed += 1;
        await close();
      };
      return store;
    },
    cleanup: async () => {
      counts.cleanedUp += 1;
    },
  });
  return { counts, createBackend };
}

/** Swallows the invariant errors, so a gap or a duplicate seq is written without complaint. */
class LenientStreamStore extends MemoryStreamStore {
  override async append(messageId: string, seq: number, text: string): Promise<void> {
    await super.append(messageId, seq, text).catch(() => {});
  }
}

/** Follows from the stream's head, forgetting to replay what the cursor has not seen. */
class ReplaylessStreamStore extends MemoryStreamStore {
  override async follow(messageId: string, afterSeq: number, listener: StreamListener): Promise<Unsubscribe | null> {
    const head = (await this.get(messageId))?.lastSeq ?? afterSeq;
    return super.follow(messageId, Math.max(afterSeq, head), listener);
  }
}

/** Never reports a resend as a duplicate. */
class ForgetfulConversationStore extends MemoryConversationStore {
  override async appendMessage(conversationId: string, message: HistoryMessage): Promise<AppendResult> {
    return { ...(await super.appendMessage(conversationId, message)), duplicate: false };
  }
}

/** Ignores the history limit. */
class UnlimitedConversationStore extends MemoryConversationStore {
  override async history(conversationId: string, _options?: HistoryOptions): Promise<readonly HistoryMessage[]> {
    return super.history(conversationId);
  }
}

describe('the store contracts', () => {
  it('fail a stream store that accepts a seq other than the next one', async () => {
    const { createBackend } = countingBackend((settings: StreamStoreSettings) => new LenientStreamStore(settings));
    const cases = collectCases((test) => describeStreamStoreContract('lenient', { test, createBackend }));
    expect(await outcome(cases, 'refuses a seq that is not the next one, so no gap or duplicate can be written')).toBe('failed');
    expect(await outcome(cases, 'announces the stored chunk count as lastSeq, whatever the caller claims')).toBe('passed');
  });

  it('fail a stream store whose follow skips the replay', async () => {
    const { createBackend } = countingBackend((settings: StreamStoreSettings) => new ReplaylessStreamStore(settings));
    const cases = collectCases((test) => describeStreamStoreContract('replayless', { test, createBackend }));
    expect(await outcome(cases, 'follows a stream from an offset with no gap and no overlap between replay and live chunks')).toBe('failed');
    expect(await outcome(cases, 'replays a finished stream and its end, then releases the listener')).toBe('failed');
  });

  it('fail a conversation store that does not recognise a resend, or ignores the history limit', async () => {
    const forgetful = countingBackend(() => new ForgetfulConversationStore());
    const unlimited = countingBackend(() => new UnlimitedConversationStore());
    const forgetfulCases = collectCases((test) => describeConversationStoreContract('forgetful', { test, createBackend: forgetful.createBackend }));
    const unlimitedCases = collectCases((test) => describeConversationStoreContract('unlimited', { test, createBackend: unlimited.createBackend }));
    expect(await outcome(forgetfulCases, 'appends a message once per id and reports a resend as a duplicate with the stored index')).toBe('failed');
    expect(await outcome(forgetfulCases, 'stores a resend racing on any instance once: one append, one duplicate')).toBe('failed');
    expect(await outcome(unlimitedCases, 'returns the most recent messages, oldest first, with a limit')).toBe('failed');
  });

  it('fail a backend said to be shared whose instances do not see each other\'s data', async () => {
    // Separate in-memory stores are not one shared backend, whatever the options claim.
    const { createBackend } = countingBackend((settings: StreamStoreSettings) => new MemoryStreamStore(settings));
    const cases = collectCases((test) => describeStreamStoreContract('unshared', { test, createBackend, sharedAcrossInstances: true }));
    expect(await outcome(cases, "lists only the owner's running streams, oldest first, on any instance")).toBe('failed');
  });

  it('close every store a case opened and clean up its backend, also when the case fails', async () => {
    const { counts, createBackend } = countingBackend((settings: StreamStoreSettings) => new LenientStreamStore(settings));
    const cases = collectCases((test) => describeStreamStoreContract('lenient', { test, createBackend, sharedAcrossInstances: true }));
    expect(await outcome(cases, 'refuses a seq that is not the next one, so no gap or duplicate can be written')).toBe('failed');
    expect(await outcome(cases, 'announces the stored chunk count as lastSeq, whatever the caller claims')).toBe('passed');
    // Two instances, failing: separate in-memory stores do not share their data.
    expect(await outcome(cases, "lists only the owner's running streams, oldest first, on any instance")).toBe('failed');
    expect(counts).toEqual({ opened: 4, closed: 4, cleanedUp: 3 });
  });
});
