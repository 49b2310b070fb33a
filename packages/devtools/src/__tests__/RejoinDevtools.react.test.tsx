import { StrictMode, useSyncExternalStore } from 'react';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from '@rejoin/core';
import { RejoinDevtools } from '../react/RejoinDevtools.tsx';
import { TOKEN, USER_TEXT, click, connectedClient, litStates, panelRoot, sectionText } from './devtoolsHarness.ts';

afterEach(cleanup);

const hostOf = (container: HTMLElement): Element => container.querySelector('[data-rejoin-devtools]')!;

/** An app that renders on every client change and counts it. */
function countingApp(client: ChatClient) {
  const counter = { renders: 0 };
  function App() {
    const snapshot = useSyncExternalStore(client.subscribe, client.getSnapshot);
    counter.renders += 1;
    return <p>{String(snapshot.value === undefined)}</p>;
  }
  return { App, counter };
}

describe('<RejoinDevtools client={client} /> in React', () => {
  it('mounts the panel once under StrictMode and shows the live client', () => {
    const setup = connectedClient();
    const { container } = render(
      <StrictMode>
        <RejoinDevtools client={setup.client} clock={setup.clock} initialOpen />
      </StrictMode>,
    );
    const root = panelRoot(hostOf(container));
    expect(root.querySelectorAll('.rj-panel')).toHaveLength(1);
    expect(litStates(root)).toContain('connected.ready.idle');
    act(() => {
      setup.client.send(USER_TEXT);
      setup.clock.advance(300);
    });
    expect(sectionText(root, 'frames')).toContain('send');
    expect(root.textContent).not.toContain(USER_TEXT);
    expect(root.textContent).not.toContain(TOKEN);
    act(() => click(root, 'drop'));
    expect(litStates(root)).toContain('disconnected');
  });

  it('opens from its launcher and closes again, listening only while open', () => {
    const setup = connectedClient();
    const { container } = render(<RejoinDevtools client={setup.client} clock={setup.clock} />);
    const root = panelRoot(hostOf(container));
    expect(root.querySelector<HTMLElement>('.rj-panel')!.hidden).toBe(true);
    act(() => click(root, 'open'));
    expect(root.querySelector<HTMLElement>('.rj-panel')!.hidden).toBe(false);
    act(() => click(root, 'close'));
    act(() => setup.client.devtools.dropConnection());
    expect(litStates(root)).toContain('connected.ready.idle');
  });

  it("leaves the app's render count unchanged, closed or open", () => {
    const measure = (devtools: 'none' | 'closed' | 'open'): number => {
      const setup = connectedClient({ tokensPerSecond: 100 });
      const { App, counter } = countingApp(setup.client);
      const view = render(
        <>
          <App />
          {devtools === 'none' ? null : <RejoinDevtools client={setup.client} clock={setup.clock} initialOpen={devtools === 'open'} />}
        </>,
      );
      act(() => void setup.client.send('stream a reply'));
      // One act per step, so React commits what each step changed, as a browser frame would.
      for (let step = 0; step < 100; step += 1) act(() => setup.clock.advance(30));
      view.unmount();
      return counter.renders;
    };
    const without = measure('none');
    expect(without).toBeGreaterThan(5);
    expect(measure('closed')).toBe(without);
    expect(measure('open')).toBe(without);
  });
});
