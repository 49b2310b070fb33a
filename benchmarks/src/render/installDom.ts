// Preloaded with `node --import` before the render-count worker: React DOM, Vue's runtime-dom and
// their helpers decide at module load whether a DOM exists, so happy-dom's globals must come first.
import { Window } from 'happy-dom';

const window = new Window({ url: 'http://localhost/' });
const globals = globalThis as Record<string, unknown>;
for (const key of ['document', 'navigator', 'Node', 'Element', 'HTMLElement', 'Text', 'Comment', 'DocumentFragment', 'Event', 'MutationObserver', 'SVGElement', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame']) {
  const value = (window as unknown as Record<string, unknown>)[key];
  globals[key] = typeof value === 'function' && !/^[A-Z]/.test(key) ? (value as (...args: unknown[]) => unknown).bind(window) : value;
}
globals['window'] = window;
// React's `act` flushes synchronously only where the environment says tests run.
globals['IS_REACT_ACT_ENVIRONMENT'] = true;
