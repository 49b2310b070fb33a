/**
 * How every browser test here starts Chromium: Debian's build (never a downloaded one), as root,
 * on a closed network (/work/shared/toolchain.md). One list, so the e2e suite, the newcomer checks
 * and both Storybooks' story tests cannot drift apart.
 */

/** Debian's Chromium unless `CHROMIUM_PATH` says otherwise. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * No sandbox (root), no GPU, and none of the background traffic (QUIC, component updates, sync)
 * that floods a closed network with refused connections.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
