import { useEffect, useRef } from 'react';
import type { ChatClient } from '@rejoin/core';
import { mountDevtools, type DevtoolsOptions } from '../panel/mountDevtools.ts';

export interface RejoinDevtoolsProps extends DevtoolsOptions {
  readonly client: ChatClient;
}

/**
 * `<RejoinDevtools client={client} />`: the devtools panel for a client. Mounted once per client;
 * the panel renders itself outside React, so the app's components never re-render for it.
 */
export function RejoinDevtools({ client, ...options }: RejoinDevtoolsProps) {
  const host = useRef<HTMLDivElement>(null);
  // Options are read when mounting: the panel owns its state afterwards, as an uncontrolled input does.
  const initialOptions = useRef(options);
  useEffect(() => {
    const handle = mountDevtools(host.current!, client, initialOptions.current);
    return () => handle.unmount();
  }, [client]);
  return <div ref={host} data-rejoin-devtools="" style={initialOptions.current.layout === 'embedded' ? { height: '100%' } : undefined} />;
}
export type { DevtoolsOptions } from '../panel/mountDevtools.ts';
