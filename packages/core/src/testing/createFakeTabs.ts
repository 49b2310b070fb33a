import type { Clock } from '../environment/Clock.ts';
import type { TabChannel, TabLockManager, TabPlatform } from '../tabs/TabPlatform.ts';

/** One tab of a fake browser: pass `platform` to `createChatClient({ tabPlatform })`. */
export interface FakeTab {
  readonly platform: TabPlatform;
  /** The tab dies without a word: its locks are released and its channels go silent. */
  crash(): void;
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
  const holders = new Map<string, { tab: number; release: () => void }>();
  const queues = new Map<string, LockRequest[]>();
  const channels = new Set<{ tab: number; name: string; channel: TabChannel; open: boolean }>();
  const crashed = new Set<number>();
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
    holders.set(name, { tab: request.tab, release });
    clock.setTimeout(() => {
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
    }, 0);
  };

  return {
    holderOf: (name) => holders.get(name)?.tab ?? null,
    tab() {
      const tab = ++tabs;
      const locks: TabLockManager = {
        request(name, requestOptions, callback) {
          return new Promise((resolve, reject) => {
            const request: LockRequest = { tab, callback, resolve, reject };
            if (holders.has(name) || (queues.get(name)?.length ?? 0) > 0) {
              if (requestOptions.ifAvailable === true) {
                clock.setTimeout(() => {
                  try {
                    Promise.resolve(callback(null)).then(resolve, reject);
                  } catch (error) {
                    reject(error);
                  }
                }, 0);
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
          if (!this.entry.open) return;
          for (const other of channels) {
            if (other === this.entry || other.name !== this.name || !other.open) continue;
            const copy = structuredClone(message);
            clock.setTimeout(() => {
              if (other.open) other.channel.onmessage?.({ data: copy });
            }, 0);
          }
        }
        close(): void {
          this.entry.open = false;
          channels.delete(this.entry);
        }
      }
      return {
        platform: { locks, BroadcastChannel: FakeBroadcastChannel },
        crash() {
          crashed.add(tab);
          for (const entry of channels) if (entry.tab === tab) entry.open = false;
          for (const holder of [...holders.values()]) if (holder.tab === tab) holder.release();
          for (const queue of queues.values()) {
            for (let index = queue.length - 1; index >= 0; index -= 1) if (queue[index]!.tab === tab) queue.splice(index, 1);
          }
        },
      };
    },
  };
}
