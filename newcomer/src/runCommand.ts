import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The repository's root: every README command runs there, as a newcomer would run it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CommandOptions {
  readonly cwd?: string;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Echo the command's output with this prefix, so a long step shows progress in CI. */
  readonly echo?: string;
}

export interface FinishedCommand {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they arrived. */
  readonly output: string;
  /** stdout alone. */
  readonly stdout: string;
}

/** A command that keeps running (a server): its output so far, and how to stop it. */
export interface RunningCommand {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects, with the output, if the command exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves once the command has exited and its output has been read to the end. */
  readonly exited: Promise<FinishedCommand>;
  /** Resolves with the exit code as soon as the command itself exits (its output may still be arriving). */
  readonly exitCode: Promise<number | null>;
  /** Whether any process of the command's group still runs: one that outlived the command is orphaned. */
  groupAlive(): boolean;
}

/**
 * This process's environment without what vitest adds to it (`VITEST*`, `NODE_ENV=test`,
 * `TEST`): a newcomer's shell has none, and they change what the commands do (Vite builds
 * whatever NODE_ENV says; the server's logger goes silent under vitest).
 */
function newcomerEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST.*|NODE_ENV|TEST)$/.test(name)));
}

/**
 * Starts `command` in its own process group, as a shell starts a foreground job: `stopLikeCtrlC`
 * then signals the whole group, as a terminal's Ctrl+C does (npm and the script it runs both get it).
 */
export function startCommand(command: string, args: readonly string[], options: CommandOptions = {}): RunningCommand {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...newcomerEnvironment(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let stdout = '';
  const listeners = new Set<() => void>();
  const onData = (data: Buffer): void => {
    const text = data.toString();
    output += text;
    if (options.echo !== undefined) {
      for (const line of text.split('\n')) if (line.trim() !== '') process.stdout.write(`${options.echo} ${line}\n`);
    }
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'close').then(([code, signal]) => {
    for (const listener of listeners) listener();
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, output, stdout };
  });
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
  let hasExited = false;
  void exitCode.then(() => (hasExited = true));

  return {
    child,
    output: () => output,
    exited,
    exitCode,
    groupAlive() {
      try {
        process.kill(-child.pid!, 0);
        return true;
      } catch {
        return false;
      }
    },
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(output);
          if (match !== null) {
            listeners.delete(check);
            resolve(match);
          } else if (hasExited || child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            reject(new Error(`\`${command} ${args.join(' ')}\` exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}. Its output:\n${output}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs a command to its end. */
export async function runCommand(command: string, args: readonly string[], options: CommandOptions = {}): Promise<FinishedCommand> {
  return startCommand(command, args, options).exited;
}

/** Ctrl+C in a terminal: SIGINT to the job's whole process group. */
export function stopLikeCtrlC(running: RunningCommand): void {
  if (running.child.pid === undefined) throw new Error('[rejoin] the command never started');
  process.kill(-running.child.pid, 'SIGINT');
}

/** A process manager's stop (systemd, Docker, `kill`): SIGTERM to the process it started. */
export function stopLikeProcessManager(running: RunningCommand): void {
  running.child.kill('SIGTERM');
}

/** Cleanup after a failed test: kills whatever still runs in the job's group, orphans included. */
export async function killIfRunning(running: RunningCommand | undefined): Promise<void> {
  if (running === undefined || running.child.pid === undefined) return;
  try {
    process.kill(-running.child.pid, 'SIGKILL');
  } catch {
    // Nothing left in the group.
  }
  await running.exited;
}
