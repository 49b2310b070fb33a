import { defineComponent, h, onBeforeUnmount, onMounted, ref, watch, type PropType } from 'vue';
import type { ChatClient } from '@rejoin/core';
import { mountDevtools, type DevtoolsHandle, type DevtoolsOptions } from '../panel/mountDevtools.ts';

/**
 * `<RejoinDevtools :client="client" />`: the devtools panel for a client. The panel renders itself
 * outside Vue's reactivity, so the app's components never re-render for it.
 */
export const RejoinDevtools = defineComponent({
  name: 'RejoinDevtools',
  props: {
    client: { type: Object as PropType<ChatClient>, required: true },
    /** Read when mounting, as `mountDevtools` reads them. */
    options: { type: Object as PropType<DevtoolsOptions>, default: () => ({}) },
  },
  setup(props) {
    const host = ref<HTMLElement | null>(null);
    let handle: DevtoolsHandle | null = null;
    const mount = (): void => {
      handle?.unmount();
      handle = host.value ? mountDevtools(host.value, props.client, props.options) : null;
    };
    onMounted(mount);
    watch(() => props.client, mount);
    onBeforeUnmount(() => handle?.unmount());
    return () => h('div', { ref: host, 'data-rejoin-devtools': '', style: props.options.layout === 'embedded' ? { height: '100%' } : undefined });
  },
});
export type { DevtoolsOptions } from '../panel/mountDevtools.ts';
