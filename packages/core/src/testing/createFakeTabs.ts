import type { Clock } from '../environment/Clock.ts';
import type { TabChannel, TabLockManager, TabPlatform } from '../tabs/TabPlatform.ts';

/** One tab of a fake browser: pass `platform` to `createChatClient({ tabPlatform })`. */
export interface FakeTab {
  readonly platform: TabPlatform;
  /** The shared clock as this tab runs it: its timers wait while it is frozen. Pass it as the client's `clock`. */
  readonly clock: Clock;
  /** The tab dies without a word: its locks are released and its channels go silent. */
  crash(): void;
  /**
   * The tab hangs (a busy main thread): it keeps its locks, says nothing on its channels, and what
   * is posted to it waits. Its timers still run on the shared clock: only its channels are frozen.
   */
  freeze(): void;
  /** The hung tab runs again: what was posted to it meanwhile arrives, in order. */
  thaw(): void;
}

export interface FakeTabs {
  /** Opens a tab sharing this browser's locks and channels. */
  tab(): FakeTab;
  /** Who holds each lock now, by tab number (1-based, in the order of `tab()` calls). */
  holderOf(name: string): number | null;
}

interface LockRequest {
  readonly tab: number;
  readonly callback: (lock: unknown) => Promise<unknown> | unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * An in-memory browser for several tabs in one test: a Web Locks manager and `BroadcastChannel`s
 * that behave as Chromium's do for pages of one context (a lock is held until its callback's promise
 * settles or its tab dies, queued requests are granted in order; a message reaches every other open
 * channel of its name, a copy, later, in the order posted). "Later" is a zero-delay timer on the
 * given clock, so `clock.flush()` and `clock.advance()` drive the tabs with the fake server.
 */
export function createFakeTabs(options: { readonly clock: Clock }): FakeTabs {
  const { clock } = options;
  const holders = new Map<string, { tab: number; release: () => void; reject: (reason: unknown) => void }>();
  const queues = new Map<string, LockRequest[]>();
  const channels = new Set<{ tab: number; name: string; channel: TabChannel; open: boolean }>();
  const crashed = new Set<number>();
  // Per frozen tab, the tasks (deliveries, lock grants, timers) it will run when it thaws.
  const frozen = new Map<number, Array<{ readonly handle?: unknown; readonly run: () => void }>>();
  /** Runs `task` in `tab` after `ms`: then, or when the tab thaws. */
  const later = (tab: number, task: () => void, ms = 0): unknown => {
    const handle: unknown = clock.setTimeout(() => {
      const held = frozen.get(tab);
      if (held === undefined) task();
      else held.push({ handle, run: task });
    }, ms);
    return handle;
  };
  let tabs = 0;

  const grantNext = (name: string): void => {
    if (holders.has(name)) return;
    const queue = queues.get(name) ?? [];
    const next = queue.shift();
    if (next === undefined) return;
    grant(name, next);
  };
  const grant = (name: string, request: LockRequest): void => {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      if (holders.get(name)?.release === release) holders.delete(name);
      clock.setTimeout(() => grantNext(name), 0);
    };
    holders.set(name, { tab: request.tab, release, reject: request.reject });
    later(request.tab, () => {
      if (crashed.has(request.tab)) return release();
      // Called within the timer, as the platform calls it in its task: a flush decides the election.
      let result: unknown;
      try {
        result = request.callback({ name });
      } catch (error) {
        release();
        request.reject(error);
        return;
      }
      Promise.resolve(result).then(
          (value) => {
            release();
            request.resolve(value);
          },
          (error: unknown) => {
            release();
            request.reject(error);
          },
        );
    });
  };

  return {
    holderOf: (name) => holders.get(name)?.tab ?? null,
    tab() {
      const tab = ++tabs;
      const locks: TabLockManager = {
        request(name, requestOptions, callback) {
          return new Promise((resolve, reject) => {
            const request: LockRequest = { tab, callback, resolve, reject };
            // As the platform does: the holder's request rejects, and the thief holds the lock.
            const holder = holders.get(name);
            if (requestOptions.steal === true && holder !== undefined) {
              holders.delete(name);
              holder.reject(new DOMException('The lock was stolen.', 'AbortError'));
              grant(name, request);
              return;
            }
            if (holders.has(name) || (queues.get(name)?.length ?? 0) > 0) {
              if (requestOptions.ifAvailable === true) {
                later(tab, () => {
                  try {
                    Promise.resolve(callback(null)).then(resolve, reject);
                  } catch (error) {
                    reject(error);
                  }
                });
                return;
              }
              const queue = queues.get(name) ?? [];
              queues.set(name, queue);
              queue.push(request);
              requestOptions.signal?.addEventListener('abort', () => {
                const index = queue.indexOf(request);
                if (index < 0) return;
                queue.splice(index, 1);
                reject(new DOMException('The request was aborted.', 'AbortError'));
              });
              return;
            }
            grant(name, request);
          });
        },
      };
      class FakeBroadcastChannel implements TabChannel {
        onmessage: ((event: { readonly data: unknown }) => void) | null = null;
        private readonly entry;
        constructor(readonly name: string) {
          this.entry = { tab, name, channel: this as TabChannel, open: !crashed.has(tab) };
          channels.add(this.entry);
        }
        postMessage(message: unknown): void {
          if (!this.entry.open || frozen.has(tab)) return;
          for (const other of channels) {
            if (other === this.entry || other.name !== this.name || !other.open) continue;
            const copy = structuredClone(message);
            later(other.tab, () => {
              if (other.open) other.channel.onmessage?.({ data: copy });
            });
          }
        }
        close(): void {
          this.entry.open = false;
          channels.delete(this.entry);
        }
      }
      const tabClock: Clock = {
        now: () => clock.now(),
        setTimeout: (callback, ms) => later(tab, callback, ms),
        clearTimeout(handle) {
          clock.clearTimeout(handle);
          const held = frozen.get(tab);
          const index = held?.findIndex((task) => task.handle === handle) ?? -1;
          if (index >= 0) held!.splice(index, 1);
        },
      };
      return {
        platform: { locks, BroadcastChannel: FakeBroadcastChannel },
        clock: tabClock,
        crash() {
          crashed.add(tab);
          for (const entry of channels) if (entry.tab === tab) entry.open = false;
          for (const holder of [...holders.values()]) if (holder.tab === tab) holder.release();
          frozen.delete(tab);
          for (const queue of queues.values()) {
            for (let index = queue.length - 1; index >= 0; index -= 1) if (queue[index]!.tab === tab) queue.splice(index, 1);
          }
        },
        freeze() {
          if (!frozen.has(tab)) frozen.set(tab, []);
        },
        thaw() {
          const held = frozen.get(tab) ?? [];
          frozen.delete(tab);
          for (const task of held) task.run();
        },
      };
    },
  };
}
