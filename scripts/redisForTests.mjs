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

/**
 * Starts a throwaway Redis Cluster on 127.0.0.1: three masters, no replicas, on the first three
 * free ports from `preferredPort` (7001 by default), joined with `redis-cli --cluster create`.
 * Returns its masters' URLs (comma-separated, as REDIS_CLUSTER_URLS takes them) and a stop function.
 */
export async function startRedisClusterForTests(preferredPort = 7001) {
  const ports = [];
  for (let port = preferredPort; ports.length < 3; port += 1) {
    // A cluster node also listens on its port + 10000 (the cluster bus).
    if ((await portIsFree(port)) && (await portIsFree(port + 10000))) ports.push(port);
  }
  const dir = mkdtempSync(join(tmpdir(), 'rejoin-redis-cluster-'));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const port of ports) spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const started = spawnSync(
        'redis-server',
        [
          '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
          '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--dir', dir,
          '--pidfile', join(dir, `${port}.pid`), '--logfile', join(dir, `${port}.log`),
        ],
        { stdio: 'inherit' },
      );
      if (started.status !== 0) throw new Error(`[rejoin] redis-server (cluster node on port ${port}) did not start; see the output above.`);
    }
    for (const port of ports) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`[rejoin] redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    // Every node must agree the cluster is up before a client asks any of them for the slots.
    for (const port of ports) {
      for (let attempt = 0; ; attempt += 1) {
        const info = spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).stdout ?? '';
        if (info.includes('cluster_state:ok')) break;
        if (attempt >= 100) throw new Error(`[rejoin] the Redis Cluster node on port ${port} never reported cluster_state:ok.`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { urls: ports.map((port) => `redis://127.0.0.1:${port}`).join(','), stop };
}
