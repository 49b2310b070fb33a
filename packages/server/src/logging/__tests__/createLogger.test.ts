import { describe, expect, it } from 'vitest';
import { createLogger, defaultLogLevel, type LogLevel } from '../createLogger.ts';

function capture(level: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, now: () => 0, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const { logger, lines } = capture('info');
    logger.info('client joined', { sessionId: 's1', cursors: 2 });
    expect(lines).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'client joined', sessionId: 's1', cursors: 2 },
    ]);
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(lines.map((line) => line['msg'])).toEqual(['c', 'd']);
  });

  it('adds a child logger’s fields to every line, and never lets a field replace the message', () => {
    const { logger, lines } = capture('debug');
    logger.child({ sessionId: 's1' }).debug('real message', { msg: 'spoofed', level: 'error' });
    expect(lines[0]).toMatchObject({ sessionId: 's1', msg: 'real message', level: 'debug' });
  });

  it('takes its default level from REJOIN_LOG, else silent under vitest, else info', () => {
    expect(defaultLogLevel({ REJOIN_LOG: 'debug', VITEST: 'true' })).toBe('debug');
    expect(defaultLogLevel({ REJOIN_LOG: 'nonsense', VITEST: 'true' })).toBe('silent');
    expect(defaultLogLevel({})).toBe('info');
  });
});
