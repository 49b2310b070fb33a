import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../parseCliArgs.ts';

describe('parseCliArgs', () => {
  it('defaults to 127.0.0.1:8787 with no static directory and the default model speed', () => {
    expect(parseCliArgs([])).toStrictEqual({
      help: false,
      host: '127.0.0.1',
      port: 8787,
      staticDir: undefined,
      tokensPerSecond: undefined,
      redisUrl: undefined,
      redisClusterUrls: undefined,
      workers: 1,
    });
  });

  it('reads every option', () => {
    expect(
      parseCliArgs(['--host', '0.0.0.0', '--port', '0', '--static', 'dist', '--rate', '120', '--redis', 'redis://cache:6379/2', '--workers', '4']),
    ).toStrictEqual({
      help: false,
      host: '0.0.0.0',
      port: 0,
      staticDir: 'dist',
      tokensPerSecond: 120,
      redisUrl: 'redis://cache:6379/2',
      redisClusterUrls: undefined,
      workers: 4,
    });
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it('reads a Redis Cluster as host:port entries or URLs, as redis:// URLs', () => {
    expect(parseCliArgs(['--redis-cluster', '10.0.0.1:7001, rediss://:secret@10.0.0.2:7002']).redisClusterUrls).toEqual([
      'redis://10.0.0.1:7001',
      'rediss://:secret@10.0.0.2:7002',
    ]);
  });

  it.each([
    [['--port', 'http']],
    [['--port', '70000']],
    [['--rate', '0']],
    [['--redis', 'localhost:6379']],
    [['--redis']],
    [['--redis-cluster', '']],
    [['--redis-cluster', '10.0.0.1']],
    [['--redis-cluster', '10.0.0.1:7001', '--redis', 'redis://cache:6379']],
    [['--verbose']],
    [['--workers', '0']],
    [['--workers', '1.5']],
  ])('refuses %j', (args) => {
    expect(() => parseCliArgs(args)).toThrow(/\[rejoin\]/);
  });
});
