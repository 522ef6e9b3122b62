import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `marsad` command in a child process. Under `npm test` that is the built JavaScript
 * (dist/src/cli/main.js, exactly what the bin runs); under tsx in development it is the TypeScript
 * source with the same loader.
 */
export function spawnCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcessWithoutNullStreams {
  const underTs = import.meta.url.endsWith('.ts');
  const main = underTs ? join(repoRoot, 'src/cli/main.ts') : join(repoRoot, 'dist/src/cli/main.js');
  if (!existsSync(main)) throw new Error(`CLI entry not found: ${main}`);
  return spawn(process.execPath, [...(underTs ? process.execArgv : []), main, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env, NO_COLOR: '1' },
  });
}

export function runCli(args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(options.input ?? '');
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}
