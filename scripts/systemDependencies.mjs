// What the tests need beyond npm, and how to get it: Debian's chromium (story and end-to-end tests)
// and redis-server (Redis store tests). Installed with apt-get when missing and possible (root on
// Debian); otherwise the exact command to run is printed and the caller stops.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PACKAGES = ['chromium', 'fonts-liberation', 'redis-server', 'redis-tools'];
const INSTALL = `apt-get update && apt-get install -y --no-install-recommends ${SYSTEM_PACKAGES.join(' ')}`;

function has(binary) {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

export function chromiumPath() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? null;
}

/** Makes sure chromium and redis-server exist; returns false (after saying why) when it cannot. */
export function ensureSystemDependencies() {
  const missing = [];
  if (chromiumPath() === null) missing.push('chromium');
  if (!has('redis-server') || !has('redis-cli')) missing.push('redis-server');
  if (missing.length === 0) return true;
  const canInstall = process.getuid?.() === 0 && has('apt-get');
  if (!canInstall) {
    console.error(`[rejoin] The tests need ${missing.join(' and ')}. Install them with:\n  sudo ${INSTALL}`);
    return false;
  }
  console.log(`[rejoin] Installing ${missing.join(' and ')} with apt-get…`);
  try {
    execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${INSTALL}`], { stdio: 'inherit' });
  } catch {
    console.error(`[rejoin] apt-get failed. Install them by hand:\n  ${INSTALL}`);
    return false;
  }
  return chromiumPath() !== null && has('redis-server');
}
