import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { cli, REPO } from './support/cli';
import { tempDir } from './support/files';
import { assertValidManifests } from './support/strict-schema';
import { fleetArb, Json, mutate, mutationArb } from './support/fuzz';

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
