// A throwaway redis-server for the test run: loopback only, no persistence, stopped on exit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Starts redis-server on 127.0.0.1 (port 6390, or the next free one); returns its URL and a stop function. */
export async function startRedisForTests(preferredPort = 6390) {
  let port = preferredPort;
  while (!(await portIsFree(port))) port += 1;
  const dir = mkdtempSync(join(tmpdir(), 'rejoin-redis-'));
  const started = spawnSync(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', join(dir, 'redis.pid'), '--dir', dir, '--logfile', join(dir, 'redis.log')],
    { stdio: 'inherit' },
  );
  if (started.status !== 0) throw new Error('[rejoin] redis-server did not start; see the output above.');
  // Wait until it answers.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      if (stopped) return;
      stopped = true;
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
