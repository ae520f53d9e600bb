/**
 * Conformance: every real input under ../shared/reference/real-configs (inputs taken from each system's own
 * repository, docs, tests and issues, with what the real system renders from them in expected/) is run
 * through the CLI. The exit must match (render, or refuse where expected/ starts with ERROR:, except the
 * cases acceptable.txt lists), and for rendered cases the fields users see must match expected/, except the
 * documented differences: the table under "## Documented differences" in docs/dialects/<dialect>.md, read
 * here, so the docs and the test are one table.
 *
 * A fresh clone has no ../shared: the suite then says that it skips, and why.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { splitShellWords } from '../src/dialects/shell-words';
import { cli, REPO } from './support/cli';
import { writeTemp } from './support/files';
import { assertValidManifests } from './support/strict-schema';

/**
 * Dialects whose every case must pass (asserted), and dialects that are run with their differences
 * printed as test diagnostics only. Move a dialect from REPORTED_ONLY to ASSERTED once it passes.
 * runnable has no directory under real-configs: its own fixtures (test/runnable.test.ts) test it.
 */
const ASSERTED = ['prefect', 'state-machine', 'pystilt', 'magnus', 'metaflow'];
const REPORTED_ONLY: readonly string[] = [];

/**
 * The environment a real user runs a case with, where the input alone is not the whole story. Metaflow
 * steps without an image take METAFLOW_KUBERNETES_CONTAINER_IMAGE from the user's Metaflow configuration;
 * the real system fell back to python:3.11 (the Python it ran on), which is what a user on 3.11 sets to get
 * the same Job. With this environment the case is compared in full, although acceptable.txt lets it be
 * refused without one.
 */
const CASE_ENVIRONMENT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'metaflow/tutorial-hello-cloud': { METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'python:3.11' },
  'metaflow/core-tests-with': { METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'python:3.11' },
  'metaflow/docs-spot-node-selector': { METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'python:3.11' },
};

const REAL_CONFIGS = path.resolve(REPO, '..', 'shared', 'reference', 'real-configs');
const PRESENT = fs.existsSync(path.join(REAL_CONFIGS, 'README.md'));
const SKIP = PRESENT ? false : `real inputs not found at ${REAL_CONFIGS} (a fresh clone has no ../shared): conformance skipped`;

/** Kinds whose pod template is compared field by field; other kinds are compared whole. */
const WORKLOADS = new Set(['Job', 'Deployment', 'StatefulSet', 'DaemonSet']);
/** The Job and Deployment fields users see: counts and deadlines. */
const WORKLOAD_SPEC_FIELDS = ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'replicas'];
/** The pod fields users see: scheduling, volumes, identity and security. */
const POD_FIELDS = ['nodeSelector', 'tolerations', 'affinity', 'volumes', 'serviceAccountName', 'imagePullSecrets', 'securityContext', 'automountServiceAccountToken', 'hostname', 'subdomain'];
/** The container fields users see. */
const CONTAINER_FIELDS = ['image', 'imagePullPolicy', 'command', 'args', 'env', 'envFrom', 'resources', 'volumeMounts', 'ports', 'securityContext', 'workingDir', 'terminationMessagePolicy'];

interface Case {
  readonly dialect: string;
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

interface Outcome {
  readonly exitProblem?: string;
  readonly differences: readonly string[];
  /** What we rendered, when the case renders. */
  readonly rendered?: string;
}

/** A documented difference: field patterns, and (when the docs give them) the real system's values it covers. */
interface DocumentedDifference {
  readonly fields: readonly RegExp[];
  readonly theirs: readonly ((value: unknown) => boolean)[];
  readonly row: string;
}

function cases(dialect: string): Case[] {
  const dir = path.join(REAL_CONFIGS, dialect);
  return fs.readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') && !file.endsWith('.values.yaml'))
    .sort()
    .map((file) => ({ dialect, name: file.slice(0, -'.yaml'.length), input: path.join(dir, file), expected: path.join(dir, 'expected', file) }))
    .filter((entry) => fs.existsSync(entry.expected));
}

/**
 * Cases we refuse on purpose although the real system renders them, because the API server would refuse
 * what it renders; each is a row of the dialect's documented differences too.
 */
const REFUSED_ON_PURPOSE: Readonly<Record<string, string>> = {
  'prefect/issue-17406-env-lists': 'an env name with spaces, which Kubernetes 1.28 refuses (IsEnvVarName)',
};

function acceptableExits(): Set<string> {
  const file = path.join(REAL_CONFIGS, 'acceptable.txt');
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  return new Set([...lines.filter((line) => line.trim() && !line.startsWith('#')).map((line) => line.split('\t')[0].trim()), ...Object.keys(REFUSED_ON_PURPOSE)]);
}

/** The CLI arguments of a case: its `# FLAGS:` line, with paths made absolute (they are relative to real-configs/). */
function argumentsOf(entry: Case): string[] {
  const line = /^# FLAGS:(.*)$/m.exec(fs.readFileSync(entry.input, 'utf8'))?.[1] ?? '';
  const split = splitShellWords(line);
  if ('error' in split) throw new Error(`${entry.input}: FLAGS: ${split.error}`);
  const flags = split.words.map((word) => (word.includes('/') && fs.existsSync(path.join(REAL_CONFIGS, word)) ? path.join(REAL_CONFIGS, word) : word));
  return ['synth', '--dialect', entry.dialect, '--config', entry.input, ...flags, '--stdout'];
}

/** A Metaflow home with no config.json, so that no developer's or CI machine's Metaflow setup leaks into a case. */
const EMPTY_METAFLOW_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-workers-metaflow-home-'));

/**
 * Runs the CLI with only a case's own environment in effect (a user's shell): every METAFLOW_* variable of
 * this process is cleared and METAFLOW_HOME points at an empty directory first; all is restored after.
 */
function cliWithEnvironment(environment: Readonly<Record<string, string>>, args: readonly string[]): ReturnType<typeof cli> {
  const isolated: Record<string, string | undefined> = Object.fromEntries(Object.keys(process.env).filter((key) => key.startsWith('METAFLOW_')).map((key) => [key, undefined]));
  Object.assign(isolated, { METAFLOW_HOME: EMPTY_METAFLOW_HOME }, environment);
  const saved = Object.fromEntries(Object.keys(isolated).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(isolated);
  try {
    return cli(...args);
  } finally {
    apply(saved);
  }
}

function run(entry: Case, acceptable: Set<string>, documented: readonly DocumentedDifference[]): Outcome {
  const environment = CASE_ENVIRONMENT[`${entry.dialect}/${entry.name}`];
  const result = cliWithEnvironment(environment ?? {}, argumentsOf(entry));
  const expectedText = fs.readFileSync(entry.expected, 'utf8');
  const refused = expectedText.startsWith('ERROR:');
  const wanted = refused ? 2 : 0;
  if (environment === undefined && acceptable.has(`${entry.dialect}/${entry.name}`)) return { differences: [] };
  if (result.code !== wanted) {
    return { exitProblem: `exit ${result.code}, expected ${wanted} (${refused ? 'the real system refuses it' : 'the real system renders it'}): ${result.stderr.split('\n')[0]}`, differences: [] };
  }
  if (refused) return { differences: [] };
  const ours = parseAllDocuments(result.stdout).map((doc) => doc.toJS() as Record<string, unknown>);
  const theirs = parseAllDocuments(expectedText).map((doc) => doc.toJS() as Record<string, unknown>).filter((doc) => doc !== null);
  const differences = compareObjects(ours, theirs, documented);
  try {
    assertValidManifests(ours);
  } catch (error) {
    differences.push(`not what the API server accepts: ${(error as Error).message}`);
  }
  return { differences, rendered: result.stdout };
}

/**
 * Reads every rendered case back through kubectl's reader (`kubectl label --local … -o json`, offline) and
 * lists the cases whose objects kubectl understands differently; undefined when kubectl is absent.
 */
function kubectlMisreads(rendered: ReadonlyMap<string, string>): string[] | undefined {
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (probe.error) return undefined;
  const misread: string[] = [];
  for (const [name, text] of rendered) {
    const file = writeTemp(`${name}.yaml`, text);
    const read = spawnSync('kubectl', ['label', '--local', '-f', file, 'conformance-probe=x', '-o', 'json'], { encoding: 'utf8' });
    if (read.status !== 0) {
      misread.push(`${name}: kubectl cannot read it: ${read.stderr.trim()}`);
      continue;
    }
    // kubectl prints one JSON document per object of a multi-object file, one after the other.
    const documents = JSON.parse(`[${read.stdout.trim().replace(/^\}\n\{$/gm, '},\n{')}]`) as Record<string, any>[];
    const objects: Record<string, any>[] = documents.flatMap((json) => (json.kind === 'List' ? json.items : [json]));
    for (const object of objects) {
      delete object.metadata.labels['conformance-probe'];
      if (Object.keys(object.metadata.labels).length === 0) delete object.metadata.labels;
    }
    const ours = parseAllDocuments(text).map((doc) => doc.toJS());
    if (JSON.stringify(sortDeep(objects)) !== JSON.stringify(sortDeep(ours))) misread.push(`${name}: kubectl reads other objects than we wrote`);
  }
  return misread;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortDeep((value as any)[key])]));
  return value;
}

/** Pairs each expected object with ours (same kind and name, else the next of that kind) and lists what differs. */
function compareObjects(ours: readonly Record<string, unknown>[], theirs: readonly Record<string, unknown>[], documented: readonly DocumentedDifference[]): string[] {
  const differences: string[] = [];
  const unused = [...ours];
  for (const object of theirs) {
    const name = objectName(object);
    let index = unused.findIndex((candidate) => candidate.kind === object.kind && objectName(candidate) === name);
    if (index < 0) index = unused.findIndex((candidate) => candidate.kind === object.kind);
    if (index < 0) {
      differences.push(`${String(object.kind)} ${name}: the real system renders it, we do not`);
      continue;
    }
    const [match] = unused.splice(index, 1);
    const mine = visibleFields(match);
    const real = visibleFields(object);
    for (const field of [...new Set([...mine.keys(), ...real.keys()])].sort()) {
      const a = mine.get(field);
      const b = real.get(field);
      if (sameLeaf(a, b)) continue;
      if (documented.some((difference) => difference.fields.some((pattern) => pattern.test(field)) && (difference.theirs.length === 0 || difference.theirs.some((test) => test(b))))) continue;
      differences.push(`${String(object.kind)} ${name}: ${field}: ours ${show(a)}, real ${show(b)}`);
    }
  }
  return differences;
}

/** The name users see: metadata.name, else generateName without its trailing "-". */
function objectName(object: Record<string, any>): string {
  return object.metadata?.name ?? String(object.metadata?.generateName ?? '').replace(/-$/, '');
}

/** The fields users see, flattened to `path → leaf` (lists of named items keyed by name, env by variable). */
function visibleFields(object: Record<string, any>): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  const metadata = { ...(object.metadata ?? {}), name: objectName(object) };
  delete metadata.generateName;
  if (!WORKLOADS.has(String(object.kind))) {
    const { status: _status, ...rest } = object;
    flatten({ ...rest, metadata }, '', fields);
    return fields;
  }
  flatten(pick(metadata, ['name', 'namespace', 'labels', 'annotations']), 'metadata', fields);
  flatten(pick(object.spec ?? {}, WORKLOAD_SPEC_FIELDS), 'spec', fields);
  const template = object.spec?.template ?? {};
  flatten(pick(template.metadata ?? {}, ['labels', 'annotations']), 'spec.template.metadata', fields);
  const pod = template.spec ?? {};
  flatten(pick(pod, POD_FIELDS), 'spec.template.spec', fields);
  for (const list of ['initContainers', 'containers']) {
    for (const container of pod[list] ?? []) {
      flatten(pick(container, CONTAINER_FIELDS), `spec.template.spec.${list}[${container.name}]`, fields);
    }
  }
  return fields;
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

function flatten(value: unknown, at: string, fields: Map<string, unknown>): void {
  const join = (key: string) => (at === '' ? key : `${at}.${key}`);
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    if (value.every((item) => typeof item === 'object' && item !== null && typeof item.name === 'string')) {
      for (const item of value) flatten(Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'name')), `${at}[${item.name}]`, fields);
      for (const item of value) if (Object.keys(item).length === 1) fields.set(`${at}[${item.name}]`, true);
    } else if (value.every((item) => typeof item !== 'object' || item === null)) {
      fields.set(at, value);
    } else {
      value.forEach((item, index) => flatten(item, `${at}[${index}]`, fields));
    }
    return;
  }
  if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, join(key), fields);
    return;
  }
  fields.set(at, value);
}

/** Leaves are equal when their text is: quantities and counts may be written as numbers or strings. */
function sameLeaf(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  if (a === undefined || b === undefined) return a === b;
  return String(a) === String(b);
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

/**
 * The table under "## Documented differences" in docs/dialects/<dialect>.md. Columns: the fields (code
 * spans, `*` one path segment, `**` any), ours, the real system's (code spans, when given: the values of
 * the real system the row covers, as YAML, /regex/ on the text, or `(unset)` where it writes none), why.
 */
function documentedDifferences(dialect: string): DocumentedDifference[] {
  const file = path.join(REPO, 'docs', 'dialects', `${dialect}.md`);
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  const section = /^## Documented differences\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('|')).slice(2);
  return rows.map((row) => {
    const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    const spans = (cell: string | undefined) => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    return {
      row,
      fields: spans(cells[0]).map(fieldPattern),
      theirs: spans(cells[2]).map(valueTest),
    };
  });
}

function fieldPattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^.\\[\\]]*').replace(/\u0000/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function valueTest(span: string): (value: unknown) => boolean {
  if (span === '(unset)') return (value) => value === undefined;
  if (span.length > 2 && span.startsWith('/') && span.endsWith('/')) {
    const pattern = new RegExp(span.slice(1, -1));
    return (value) => value !== undefined && pattern.test(typeof value === 'string' ? value : JSON.stringify(value));
  }
  const expected: unknown = parseAllDocuments(span)[0]?.toJS();
  return (value) => sameLeaf(value, expected);
}

describe('real inputs of the seed systems render as the real systems do', { skip: SKIP }, () => {
  const acceptable = PRESENT ? acceptableExits() : new Set<string>();

  for (const dialect of ASSERTED) {
    it(`${dialect}: every case exits as the real system and matches its fields, but for the documented differences`, (t) => {
      const documented = documentedDifferences(dialect);
      assert.ok(documented.length > 0, `docs/dialects/${dialect}.md has no "## Documented differences" table`);
      const failures: string[] = [];
      const rendered = new Map<string, string>();
      const all = cases(dialect);
      assert.ok(all.length > 0, `no cases under ${path.join(REAL_CONFIGS, dialect)}`);
      for (const entry of all) {
        const outcome = run(entry, acceptable, documented);
        if (outcome.exitProblem) failures.push(`${entry.name}: ${outcome.exitProblem}`);
        for (const difference of outcome.differences) failures.push(`${entry.name}: ${difference}`);
        if (outcome.rendered !== undefined) rendered.set(entry.name, outcome.rendered);
      }
      const misread = kubectlMisreads(rendered);
      if (misread === undefined) t.diagnostic('kubectl not found: the read-back through kubectl\'s reader is skipped');
      failures.push(...(misread ?? []));
      assert.ok(rendered.size > 0, 'no case rendered');
      assert.deepEqual(failures, [], `${dialect}: ${failures.length} differences from the real system`);
    });
  }

  for (const dialect of REPORTED_ONLY) {
    it(`${dialect}: runs every case and reports its differences (not asserted yet)`, (t) => {
      const documented = documentedDifferences(dialect);
      let matching = 0;
      const all = cases(dialect);
      for (const entry of all) {
        const outcome = run(entry, acceptable, documented);
        if (!outcome.exitProblem && outcome.differences.length === 0) matching++;
        if (outcome.exitProblem) t.diagnostic(`${dialect}/${entry.name}: ${outcome.exitProblem}`);
        for (const difference of outcome.differences) t.diagnostic(`${dialect}/${entry.name}: ${difference}`);
      }
      t.diagnostic(`${dialect}: ${matching}/${all.length} cases as the real system`);
    });
  }
});

describe('the conformance harness itself', () => {
  it('reads documented differences with field patterns and the real values they cover', () => {
    const [pattern] = [fieldPattern('spec.template.spec.containers[*].env[X].**')];
    assert.ok(pattern.test('spec.template.spec.containers[prefect-job].env[X].value'));
    assert.ok(!pattern.test('spec.template.spec.containers[prefect-job].env[Y].value'));
    assert.ok(valueTest('[a, b]')(['a', 'b']));
    assert.ok(!valueTest('[a, b]')(['a']));
    assert.ok(valueTest('/ctx-flow/')('job-ctx-flow-name'));
    assert.ok(valueTest('(unset)')(undefined));
    assert.ok(!valueTest('(unset)')('6'));
  });

  it('reads a documented differences table with field patterns in every row, for every asserted dialect', () => {
    for (const dialect of ASSERTED) {
      const documented = documentedDifferences(dialect);
      assert.ok(documented.length > 0, `docs/dialects/${dialect}.md has no "## Documented differences" table`);
      for (const difference of documented) assert.ok(difference.fields.length > 0, `docs/dialects/${dialect}.md: a row names no field: ${difference.row}`);
    }
  });

  it('finds what differs between two objects, and lets a documented difference through', () => {
    const job = (image: string, extra: Record<string, unknown> = {}) => ({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'a-' },
      spec: { template: { spec: { containers: [{ name: 'main', image, env: [{ name: 'A', value: '1' }], ...extra }] } } },
    });
    assert.deepEqual(compareObjects([{ ...job('x:1'), metadata: { name: 'a' } }], [job('x:1')], []), []);
    assert.deepEqual(compareObjects([job('x:2')], [job('x:1')], []), ['Job a: spec.template.spec.containers[main].image: ours "x:2", real "x:1"']);
    const documented = [{ row: '', fields: [fieldPattern('**.args')], theirs: [valueTest('[run]')] }];
    assert.deepEqual(compareObjects([job('x:1')], [job('x:1', { args: ['run'] })], documented), []);
    assert.equal(compareObjects([job('x:1')], [job('x:1', { args: ['other'] })], documented).length, 1);
  });
});
