import { parseArgs } from 'node:util';
import type { ConformanceOptions } from '../suite/ConformanceOptions.ts';

export const CLI_USAGE = `Usage: rejoin-conformance <ws-url> [options]

Runs the Rejoin protocol v1 conformance suite against a running server and prints one line per
case, a summary by section, and (with --json) a JSON report. Exit code 0: conforms; 1: a case
failed; 2: bad arguments.

Options:
  --token-a <token>        Token of the first user (default: a fresh random token per case)
  --token-b <token>        Token of the second user, a different user (default: fresh random)
  --invalid-token <token>  A token the server refuses (default: "not a valid token!")
  --no-invalid-token       Skip the unauthorized case
  --header <name: value>   A header on every upgrade request (repeatable), e.g. a cookie
  --prompt <text>          A message the model answers with at least --min-chunks chunks
  --min-chunks <n>         Chunks the reply to --prompt has at least (default 3)
  --error-prompt <text>    A message the model answers with finishReason "error"
  --approval-prompt <text> (v2) A message the model answers with parts and a tool call awaiting approval
  --frame-timeout-ms <n>   How long to wait for one expected frame (default 10000)
  --max-wait-ms <n>        Longest wait on the server's timers, e.g. idle timeout (default 10000)
  --retention-ms <n>       The server's retention window, to check what happens after it
  --rate-limit-probe <n>   Frames sent at once to find the rate limit (default 400)
  --concurrency <n>        Cases run at once (default 1); needs fresh users per case, so not
                           with --token-a/--token-b
  --only <prefix>          Run only cases whose id starts with this (repeatable)
  --json <file>            Also write the JSON report to this file
  -h, --help               Show this help`;

export interface CliArgs {
  readonly help: boolean;
  readonly options: ConformanceOptions;
  readonly jsonPath: string | undefined;
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`[rejoin] --${name} must be a positive integer, got "${value}".`);
  return number;
}

/** Parses argv (without node and the script); throws an Error whose message says what is wrong. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'token-a': { type: 'string' },
      'token-b': { type: 'string' },
      'invalid-token': { type: 'string' },
      'no-invalid-token': { type: 'boolean' },
      header: { type: 'string', multiple: true },
      prompt: { type: 'string' },
      'min-chunks': { type: 'string' },
      'error-prompt': { type: 'string' },
      'approval-prompt': { type: 'string' },
      'frame-timeout-ms': { type: 'string' },
      'max-wait-ms': { type: 'string' },
      'rate-limit-probe': { type: 'string' },
      'retention-ms': { type: 'string' },
      concurrency: { type: 'string' },
      only: { type: 'string', multiple: true },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return { help: true, options: { url: '' }, jsonPath: undefined };
  const [url, ...extra] = positionals;
  if (url === undefined || !/^wss?:\/\//.test(url)) throw new Error('[rejoin] Give the server\'s WebSocket URL first, e.g. ws://127.0.0.1:8787/ws.');
  if (extra.length > 0) throw new Error(`[rejoin] Unexpected arguments: ${extra.join(' ')}.`);
  const tokenA = values['token-a'];
  const tokenB = values['token-b'];
  if (tokenA !== undefined && tokenA === tokenB) throw new Error('[rejoin] --token-a and --token-b must authenticate two different users.');
  const headers = Object.fromEntries(
    (values.header ?? []).map((header) => {
      const colon = header.indexOf(':');
      if (colon < 1) throw new Error(`[rejoin] --header must be "Name: value", got "${header}".`);
      return [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
    }),
  );
  const minChunks = positiveInteger('min-chunks', values['min-chunks']);
  const frameTimeoutMs = positiveInteger('frame-timeout-ms', values['frame-timeout-ms']);
  const maxWaitMs = positiveInteger('max-wait-ms', values['max-wait-ms']);
  const retentionMs = positiveInteger('retention-ms', values['retention-ms']);
  const rateLimitProbeFrames = positiveInteger('rate-limit-probe', values['rate-limit-probe']);
  const concurrency = positiveInteger('concurrency', values.concurrency);
  if (concurrency !== undefined && concurrency > 1 && tokenA !== undefined) {
    throw new Error('[rejoin] --concurrency above 1 needs a fresh user per case: with --token-a/--token-b every case would see the others\' streams.');
  }
  const options: ConformanceOptions = {
    url,
    headers,
    ...(tokenA === undefined && tokenB === undefined
      ? {}
      : {
          token: (user) => {
            const fixed = user === 'alice' ? tokenA : tokenB;
            if (fixed === undefined) throw new Error(`[rejoin] Give both --token-a and --token-b, or neither.`);
            return fixed;
          },
        }),
    ...(values['no-invalid-token'] === true ? { invalidToken: null } : values['invalid-token'] === undefined ? {} : { invalidToken: values['invalid-token'] }),
    ...(values.prompt === undefined ? {} : { prompt: values.prompt }),
    ...(values['error-prompt'] === undefined ? {} : { errorPrompt: values['error-prompt'] }),
    ...(values['approval-prompt'] === undefined ? {} : { approvalPrompt: values['approval-prompt'] }),
    ...(minChunks === undefined ? {} : { minChunks }),
    ...(frameTimeoutMs === undefined ? {} : { frameTimeoutMs }),
    ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
    ...(rateLimitProbeFrames === undefined ? {} : { rateLimitProbeFrames }),
    ...(retentionMs === undefined ? {} : { retentionMs }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(values.only === undefined ? {} : { only: values.only }),
  };
  if ((tokenA === undefined) !== (tokenB === undefined)) throw new Error('[rejoin] Give both --token-a and --token-b, or neither.');
  return { help: false, options, jsonPath: values.json };
}
