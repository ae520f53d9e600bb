import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { fleetManifests, fleetPoolObjects } from '../src/build/fleet';
import { sanitizedManifest } from '../src/build/planned-object';
import { InputError } from '../src/config/errors';
import { parseFleetConfig } from '../src/config/load';
import { SourceDocument } from '../src/config/source';
import { WorkerFleetProps } from '../src/constructs/worker-fleet';
import { renderFleet } from '../src/synth/render';
import { manifestsAsYaml } from '../src/synth/synth';
import { cli, REPO } from './support/cli';
import { fleetArb, Json, mutate, mutationArb } from './support/fuzz';

const NATIVE_CONFIGS = [
  ...['workers.yaml', 'pystilt-deployment.yaml'].map((file) => path.join('examples', file)),
  ...fs.readdirSync(path.join(REPO, 'test', 'fixtures', 'fleets')).map((file) => path.join('test', 'fixtures', 'fleets', file)),
];
const SEEDS = NATIVE_CONFIGS.map((file) => parse(fs.readFileSync(path.join(REPO, file), 'utf8')) as Json);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** The fleet a config describes, or undefined when the checks refuse it. */
function acceptedFleet(config: Json): WorkerFleetProps | undefined {
  try {
    return parseFleetConfig(SourceDocument.parse('fleet.yaml', stringify(config)));
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** Each pool object's identity, known before it is planned (the name checks read it), is the planned object's. */
function assertIdentitiesKnownAhead(fleet: WorkerFleetProps): void {
  for (const pool of fleet.pools) {
    for (const object of fleetPoolObjects(fleet, pool)) {
      const planned = object.plan();
      assert.deepEqual([object.kind, object.name, object.namespace], [planned.kind, planned.metadata.name, planned.metadata.namespace]);
    }
  }
}

/** The fleet through the constructs (one cdk8s chart) and through the builders the CLI streams, as YAML. */
function bothPaths(fleet: WorkerFleetProps): { constructs: string; builders: string } {
  const rendered = renderFleet(fleet);
  const built = [...fleetManifests(fleet)];
  assert.deepEqual(built.map(sanitizedManifest), rendered, 'sanitized, the built objects are the synthesized ones');
  return { constructs: manifestsAsYaml(rendered), builders: manifestsAsYaml(built) };
}

/** The path of the first map below `value` whose keys are not in code-unit order, with those keys. */
function firstMapOutOfOrder(value: unknown, at: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) return value.map((item, index) => firstMapOutOfOrder(item, `${at}[${index}]`)).find((found) => found !== undefined);
  const keys = Object.keys(value);
  if (keys.some((key, index) => index > 0 && keys[index - 1] > key)) return `${at}: ${keys.join(', ')}`;
  return keys.map((key) => firstMapOutOfOrder((value as Record<string, unknown>)[key], `${at}.${key}`)).find((found) => found !== undefined);
}

describe('the constructs and the streaming builders write the same bytes, and name objects before building them', () => {
  for (const file of NATIVE_CONFIGS) {
    it(file, () => {
      const fleet = acceptedFleet(parse(fs.readFileSync(path.join(REPO, file), 'utf8')));
      assert.ok(fleet, `${file} should be a valid fleet`);
      const { constructs, builders } = bothPaths(fleet);
      assert.ok(constructs.length > 0);
      assert.equal(builders, constructs);
      assertIdentitiesKnownAhead(fleet);
    });
  }

  it('the builders make every map in key order (the YAML writer then writes them as they come, unsorted)', () => {
    for (const file of NATIVE_CONFIGS) {
      const fleet = acceptedFleet(parse(fs.readFileSync(path.join(REPO, file), 'utf8')))!;
      for (const manifest of fleetManifests(fleet)) {
        const where = `${file}: ${manifest.kind} ${manifest.metadata.name}`;
        assert.equal(firstMapOutOfOrder(manifest.metadata, 'metadata') ?? firstMapOutOfOrder(manifest.spec, 'spec'), undefined, where);
      }
    }
  });

  it('the CLI, writing through the builders, prints what the constructs render', () => {
    const file = path.join('test', 'fixtures', 'fleets', 'everything.yaml');
    const printed = cli('synth', '--config', path.join(REPO, file), '--stdout');
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stdout, manifestsAsYaml(renderFleet(acceptedFleet(parse(fs.readFileSync(path.join(REPO, file), 'utf8')))!)));
  });

  it(`on mutated fixtures and generated fleets, every accepted config (${RUNS} runs each)`, () => {
    const options = { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261124) };
    let accepted = 0;
    const check = (config: Json) => {
      const fleet = acceptedFleet(config);
      if (!fleet) return;
      accepted++;
      const { constructs, builders } = bothPaths(fleet);
      assert.equal(builders, constructs, stringify(config));
      assertIdentitiesKnownAhead(fleet);
    };
    fc.assert(fc.property(fc.nat(SEEDS.length - 1), fc.array(mutationArb, { maxLength: 2 }), (seed, mutations) => check(mutations.reduce<Json>(mutate, SEEDS[seed]))), options);
    fc.assert(fc.property(fleetArb, (fleet) => check(JSON.parse(JSON.stringify(fleet)) as Json)), options);
    if (process.env.FUZZ_VERBOSE) console.log({ accepted });
    assert.ok(accepted > RUNS / 4, `only ${accepted} of ${2 * RUNS} generated configs were accepted: the property is not exercising synth`);
  });
});
