import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { cli, REPO } from './support/cli';
import { tempDir } from './support/files';
import { assertValidManifests } from './support/strict-schema';

const SEEDS = ['examples/workers.yaml', 'test/fixtures/fleets/everything.yaml'].map((file) => parse(fs.readFileSync(path.join(REPO, file), 'utf8')));
const ONE_JOB = ['--name', 'fuzz-job-1', '--command', 'run --fast'];
/** Each dialect's example and richest fixture, with the flags it needs. */
const DIALECT_SEEDS: { file: string; flags: string[] }[] = [
  { file: 'examples/pystilt.yaml', flags: ['--dialect', 'pystilt'] },
  { file: 'test/fixtures/dialects/pystilt-everything.yaml', flags: ['--dialect', 'pystilt'] },
  { file: 'examples/magnus.yaml', flags: ['--dialect', 'magnus', ...ONE_JOB] },
  { file: 'test/fixtures/dialects/magnus-everything.yaml', flags: ['--dialect', 'magnus', ...ONE_JOB] },
  { file: 'examples/metaflow.yaml', flags: ['--dialect', 'metaflow', ...ONE_JOB] },
  { file: 'test/fixtures/dialects/metaflow-everything.yaml', flags: ['--dialect', 'metaflow', ...ONE_JOB] },
  { file: 'examples/prefect.yaml', flags: ['--dialect', 'prefect', '--values', path.join(REPO, 'examples', 'prefect-values.yaml')] },
  { file: 'templates/worker-job.yaml', flags: ['--dialect', 'prefect', '--set', 'name=fuzz', '--set', 'image=img:1'] },
  { file: 'examples/state-machine.yaml', flags: ['--dialect', 'state-machine'] },
];
const DIALECT_CONFIGS = DIALECT_SEEDS.map(({ file }) => parse(fs.readFileSync(path.join(REPO, file), 'utf8')));
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function paths(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
  return [prefix];
}

function at(value: Json, path: Path): Json {
  return path.reduce<Json>((node, segment) => (node as Record<string, Json>)[segment as string], value);
}

/** A mutation of a config: drop, duplicate, retype or replace the value at a path. */
type Mutation = { kind: 'drop' | 'duplicate' | 'retype' | 'replace'; pick: number; value: Json };

const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1, 2147483648, 0.5, '', 'x', '3GB', '500m', 'a:b', 'Bad Name', 'ALL', '/tmp', '-', 'postgres://u:p@h/db'),
  fc.string(),
  fc.integer(),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.constant<Json>(['a', 1]),
  fc.constant<Json>({ unknown: 1 }),
);

function mutate(config: Json, mutation: Mutation): Json {
  const copy = structuredClone(config);
  const candidates = paths(copy).filter((path) => path.length > 0);
  if (!candidates.length) return copy;
  const path = candidates[mutation.pick % candidates.length];
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1];
  const current = (parent as Record<string | number, Json>)[key];
  if (mutation.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (mutation.kind === 'duplicate') {
    if (Array.isArray(parent)) parent.push(structuredClone(current));
    else (parent as Record<string, Json>)[`${String(key)}Copy`] = structuredClone(current);
  } else if (mutation.kind === 'retype') {
    (parent as Record<string | number, Json>)[key] = typeof current === 'string' ? Number(current) || [current] : typeof current === 'number' ? String(current) : Array.isArray(current) ? { item: current } : String(current);
  } else {
    (parent as Record<string | number, Json>)[key] = mutation.value;
  }
  return copy;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('drop', 'duplicate', 'retype', 'replace'),
  pick: fc.nat(),
  value: replacement,
});

/** Synthesizes a mutated config: exit 0 or 2, no stack trace; accepted output strict-valid, restricted and identical twice. */
function checkMutant(file: string, config: Json, flags: string[]): boolean {
  fs.writeFileSync(file, stringify(config));
  const first = cli('synth', '--config', file, ...flags, '--stdout');
  assert.ok(first.code === 0 || first.code === 2, `exit ${first.code}: ${first.stderr}`);
  assert.doesNotMatch(first.stderr, /\n\s+at .+:\d+:\d+/);
  if (first.code === 2) return false;
  assertValidManifests(parseAllDocuments(first.stdout).map((doc) => doc.toJS()));
  assert.equal(cli('synth', '--config', file, ...flags, '--stdout').stdout, first.stdout);
  return true;
}

describe('fuzzing valid configs', () => {
  const file = path.join(tempDir(), 'config.yaml');
  const options = { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123) };

  it(`native: exits 0 or 2, and every accepted config renders strict-valid, restricted and identical twice (${RUNS} runs)`, () => {
    let accepted = 0;
    fc.assert(fc.property(fc.nat(SEEDS.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (seed, mutations) => {
      if (checkMutant(file, mutations.reduce<Json>(mutate, SEEDS[seed]), [])) accepted++;
    }), options);
    assert.ok(accepted > RUNS / 10, `only ${accepted} of ${RUNS} mutated configs were accepted: the fuzzer is not exercising synth`);
  });

  it(`every dialect: the same, on mutated examples (${RUNS} runs)`, () => {
    let accepted = 0;
    fc.assert(fc.property(fc.nat(DIALECT_SEEDS.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (seed, mutations) => {
      if (checkMutant(file, mutations.reduce<Json>(mutate, DIALECT_CONFIGS[seed]), DIALECT_SEEDS[seed].flags)) accepted++;
    }), options);
    assert.ok(accepted > RUNS / 10, `only ${accepted} of ${RUNS} mutated configs were accepted: the fuzzer is not exercising synth`);
  });
});

/** Names that collide, derive into each other, or sit at the edges of what Kubernetes takes. */
const COLLIDING_NAMES = ['a', 'b', 'a-b', 'b-c', 'a-worker', 'a-follow', 'x'.repeat(56)];
const EDGE_NAMES = ['1s', 'x'.repeat(63), 'constructor', '__proto__', 'toString', 'A', '', 'a.b', '-a'];
const nameArb = fc.oneof({ arbitrary: fc.constantFrom(...COLLIDING_NAMES), weight: 12 }, { arbitrary: fc.constantFrom(...EDGE_NAMES), weight: 1 });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

const triggerArb = fc.record({
  type: fc.constantFrom('cpu', 'redis', 'postgresql', 'rabbitmq'),
  name: optional(nameArb),
  metadata: fc.constantFrom<Json>({ value: '50' }, { queueName: 'q', value: 5 }, {}),
  secretAuth: optional(fc.constantFrom<Json>({ password: 'db:password' }, { host: 'a:b' })),
}, { requiredKeys: ['type', 'metadata'] });

const poolArb = fc.record({
  name: nameArb,
  namespace: optional(fc.constantFrom('default', 'batch', 'a', 'kube-system')),
  image: fc.constantFrom('img:1', 'img:1', 'img:1', ''),
  labels: optional(fc.constantFrom<Json>({ team: 'a' }, { constructor: 'a' }, { toString: 'b', valueOf: 'c' })),
  annotations: optional(fc.constantFrom<Json>({ constructor: 'a' }, { hasOwnProperty: 'x' })),
  env: optional(fc.constantFrom<Json>(JSON.parse('{"__proto__": "x", "constructor": "y"}'), { N: 4, F: 2.5 }, { A: '1' })),
  job: optional(fc.record({ name: optional(nameArb), workers: optional(fc.constantFrom(1, 4)) }, { requiredKeys: [] })),
  follow: optional(fc.record({
    name: optional(nameArb),
    autoscale: optional(fc.record({ triggers: fc.array(triggerArb, { minLength: 1, maxLength: 2 }) })),
  }, { requiredKeys: [] })),
  serve: optional(fc.record({ name: optional(nameArb), port: optional(fc.constantFrom(8000, 9000)) }, { requiredKeys: [] })),
}, { requiredKeys: ['name', 'image'] });

const fleetArb = fc.record({
  namespace: optional(fc.constantFrom('batch', 'default', 'a')),
  createNamespaces: optional(fc.constant(true)),
  pools: fc.array(poolArb, { minLength: 1, maxLength: 3 }),
}, { requiredKeys: ['pools'] });

describe('validate and synth agree', () => {
  const file = path.join(tempDir(), 'fleet.yaml');
  const runs = Number(process.env.FUZZ_RUNS ?? 300);

  it(`every config validate accepts, synth renders; every one it refuses, synth refuses (${runs} runs)`, () => {
    const counts = { accepted: 0, refused: 0 };
    fc.assert(fc.property(fleetArb, (fleet) => {
      fs.writeFileSync(file, stringify(JSON.parse(JSON.stringify(fleet))));
      const validated = cli('validate', '--config', file);
      const synthesized = cli('synth', '--config', file, '--stdout');
      for (const result of [validated, synthesized]) assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, result.stderr);
      assert.ok(validated.code === 0 || validated.code === 2, `validate exit ${validated.code}: ${validated.stderr}`);
      assert.equal(synthesized.code, validated.code, `validate exit ${validated.code} but synth exit ${synthesized.code}: ${synthesized.stderr}`);
      counts[validated.code === 0 ? 'accepted' : 'refused']++;
    }), { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261124) });
    if (process.env.FUZZ_VERBOSE) console.log(counts);
    assert.ok(counts.accepted > runs / 20 && counts.refused > runs / 20, `accepted ${counts.accepted}, refused ${counts.refused}: the generator should exercise both`);
  });
});
