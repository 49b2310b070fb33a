/**
 * Structured logging: one JSON object per line, so any log shipper can index the fields.
 * Callers pass ids, counts and codes as fields; tokens and message text are never logged.
 */

/** Severity, lowest first. `silent` turns logging off. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Values a log field may hold: plain data only, so every line stays valid JSON. */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the session id). */
  child(fields: LogFields): Logger;
}

export interface CreateLoggerOptions {
  /**
   * The lowest level written.
   * @default the `REJOIN_LOG` environment variable when it names a level; otherwise `silent` under
   * vitest (`VITEST` is set) and `info` elsewhere
   */
  readonly level?: LogLevel;
  /**
   * Where each line goes (without its trailing newline).
   * @default a write to process.stdout
   */
  readonly write?: (line: string) => void;
  /**
   * The clock for the `time` field.
   * @default Date.now
   */
  readonly now?: () => number;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && Object.hasOwn(RANK, value);
}

/** The level used when none is passed: `REJOIN_LOG`, else quiet under vitest, else `info`. */
export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const fromEnv = env['REJOIN_LOG']?.trim().toLowerCase();
  if (isLogLevel(fromEnv)) return fromEnv;
  return env['VITEST'] !== undefined ? 'silent' : 'info';
}

/** A JSON-lines logger: `{"time":"…","level":"info","msg":"…",…fields}`. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? defaultLogLevel();
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  return buildLogger(level, write, now, {});
}

function buildLogger(
  level: LogLevel,
  write: (line: string) => void,
  now: () => number,
  bound: LogFields,
): Logger {
  const threshold = RANK[level];
  const log = (lineLevel: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void => {
    if (RANK[lineLevel] < threshold) return;
    const line: Record<string, LogValue> = { time: new Date(now()).toISOString(), level: lineLevel, msg };
    for (const [key, value] of Object.entries({ ...bound, ...fields })) {
      // A field can never overwrite the time, the level or the message.
      if (!Object.hasOwn(line, key)) line[key] = value;
    }
    write(JSON.stringify(line));
  };
  return {
    level,
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: (fields) => buildLogger(level, write, now, { ...bound, ...fields }),
  };
}

/** Log fields describing a caught value: its name and message, never its whole payload. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message };
  return { errorName: typeof error, errorMessage: String(error).slice(0, 200) };
}
