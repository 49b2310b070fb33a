import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../parseCliArgs.ts';

describe('parseCliArgs', () => {
  it('takes the URL and turns options into suite options', async () => {
    const args = parseCliArgs(['ws://127.0.0.1:8787/ws', '--token-a', 'first-user-token-1', '--token-b', 'second-user-token-2', '--max-wait-ms', '3000', '--only', 'send.', '--header', 'Cookie: s=1', '--json', 'out.json']);
    expect(args.options.url).toBe('ws://127.0.0.1:8787/ws');
    expect(args.options.maxWaitMs).toBe(3000);
    expect(args.options.only).toEqual(['send.']);
    expect(args.options.headers).toEqual({ Cookie: 's=1' });
    expect(args.jsonPath).toBe('out.json');
    expect(await args.options.token?.('alice', 'any')).toBe('first-user-token-1');
    expect(await args.options.token?.('bob', 'any')).toBe('second-user-token-2');
  });

  it('keeps fresh random users when no tokens are given', () => {
    expect(parseCliArgs(['ws://h/ws']).options.token).toBeUndefined();
  });

  it('--concurrency runs that many cases at once', () => {
    expect(parseCliArgs(['ws://h/ws', '--concurrency', '4']).options.concurrency).toBe(4);
  });

  it('--no-invalid-token skips the unauthorized case', () => {
    expect(parseCliArgs(['ws://h/ws', '--no-invalid-token']).options.invalidToken).toBeNull();
  });

  it.each([
    [[], /WebSocket URL/],
    [['http://h/ws'], /WebSocket URL/],
    [['ws://h/ws', '--token-a', 'same-token-xxxxxxx', '--token-b', 'same-token-xxxxxxx'], /two different users/],
    [['ws://h/ws', '--token-a', 'only-one-token-xxxx'], /both --token-a and --token-b/],
    [['ws://h/ws', '--max-wait-ms', '1.5'], /positive integer/],
    [['ws://h/ws', '--header', 'no-colon'], /Name: value/],
    [['ws://h/ws', '--concurrency', '0'], /positive integer/],
    [['ws://h/ws', '--concurrency', '2', '--token-a', 'first-user-token-1', '--token-b', 'second-user-token-2'], /fresh user per case/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
