import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';
import { expectSynthReadsBack } from './kubectl';

export const REPO = path.join(__dirname, '..', '..');
export const BIN = path.join(REPO, 'lib', 'cli', 'bin.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process (fast); use for most cases. */
export function cli(...args: string[]): CliResult {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; } });
  expectSynthReadsBack(args, code, stdout);
  return { code, stdout, stderr };
}

/** Runs the built CLI as a new process, as a user would (needs `npm run build`). */
export function cliProcess(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliResult {
  const env = options.env ? { ...process.env, ...options.env } : undefined;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, encoding: 'utf8', input: options.input, env, timeout: 60_000 });
  expectSynthReadsBack(args, result.status, result.stdout, options.cwd ?? REPO);
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Asserts the shape of an input error: exit 2, no stack trace, and each fragment in stderr. */
export function expectInputError(result: CliResult, ...fragments: string[]): void {
  if (result.code !== 2) throw new Error(`expected exit 2, got ${result.code}\nstderr: ${result.stderr}\nstdout: ${result.stdout.slice(0, 500)}`);
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(result.stderr)) throw new Error(`stack trace in stderr:\n${result.stderr}`);
  for (const fragment of fragments) {
    if (!result.stderr.includes(fragment)) throw new Error(`expected stderr to include ${JSON.stringify(fragment)}\nstderr: ${result.stderr}`);
  }
}
