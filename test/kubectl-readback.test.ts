import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, TestContext } from 'node:test';
import fc from 'fast-check';
import { Manifest } from '../src/synth/render';
import { manifestsToYaml } from '../src/synth/yaml';
import { cli, expectInputError, REPO } from './support/cli';
import { snapshotTree, tempDir, writeTemp } from './support/files';
import { assertReadsBack, KUBECTL_MISSING, kubectlFound, kubectlRead, MISREAD_STRINGS, ReadBack, readStream } from './support/kubectl';

const SEED = Number(process.env.FUZZ_SEED ?? 20281);
const BATCHES = Number(process.env.KUBECTL_FUZZ_BATCHES ?? 3);
const STRINGS_PER_BATCH = Number(process.env.KUBECTL_FUZZ_STRINGS ?? 600);
const STRINGS_PER_OBJECT = 24;

/** Unicode general categories but Cs: a lone surrogate cannot be written and is refused (test/yaml.test.ts). */
const CATEGORIES = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po',
  'Sm', 'Sc', 'Sk', 'So', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Co', 'Cn'] as const;
const SCANNED_RANGES: readonly [number, number][] = [[0, 0xD7FF], [0xE000, 0x2FFFF], [0xE0000, 0xE0FFF], [0xF0000, 0xF00FF], [0x10FF00, 0x10FFFF]];

/** Code points of each general category, from the ranges that hold all of them. */
function codePointsByCategory(): Map<string, number[]> {
  const pattern = new RegExp(CATEGORIES.map((category) => `(\\p{gc=${category}})`).join('|'), 'u');
  const pools = new Map<string, number[]>(CATEGORIES.map((category) => [category, []]));
  for (const [first, last] of SCANNED_RANGES) {
    for (let codePoint = first; codePoint <= last; codePoint++) {
      const match = pattern.exec(String.fromCodePoint(codePoint))!;
      pools.get(CATEGORIES[match.slice(1).findIndex((group) => group !== undefined)])!.push(codePoint);
    }
  }
  return pools;
}

const POOLS = codePointsByCategory();

const categoryText = fc.constantFrom(...CATEGORIES).chain((category) => {
  const pool = POOLS.get(category)!;
  return fc.array(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 1, maxLength: 3 })
    .map((indexes) => String.fromCodePoint(...indexes.map((index) => pool[index])));
});
const piece = fc.oneof(
  { arbitrary: categoryText, weight: 4 },
  { arbitrary: fc.constantFrom(...MISREAD_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }), weight: 2 },
  { arbitrary: fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\n\n', ': ', ' #', '- '), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 4 }), weight: 1 },
);
const fuzzString = fc.array(piece, { maxLength: 4 }).map((pieces) => pieces.join(''));

/** Every special form alone, and a run of every category, then random strings. */
function fuzzStrings(batch: number): string[] {
  const fixed = batch === 0 ? [...MISREAD_STRINGS, ...CATEGORIES.map((category) => String.fromCodePoint(...POOLS.get(category)!.slice(0, 8)))] : [];
  return [...fixed, ...fc.sample(fuzzString, { seed: SEED + batch, numRuns: STRINGS_PER_BATCH })];
}

/** Objects holding the strings where users put them: env values, args, labels, annotations, trigger metadata; as keys too. */
function objectsHolding(strings: readonly string[], batch: number): Manifest[] {
  const objects: Manifest[] = [];
  for (let start = 0; start < strings.length; start += STRINGS_PER_OBJECT) {
    const group = strings.slice(start, start + STRINGS_PER_OBJECT);
    const pairs = (offset: number) => Object.fromEntries(group.map((text, index) => [text, group[(index + offset) % group.length]]));
    const name = `fuzz-${batch}-${start / STRINGS_PER_OBJECT}`;
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: pairs(1), annotations: pairs(2) },
      spec: {
        template: {
          spec: {
            containers: [{
              name: 'worker',
              image: 'ghcr.io/example/worker:1',
              args: group,
              env: group.map((value, index) => ({ name: `VAR_${index}`, value })),
            }],
          },
        },
      },
    });
    objects.push({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name },
      spec: { scaleTargetRef: { name }, triggers: [{ type: 'postgresql', metadata: pairs(3) }] },
    });
  }
  return objects;
}

function requireKubectl(t: TestContext): boolean {
  if (kubectlFound()) return true;
  t.skip(KUBECTL_MISSING);
  return false;
}

describe('kubectl reads back exactly what we write', () => {
  it('reads every golden file back as exactly the objects it holds', (t) => {
    if (!requireKubectl(t)) return;
    const dir = path.join(REPO, 'snapshots');
    const batch: ReadBack[] = fs.readdirSync(dir).filter((name) => name.endsWith('.yaml')).map((file) => {
      const yaml = fs.readFileSync(path.join(dir, file), 'utf8');
      return { yaml, expected: readStream(yaml, '1.2'), source: `snapshots/${file}` };
    });
    assert.ok(batch.length >= 10, `only ${batch.length} golden files found`);
    assertReadsBack(batch);
  });

  it(`reads back random strings of every Unicode category and every special form, as values and as keys (${BATCHES} kubectl calls)`, (t) => {
    if (!requireKubectl(t)) return;
    let strings = 0;
    for (let batch = 0; batch < BATCHES; batch++) {
      const texts = fuzzStrings(batch);
      strings += texts.length;
      const objects = objectsHolding(texts, batch);
      try {
        assertReadsBack([{ yaml: manifestsToYaml(objects), expected: objects, source: `fuzz batch ${batch}` }]);
      } catch (error) {
        (error as Error).message += `\n(FUZZ_SEED=${SEED}, batch ${batch}: rerun with the same seed to reproduce)`;
        throw error;
      }
    }
    assert.ok(strings >= BATCHES * STRINGS_PER_BATCH);
  });
});

/** Objects kubectl read from `synth --stdout`, by kind. */
function readSynthOutput(configFile: string, ...flags: string[]): Map<string, any[]> {
  const result = cli('synth', '--config', configFile, ...flags, '--stdout');
  assert.equal(result.code, 0, result.stderr);
  const byKind = new Map<string, any[]>();
  for (const object of kubectlRead(result.stdout) as any[]) byKind.set(object.kind, [...(byKind.get(object.kind) ?? []), object]);
  return byKind;
}

/** Strings a config's env, args and trigger metadata take and that Go-YAML would misread if written plain. */
const GO_YAML_SPECIALS = ['0o022', '0X1F', '0B101', '-0o7', '0_o17', '1_000', '1:20', '.inf', '.NaN', '~', 'y', 'Off', '2001-12-14', '<<', '=',
  '0x1F', '3.10', '1e3', '- a', '#x', '!tag', '&a', '*a', '%a', '@a', '`a', ' lead', 'trail ', 'tab\there', 'a\u2028b', 'nel\x85', 'two\nlines\n', ''];

describe('synth --stdout: Go-YAML special strings read back through kubectl as written', () => {
  it('keeps env values, args and trigger metadata keys and values exact', (t) => {
    if (!requireKubectl(t)) return;
    const env = Object.fromEntries(GO_YAML_SPECIALS.map((value, index) => [`V${index}`, value]));
    // The external scaler passes its metadata on to the user's scaler, so KEDA's checks accept any key there.
    const metadata = { scalerAddress: 'scaler.example:6000', ...Object.fromEntries(GO_YAML_SPECIALS.filter((text) => text !== '').map((text) => [text, text])) };
    const config = {
      namespace: 'readback',
      pools: [{
        name: 'specials',
        image: 'ghcr.io/example/worker:1',
        command: ['run', ...GO_YAML_SPECIALS],
        env,
        follow: { args: GO_YAML_SPECIALS, autoscale: { maxReplicas: 2, triggers: [{ type: 'external', metadata }] } },
      }],
    };
    const objects = readSynthOutput(writeTemp('workers.yaml', JSON.stringify(config)));
    const [follow] = objects.get('Deployment')!;
    const container = follow.spec.template.spec.containers[0];
    assert.deepEqual(container.args, GO_YAML_SPECIALS);
    assert.deepEqual(container.command, ['run', ...GO_YAML_SPECIALS]);
    const readEnv = Object.fromEntries(container.env.filter((variable: any) => /^V\d+$/.test(variable.name)).map((variable: any) => [variable.name, variable.value ?? '']));
    assert.deepEqual(readEnv, env);
    const [scaler] = objects.get('ScaledObject')!;
    assert.deepEqual(scaler.spec.triggers[0].metadata, metadata);
  });

  it('keeps a StateMachine step environment exact', (t) => {
    if (!requireKubectl(t)) return;
    const environment = Object.fromEntries(GO_YAML_SPECIALS.map((value, index) => [`V${index}`, value]));
    const machine = {
      apiVersion: 'state-machine.converged-computing.org/v1alpha1',
      kind: 'StateMachine',
      metadata: { name: 'specials' },
      spec: { workflow: { completed: 1 }, cluster: { maxSize: 1 }, jobs: [{ name: 'only', image: 'busybox:1.36', script: 'echo hello', environment }] },
    };
    const objects = readSynthOutput(writeTemp('machine.yaml', JSON.stringify(machine)), '--dialect', 'state-machine');
    const [read] = objects.get('StateMachine')!;
    assert.deepEqual(read.spec.jobs[0].environment, environment);
  });
});

describe('synth: a string no YAML file can hold', () => {
  it('refuses a lone surrogate with exit 2, naming the object and the field, and writes nothing', () => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const config = writeTemp('workers.yaml', 'pools:\n  - name: a\n    image: "x:1"\n    job: {}\n    env: {GREETING: "abc\\ud800def"}\n');
    for (const flags of [['--out', out], ['--stdout'], ['--out', out, '--layout', 'per-resource']]) {
      const result = cli('synth', '--config', config, ...flags);
      expectInputError(result, 'Job/a-worker: spec.template.spec.containers[0].env', 'lone UTF-16 surrogate \\uD800', 'expected well-formed Unicode text');
      assert.doesNotMatch(result.stderr, /abc|def/);
      assert.equal(result.stdout, '');
      assert.deepEqual(snapshotTree(out), {});
    }
  });

});
