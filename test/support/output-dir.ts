import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, CliResult } from './cli';

export const OWNERSHIP = '.cdk8s-workers';
export const JOURNAL = '.cdk8s-workers.journal';
export const LOCK = '.cdk8s-workers.lock';
export const STAGING = '.cdk8s-workers.staging';
const CONTROL = new Set([OWNERSHIP, JOURNAL, LOCK, STAGING]);

/** A fleet of `count` job pools named `p<first>`…, each with its own file in the per-resource layout. */
export function fleetConfig(first: number, count: number, image: string): string {
  const pools = Array.from({ length: count }, (_, index) => `  - {name: p${first + index}, image: "${image}", job: {}}\n`);
  return `pools:\n${pools.join('')}`;
}

/** The manifests kubectl would read from `dir` (top level), by name, with their content. */
export function manifestFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    if (/\.(?:json|ya?ml)$/i.test(name)) files[name] = fs.readFileSync(path.join(dir, name), 'utf8');
  }
  return files;
}

/** The names listed in the ownership file of `dir`. */
export function ownedNames(dir: string): string[] {
  return fs.readFileSync(path.join(dir, OWNERSHIP), 'utf8').split('\n').filter((line) => line && !line.startsWith('#')).sort();
}

/** Asserts that `dir` holds exactly one complete run's files, those listed in its ownership file, and nothing stray. */
export function assertOneCompleteRun(dir: string, allowedForeign: readonly string[] = []): Record<string, string> {
  const entries = fs.readdirSync(dir).filter((name) => !allowedForeign.includes(name));
  const control = entries.filter((name) => CONTROL.has(name));
  assert.deepEqual(control.filter((name) => name !== OWNERSHIP), [], `left behind in ${dir}: ${control.join(', ')}`);
  const manifests = manifestFiles(dir);
  assert.deepEqual(Object.keys(manifests), ownedNames(dir), 'the ownership file lists exactly the manifests present');
  assert.deepEqual(entries.filter((name) => !CONTROL.has(name) && !(name in manifests)), [], 'nothing else in the directory');
  return manifests;
}

/** Every manifest file kubectl would read below `dir`, recursively, as `kubectl apply -R -f` walks it. */
export function manifestPathsRecursive(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((name) => /\.(?:json|ya?ml)$/i.test(name)).sort();
}

/** A running CLI process, with its output collected. */
export interface RunningCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

/** Starts the built CLI without waiting for it. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => { stdout += chunk; });
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}

const scratch = new Set<string>();
process.on('exit', () => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh directory on a memory file system (/dev/shm) where there is one, else in the temporary directory. */
export function scratchDir(): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'cdk8s-workers-'));
  scratch.add(dir);
  return dir;
}

/** A small seeded generator (mulberry32), so that a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
