import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { OWNERSHIP_FILE } from '../../src/synth/write';

/**
 * kubectl's reader as an oracle: `kubectl label --local -f - PROBE -o json` reads a YAML stream the way
 * `kubectl apply` does (Go-YAML, then JSON) and prints every object as it understood it, without a cluster.
 */
const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const PROBE_KEY = 'read-back.cdk8s-workers.test/probe';
const PROBE_VALUE = 'x';

export const KUBECTL_MISSING = `${KUBECTL} was not found, so YAML was not read back through kubectl's reader; install kubectl (or set KUBECTL) to run this check`;

let found: boolean | undefined;

/** Whether kubectl can be run here. */
export function kubectlFound(): boolean {
  found ??= spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' }).status === 0;
  return found;
}

/**
 * Strings some YAML reader takes for something other than themselves: Go-YAML's numbers (Go's strconv,
 * with underscores dropped), YAML 1.1's and 1.2's numbers, booleans, nulls, timestamps and sexagesimals,
 * the merge and value keys, indicators, document markers, breaks, controls and edge whitespace.
 */
export const MISREAD_STRINGS: readonly string[] = [
  '0o022', '0O22', '0X1F', '0x1f', '0B101', '0b101', '-0o7', '+0o7', '0_o17', '0o_17', '0_x1F', '0x_1F', '-0b1_0', '1_000',
  '-1_0', '0777', '08', '09', '00', '0', '1', '-1', '+1', '0o', '0x', '1e3', '1E3', '1e+3', '-1e-3', '1.', '.5', '-.5', '+.5',
  '1.5e3', '1_0.5', '0x1p-2', '9223372036854775807', '9223372036854775808', '18446744073709551615', '18446744073709551616',
  '123456789012345678901234567890', '.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', '.NAN', 'inf', 'Infinity',
  '-Infinity', 'NaN', 'nan', '-inf', '+inf', '1:20', '-1:20', '1:20:30', '190:20:30.15', '1:2', '2001-12-14',
  '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-14T21:59:43Z', '2002-1-1', 'y', 'Y', 'yes', 'Yes',
  'YES', 'yEs', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF', 'true', 'True', 'TRUE', 'tRUE',
  'false', 'False', 'FALSE', '-y', '--no', '~', 'null', 'Null', 'NULL', 'nULL', '', '<<', '=', '-', '- ', '- a', '?', '? ',
  '? a', ':', ': ', 'a:', 'a: b', 'a:b', '#', '#a', 'a #b', 'a#b', '!tag', '!!str', '!!int 1', '&a', '*a', '%', '%YAML 1.1',
  '@', '@a', '`', '`a', '|', '|-', '>', '>-', '[', ']', '{', '}', '[a]', '{a: 1}', ',', 'a,b', '"', "'", "'a'", '"a"', '\\',
  '\\n', '---', '...', '--- a', '--', '-- a', '---x', '-e5', 'e5', 'E-0', ' ', ' a', 'a ', '\t', '\ta', 'a\t', '  ', '\n',
  'a\n', '\na', 'a\n\n', 'a  \nb', ' \n', '\r', '\r\n', 'a\r\nb', '\x85', 'a\x85b', '\u2028', '\u2029', 'a\u2028b',
  '\uFEFF', '\uFEFFa', '\x7F', '\x00', '\x1B', '\x9F', '\uFFFE', '\uFFFF', '\uE000', '\u{1F600}', 'a\n---\nb',
  'a\n...\nb', 'line one\n  indented\n\nlast\n', 'x'.repeat(1100),
];

/** YAML text and the objects it must read back as. */
export interface ReadBack {
  readonly yaml: string;
  readonly expected: readonly unknown[];
  /** Where the text came from, named in failures. */
  readonly source: string;
}

/** The objects in a YAML stream as kubectl reads them, with the probe label it adds; throws with kubectl's message when it cannot. */
export function kubectlRead(yaml: string): unknown[] {
  const result = spawnSync(KUBECTL, ['label', '--local', '-f', '-', `${PROBE_KEY}=${PROBE_VALUE}`, '-o', 'json'], {
    input: yaml, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 120_000,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl could not read the YAML (exit ${result.status}): ${result.stderr.trim()}`);
  return parseJsonStream(result.stdout);
}

/** kubectl prints one indented JSON object per document; a line `}` then `{` is the only place one ends. */
function parseJsonStream(text: string): unknown[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : JSON.parse(`[${trimmed.replace(/\n}\n\{/g, '\n},\n{')}]`);
}

/**
 * Reads every text back through kubectl in one call and lists each object that differs from what was meant
 * (first differing path, both values). When kubectl refuses the batch, each text is read alone to name it.
 */
export function readBackProblems(batch: readonly ReadBack[]): string[] {
  if (batch.length === 0) return [];
  const expected = batch.flatMap((entry) => entry.expected.map((object) => ({ object: withProbe(object), source: entry.source })));
  let actual: unknown[];
  try {
    actual = kubectlRead(batch.map((entry) => entry.yaml).join('---\n'));
  } catch (error) {
    if (batch.length === 1) return [`${batch[0].source}: ${(error as Error).message}`];
    return batch.flatMap((entry) => readBackProblems([entry]));
  }
  if (actual.length !== expected.length) {
    if (batch.length > 1) return batch.flatMap((entry) => readBackProblems([entry]));
    return [`${batch[0].source}: kubectl read ${actual.length} object(s), expected ${expected.length}`];
  }
  return expected.flatMap(({ object, source }, index) => {
    const difference = firstDifference(object, actual[index], '');
    return difference === undefined ? [] : [`${source}: ${objectName(object)}: ${difference}`];
  });
}

/** Asserts that kubectl reads every text back as exactly the objects meant. */
export function assertReadsBack(batch: readonly ReadBack[]): void {
  const problems = readBackProblems(batch);
  if (problems.length > 0) {
    assert.fail(`${problems.length} object(s) read back through kubectl differ from what was written:\n${problems.slice(0, 20).map((p) => `  - ${p}`).join('\n')}`);
  }
}

const queued: ReadBack[] = [];

/**
 * Queues YAML and the objects it must read back as; the whole file's queue goes through kubectl in one call
 * after its last test, which fails the run when any object differs. Without kubectl it says so and skips.
 */
export function expectReadBack(yaml: string, expected: readonly unknown[]): void {
  queued.push({ yaml, expected, source: callSite() });
}

/**
 * Queues a YAML stream whose objects are what the `yaml` library reads, in YAML 1.2 and 1.1 alike (checked
 * here): for output whose objects the test does not hold, such as the CLI's.
 */
export function expectStreamReadsBack(yaml: string): void {
  const objects = readStream(yaml, '1.2');
  assert.deepEqual(readStream(yaml, '1.1'), objects, 'the yaml library reads the stream differently as YAML 1.1 and 1.2');
  queued.push({ yaml, expected: objects, source: callSite() });
}

/** Files a layout writes that are not Kubernetes objects (kustomize's own configuration). */
const NOT_OBJECTS = new Set(['kustomization.yaml', 'kustomizeconfig.yaml']);

/**
 * Queues what a successful `synth` rendered: the stream it printed with --stdout, else the YAML files it
 * wrote to --out (default `dist` under `cwd`) and listed as its own in the ownership file, read now, before
 * a test may change them. Foreign files in the directory are left alone.
 */
export function expectSynthReadsBack(args: readonly string[], code: number | null, stdout: string, cwd = process.cwd()): void {
  if (code !== 0 || !args.includes('synth')) return;
  if (args.includes('--stdout')) {
    if (stdout !== '') expectStreamReadsBack(stdout);
    return;
  }
  const flag = args.findIndex((arg) => arg === '--out' || arg.startsWith('--out='));
  const out = flag < 0 ? 'dist' : args[flag] === '--out' ? args[flag + 1] : args[flag].slice('--out='.length);
  const dir = path.resolve(cwd, out);
  const owned = path.join(dir, OWNERSHIP_FILE);
  if (!fs.existsSync(owned)) return;
  for (const entry of fs.readFileSync(owned, 'utf8').split('\n')) {
    const file = path.join(dir, entry);
    if (entry.endsWith('.yaml') && !NOT_OBJECTS.has(path.basename(entry)) && fs.existsSync(file)) expectStreamReadsBack(fs.readFileSync(file, 'utf8'));
  }
}

export function readStream(yaml: string, version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(yaml, { version }).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJS({ maxAliasCount: -1 });
  });
}

after((context) => {
  if (queued.length === 0) return;
  if (!kubectlFound()) {
    if ('diagnostic' in context) context.diagnostic(KUBECTL_MISSING);
    return;
  }
  assertReadsBack(queued.splice(0));
});

/** The object as kubectl's JSON would hold it, with the probe label kubectl adds. */
export function withProbe(object: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(object));
  if (typeof copy?.metadata === 'object' && copy.metadata !== null) copy.metadata.labels = { ...copy.metadata.labels, [PROBE_KEY]: PROBE_VALUE };
  return copy;
}

function objectName(object: any): string {
  return `${object?.kind ?? 'object'}/${object?.metadata?.name ?? '(unnamed)'}`;
}

/** The first path where two JSON values differ, with both values, or undefined when they are equal. */
export function firstDifference(expected: unknown, actual: unknown, path: string): string | undefined {
  const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 200));
  if (Object.is(expected, actual)) return undefined;
  const bothObjects = typeof expected === 'object' && typeof actual === 'object' && expected !== null && actual !== null;
  if (!bothObjects || Array.isArray(expected) !== Array.isArray(actual)) {
    return `${path || '(document)'}: meant ${show(expected)}, kubectl read ${show(actual)}`;
  }
  const keys = new Set([...Object.keys(expected as object), ...Object.keys(actual as object)]);
  for (const key of keys) {
    const childPath = Array.isArray(expected) ? `${path}[${key}]` : `${path}${path ? '.' : ''}${/^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key)}`;
    const difference = firstDifference((expected as any)[key], (actual as any)[key], childPath);
    if (difference !== undefined) return difference;
  }
  return undefined;
}

/** The first frame in a test file, so that a failure found after the tests still names where the YAML came from. */
function callSite(): string {
  const frames = new Error().stack?.split('\n') ?? [];
  const frame = frames.find((line) => /\.test\.ts:\d+/.test(line));
  return frame?.replace(/^\s*at\s+/, '').replace(/^.*\((.*)\)$/, '$1').replace(/^.*\/test\//, 'test/') ?? 'a test';
}
