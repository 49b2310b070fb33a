import { systemClock, type ChatClient, type Clock } from '@rejoin/core';
import { createDevtoolsRecorder, type DevtoolsRecorder } from '../recorder/createDevtoolsRecorder.ts';
import { supportBundle } from '../recorder/supportBundle.ts';
import { activePaths, stateLabel, statechartTree, type StatechartNode } from '../statechart/statechartTree.ts';
import { panelStyles } from './panelStyles.ts';
import {
  escapeHtml,
  renderConnection,
  renderConversations,
  renderFrames,
  renderOutbox,
  renderPersistence,
  renderTrail,
  type SectionView,
} from './renderSections.ts';

export interface DevtoolsOptions {
  /** Open the panel at once instead of showing its launcher button. @default false */
  readonly initialOpen?: boolean;
  /**
   * `floating`: a fixed, resizable panel over the app (and a launcher button when closed).
   * `embedded`: fills the element it is mounted in, beside the app (Storybook). @default 'floating'
   */
  readonly layout?: 'floating' | 'embedded';
  /** Frames kept in the log. @default 300 */
  readonly maxFrames?: number;
  /** Snapshots kept for time travel. @default 50 */
  readonly maxSnapshots?: number;
  /** The clock ages and countdowns are read on; give the client's own. @default systemClock */
  readonly clock?: Clock;
  /** Called when the panel opens or closes (by its own buttons too). */
  readonly onOpenChange?: (open: boolean) => void;
}

export interface DevtoolsHandle {
  open(): void;
  close(): void;
  readonly isOpen: boolean;
  /** Panel renders so far: for the render-budget test and benchmark. */
  readonly renderCount: number;
  /** The recorded frames and snapshots (empty until opened). */
  readonly recorder: DevtoolsRecorder;
  /** The support bundle as the panel would copy it now. */
  supportBundle(): string;
  /** Removes the panel and stops listening. */
  unmount(): void;
}

/**
 * A frame that changes no state (a pong, a send) shows after this delay, unless a client
 * notification renders first: longer than the client's 16 ms chunk window, so while a reply
 * streams every render is a notification's and a chunk never costs two.
 */
const FRAME_RENDER_DELAY_MS = 50;
/** How often the backoff countdown ticks while disconnected (no notification comes then). */
const COUNTDOWN_TICK_MS = 250;

/**
 * Mounts the devtools into `element` (in a shadow root, so styles stay apart). While closed it
 * subscribes to nothing; open, it renders at most once per client notification.
 */
export function mountDevtools(element: HTMLElement, client: ChatClient, options: DevtoolsOptions = {}): DevtoolsHandle {
  const clock = options.clock ?? systemClock;
  const recorder = createDevtoolsRecorder(client, {
    now: () => clock.now(),
    ...(options.maxFrames === undefined ? {} : { maxFrames: options.maxFrames }),
    ...(options.maxSnapshots === undefined ? {} : { maxSnapshots: options.maxSnapshots }),
  });
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  shadow.innerHTML = `<style>${panelStyles}</style>${skeleton(options.layout ?? 'floating')}`;
  const $ = <T extends Element>(selector: string): T => shadow.querySelector<T>(selector)!;
  const launcher = $<HTMLElement>('.rj-launcher');
  const panel = $<HTMLElement>('.rj-panel');
  const stateHeader = $<HTMLElement>('.rj-state');
  const banner = $<HTMLElement>('.rj-banner');
  const slider = $<HTMLInputElement>('input[name=travel]');
  const revealBox = $<HTMLInputElement>('input[name=reveal]');
  const conversationFilter = $<HTMLInputElement>('input[name=conversation]');
  const typeFilter = $<HTMLInputElement>('input[name=type]');
  const offlineButton = $<HTMLButtonElement>('button[data-action=offline]');
  const status = $<HTMLElement>('.rj-status');
  const section = (name: string): HTMLElement => $<HTMLElement>(`[data-section=${name}]`);

  // The chart is built once from the machine; a render only moves the lit class.
  const chart = section('statechart');
  chart.innerHTML = statechartTree(client.actor.logic).map(renderNode).join('');
  const chartNodes = [...chart.querySelectorAll<HTMLElement>('.rj-node')];

  let isOpen = false;
  let stopRecording: (() => void) | null = null;
  let pending: unknown = null;
  /** Index into the recorded snapshots while time-travelling; null when live. */
  let travelIndex: number | null = null;
  let renderCount = 0;

  const cancelPending = (): void => {
    if (pending !== null) clock.clearTimeout(pending);
    pending = null;
  };
  const scheduleRender = (delayMs: number): void => {
    if (pending === null) pending = clock.setTimeout(() => {
      pending = null;
      render();
    }, delayMs);
  };

  function render(): void {
    cancelPending();
    if (!isOpen) return;
    renderCount += 1;
    const snapshots = recorder.snapshots;
    const travelled = travelIndex === null ? undefined : snapshots[travelIndex];
    const now = clock.now();
    const view: SectionView = {
      snapshot: travelled?.snapshot ?? client.getSnapshot(),
      at: travelled?.at ?? now,
      reveal: { text: revealBox.checked, token: revealBox.checked },
      frameFilter: { conversation: conversationFilter.value, type: typeFilter.value },
    };
    const lit = activePaths(view.snapshot.value);
    for (const node of chartNodes) node.classList.toggle('rj-active', lit.has(node.dataset['path'] ?? ''));
    const label = stateLabel(view.snapshot.value);
    stateHeader.textContent = label;
    panel.dataset['state'] = label;
    slider.max = String(Math.max(0, snapshots.length - 1));
    slider.value = String(travelIndex ?? snapshots.length - 1);
    banner.hidden = travelled === undefined;
    if (travelled !== undefined) {
      banner.textContent = `Read-only: snapshot ${travelIndex! + 1} of ${snapshots.length}, ${((now - travelled.at) / 1000).toFixed(1)} s ago. Actions act on the live client.`;
    }
    section('trail').innerHTML = renderTrail(recorder, travelIndex ?? snapshots.length - 1);
    section('connection').innerHTML = renderConnection(view, client);
    section('conversations').innerHTML = renderConversations(view);
    section('outbox').innerHTML = renderOutbox(view, recorder);
    section('persistence').innerHTML = renderPersistence(client, now);
    section('frames').innerHTML = renderFrames(view, recorder);
    offlineButton.textContent = client.devtools.offline ? 'Go online' : 'Go offline';
    if (travelled === undefined && view.snapshot.hasTag('disconnected')) scheduleRender(COUNTDOWN_TICK_MS);
  }

  const bundleJson = (): string =>
    JSON.stringify(supportBundle(client, recorder, { includeText: revealBox.checked, now: clock.now() }), null, 2);

  function setOpen(next: boolean): void {
    if (next === isOpen) return;
    isOpen = next;
    panel.hidden = !next;
    launcher.hidden = next;
    if (next) {
      stopRecording = recorder.start((cause) => (cause === 'snapshot' ? render() : scheduleRender(FRAME_RENDER_DELAY_MS)));
      render();
    } else {
      stopRecording?.();
      stopRecording = null;
      cancelPending();
    }
    options.onOpenChange?.(next);
  }

  const actions: Record<string, () => void> = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    drop: () => client.devtools.dropConnection(),
    offline: () => {
      client.devtools.setOffline(!client.devtools.offline);
      render();
    },
    retry: () => client.retry(),
    clear: () => {
      client.clearPersistedData();
      render();
    },
    copy: () => {
      const json = bundleJson();
      const clipboard = globalThis.navigator?.clipboard;
      if (clipboard === undefined) {
        status.textContent = 'No clipboard here: use Download.';
        return;
      }
      clipboard.writeText(json).then(
        () => (status.textContent = `Copied ${json.length} chars.`),
        () => (status.textContent = 'Copy refused by the browser: use Download.'),
      );
    },
    download: () => {
      const url = URL.createObjectURL(new Blob([bundleJson()], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `rejoin-support-${new Date(clock.now()).toISOString().replace(/[:.]/g, '-')}.json`;
      link.click();
      clock.setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    live: () => {
      travelIndex = null;
      render();
    },
  };
  const onClick = (event: Event): void => {
    const action = (event.target as Element | null)?.closest?.('[data-action]')?.getAttribute('data-action');
    if (action) actions[action]?.();
  };
  const onInput = (event: Event): void => {
    if (event.target === slider) {
      const index = Number(slider.value);
      travelIndex = index >= recorder.snapshots.length - 1 ? null : index;
    }
    render();
  };
  shadow.addEventListener('click', onClick);
  shadow.addEventListener('input', onInput);
  shadow.addEventListener('change', onInput);
  if (options.initialOpen) setOpen(true);

  return {
    open: () => setOpen(true),
    close: () => setOpen(false),
    get isOpen() {
      return isOpen;
    },
    get renderCount() {
      return renderCount;
    },
    recorder,
    supportBundle: bundleJson,
    unmount() {
      stopRecording?.();
      stopRecording = null;
      cancelPending();
      isOpen = false;
      shadow.removeEventListener('click', onClick);
      shadow.removeEventListener('input', onInput);
      shadow.removeEventListener('change', onInput);
      shadow.innerHTML = '';
    },
  };
}

function renderNode(node: StatechartNode): string {
  const edges = node.transitions.length === 0 ? '' : `<ul class="rj-edges">${node.transitions.map((edge) => `<li>${escapeHtml(edge)}</li>`).join('')}</ul>`;
  return `<div class="rj-node" data-path="${escapeHtml(node.path)}"><span class="rj-name">${escapeHtml(node.key)}${node.final ? ' (final)' : ''}</span>${edges}${node.children.map(renderNode).join('')}</div>`;
}

function skeleton(layout: 'floating' | 'embedded'): string {
  const details = (name: string, title: string, extra = ''): string =>
    `<details open data-details="${name}"><summary>${title}</summary>${extra}<div class="rj-section" data-section="${name}" tabindex="0" role="region" aria-label="${title}"></div></details>`;
  return `<div class="rj-root rj-${layout}">
<div class="rj-launcher"><button type="button" data-action="open">Rejoin devtools</button></div>
<section class="rj-panel" hidden aria-label="Rejoin devtools">
<header><h2>Rejoin</h2><span class="rj-state"></span>
<label><input type="checkbox" name="reveal"> show text &amp; token</label>
<button type="button" data-action="close" aria-label="Close devtools">×</button></header>
<div class="rj-bar rj-actions">
<button type="button" data-action="drop">Drop connection</button>
<button type="button" data-action="offline">Go offline</button>
<button type="button" data-action="retry">Retry now</button>
<button type="button" data-action="clear">Clear persisted data</button>
<button type="button" data-action="copy">Copy support bundle</button>
<button type="button" data-action="download">Download</button>
<span class="rj-status rj-muted" role="status"></span></div>
<div class="rj-bar rj-travel"><span>Time travel</span><input type="range" name="travel" min="0" max="0" value="0" aria-label="Snapshot">
<button type="button" data-action="live">Live</button></div>
<div class="rj-banner" hidden></div>
<div class="rj-bar"><span class="rj-muted">Trail:</span> <span class="rj-trail" data-section="trail"></span></div>
${details('connection', 'Connection')}
${details('statechart', 'Statechart')}
${details('conversations', 'Conversations')}
${details('outbox', 'Outbox')}
${details('persistence', 'Persisted record')}
${details('frames', 'Frames', `<div class="rj-bar"><input type="text" name="conversation" placeholder="conversation id" aria-label="Filter by conversation"><input type="text" name="type" placeholder="frame type" aria-label="Filter by type"></div>`)}
</section></div>`;
}
