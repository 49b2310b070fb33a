import { spawn } from 'node:child_process';
import { BenchmarkCheckFailed } from './fail.ts';

/**
 * Runs a bundled worker in its own Node process and returns the JSON of the last line it prints.
 * Its stderr passes through; a non-zero exit or a timeout fails the run.
 */
export function runJsonChild<T>(args: readonly string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      output += text;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new BenchmarkCheckFailed(`${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new BenchmarkCheckFailed(`${args.join(' ')} exited with ${code}`));
        return;
      }
      const last = output.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new BenchmarkCheckFailed(`${args.join(' ')} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}
