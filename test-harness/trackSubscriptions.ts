import type { ChatClient } from '@rejoin/core';

/**
 * The same client, counting the subscriptions made through it (`subscribe` and `actor.subscribe`,
 * whichever a binding uses) that are still active: a binding that leaks a listener shows here.
 */
export function trackSubscriptions(client: ChatClient): { readonly client: ChatClient; active(): number } {
  let active = 0;
  const counted = (unsubscribe: () => void): (() => void) => {
    active += 1;
    let done = false;
    return () => {
      if (!done) active -= 1;
      done = true;
      unsubscribe();
    };
  };
  const actor = new Proxy(client.actor, {
    get(target, property) {
      if (property === 'subscribe') {
        return (...args: Parameters<ChatClient['actor']['subscribe']>) => {
          const subscription = target.subscribe(...args);
          return { unsubscribe: counted(() => subscription.unsubscribe()) };
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const tracked: ChatClient = Object.create(client, {
    actor: { value: actor },
    subscribe: { value: (listener: () => void) => counted(client.subscribe(listener)) },
  });
  return { client: tracked, active: () => active };
}
