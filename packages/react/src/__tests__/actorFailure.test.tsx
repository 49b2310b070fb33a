import { Component, type ReactNode } from 'react';
import { act, render } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { createChatFixture } from '../../../../test-harness/chatFixture.ts';
import { ChatProvider, useConnection } from '../index.ts';
import { describeEachReactMode } from './describeEachReactMode.tsx';

afterEach(() => vi.restoreAllMocks());

class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error === null ? this.props.children : <p data-testid="caught">caught</p>;
  }
}

describeEachReactMode('@rejoin/react when the client actor fails', (mode) => {
  it('re-renders and hands the failure to the nearest error boundary, instead of showing the last good state', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fixture = createChatFixture();
    const client = fixture.createClient();
    function Banner() {
      return <p data-testid="state">{useConnection().state}</p>;
    }
    const view = render(mode.wrap(<ChatProvider client={client}><Boundary><Banner /></Boundary></ChatProvider>));
    await act(() => fixture.clock.advance(10));
    expect(view.getByTestId('state').textContent).toBe('connected');

    // A malformed event through the public `actor` makes an action throw: the actor fails.
    await act(() => client.actor.send({ type: 'SEND', conversationId: 'c1', messageId: 'm1', text: undefined as unknown as string, at: 0 }));
    expect(client.getSnapshot().status).toBe('error');
    expect(view.queryByTestId('caught')).not.toBeNull();
    view.unmount();
    client.dispose();
  });
});
