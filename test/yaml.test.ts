import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { load as jsYamlLoad } from 'js-yaml';
import { InputError } from '../src/config/errors';
import { controlFileYaml, manifestsToYaml, manifestToYaml } from '../src/synth/yaml';
import { REPO } from './support/cli';
import { MISREAD_STRINGS, readStream } from './support/kubectl';
import { sanitizedJson } from '../src/build/planned-object';

/** What three readers make of one document: the `yaml` library as YAML 1.1 and 1.2, and js-yaml. */
function readEverywhere(text: string): { yaml11: unknown; yaml12: unknown; jsYaml: unknown } {
  return { yaml11: readStream(text, '1.1')[0], yaml12: readStream(text, '1.2')[0], jsYaml: jsYamlLoad(text) };
}

/** What the writer writes of `value`: cdk8s's form, maps without null values (key order is not compared). */
function assertReadsBackEverywhere(written: unknown): void {
  const text = manifestToYaml(written as any);
  const value = sanitizedJson(written);
  const { yaml11, yaml12, jsYaml } = readEverywhere(text);
  assert.deepEqual(yaml11, value, `YAML 1.1 reads back something else from:\n${text}`);
  assert.deepEqual(yaml12, value, `YAML 1.2 reads back something else from:\n${text}`);
  assert.deepEqual(JSON.parse(JSON.stringify(jsYaml)), JSON.parse(JSON.stringify(value)), `js-yaml reads back something else from:\n${text}`);
}

function catchInputError(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  assert.fail('expected an InputError');
}

const scalar = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom(...MISREAD_STRINGS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...MISREAD_STRINGS), fc.constantFrom('a', 'app.kubernetes.io/name', 'ephemeral-storage'));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4, noNullPrototype: true })),
})).node;

describe('YAML writer: quoting decided for every reader', () => {
  it('writes each golden file exactly as it stands from the objects it holds', () => {
    const dir = path.join(REPO, 'snapshots');
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    assert.ok(files.length >= 10, `only ${files.length} golden files found`);
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const objects = readStream(text, '1.2');
      assert.deepEqual(readStream(text, '1.1'), objects, `${file} reads differently as YAML 1.1`);
      assert.equal(manifestsToYaml(objects as any[]), text, file);
    }
  });

  it('double-quotes every string that YAML 1.1, YAML 1.2 or Go-YAML would read as something else', () => {
    for (const text of ['0o022', '0X1F', '0B101', '-0o7', '0_o17', '1_000', '1:20', '.inf', '.NaN', '~', '<<', '=', '2001-12-14', 'y', 'N', 'Off', 'oN', 'NULL', 'e5', '-e5', '-inf', '']) {
      assert.equal(manifestToYaml({ [text]: text }), `${JSON.stringify(text)}: ${JSON.stringify(text)}\n`, text);
    }
    assert.equal(manifestToYaml({ args: ['4Gi', '1', 'a b'] }), 'args:\n  - "4Gi"\n  - "1"\n  - "a b"\n');
  });

  it('leaves plain what no reader can take for anything but a string', () => {
    const plain = ['ghcr.io/example/worker:1.0.0', '--follow', '--log-level=debug', 'app.kubernetes.io/name', '/data/x', '_x', 'a@b.c', 'gs://bucket/p', 'LOG_LEVEL'];
    for (const text of plain) assert.equal(manifestToYaml({ [text]: [text] }), `${text}:\n  - ${text}\n`);
  });

  it('escapes line separators, NEL, DEL, C1 controls, the byte order mark and tabs in double quotes', () => {
    assert.equal(manifestToYaml({ v: 'a\u2028b\u2029c\x85d' }), 'v: "a\\Lb\\Pc\\Nd"\n');
    assert.equal(manifestToYaml({ v: '\x7F\x9B\uFEFF\uFFFE\t\r\x00' }), 'v: "\\u007f\\u009b\\ufeff\\ufffe\\t\\r\\u0000"\n');
    assert.equal(manifestToYaml({ v: 'emoji \u{1F600} stays' }), 'v: "emoji \u{1F600} stays"\n');
  });

  it('writes clean multi-line text as a literal block and anything a block could change in double quotes', () => {
    assert.equal(manifestToYaml({ script: 'echo a\n  echo b\n\necho c\n' }), 'script: |\n  echo a\n    echo b\n\n  echo c\n');
    assert.equal(manifestToYaml({ script: ['a\nb'] }), 'script:\n  - |-\n    a\n    b\n');
    for (const text of ['a \nb', 'a\nb ', ' a\nb', '\na', 'a\n\n', 'a\tb\nc', 'a\r\nb', 'a\u2028\nb']) {
      assert.ok(manifestToYaml({ v: text }).startsWith('v: "'), JSON.stringify(text));
      assertReadsBackEverywhere({ v: text });
    }
  });

  it('writes a key longer than an implicit key may be as an explicit `? key`', () => {
    const long = 'k'.repeat(1500);
    assert.equal(manifestToYaml({ a: { [long]: 'v', [`${long}2`]: ['x'] } }), `a:\n  ? ${long}\n  : v\n  ? ${long}2\n  :\n    - x\n`);
    assertReadsBackEverywhere({ a: { [long]: { b: 1 } }, list: [{ [long]: 'v' }] });
  });

  it('refuses a lone surrogate with an input error naming the object, the field and the character, not the value', () => {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { token: 's3cret\uD800tail' } };
    const error = catchInputError(() => manifestsToYaml([manifest]));
    assert.equal(error.problems[0].path, 'ConfigMap/settings: data.token');
    assert.match(error.message, /received a value "<6 characters>\\uD800<4 characters>" with a lone UTF-16 surrogate/);
    assert.match(error.message, /expected well-formed Unicode text/);
    assert.doesNotMatch(error.message, /s3cret|tail/);
    const inKey = catchInputError(() => manifestToYaml({ kind: 'Job', metadata: { name: 'j', labels: { '\uDC00': 'x' } } }));
    assert.equal(inKey.problems[0].path, 'Job/j: metadata.labels["\\udc00"]');
    assert.match(inKey.message, /received a key "\\uDC00"/);
  });

  it('refuses a number no YAML reader can give back (NaN, Infinity) with an input error', () => {
    const error = catchInputError(() => manifestToYaml({ kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: Infinity } }));
    assert.equal(error.problems[0].path, 'Deployment/d: spec.replicas');
    assert.match(error.message, /received Infinity, expected a finite number/);
  });

  it('writes an object\'s own keys only, whatever its prototype, in key order', () => {
    const data = Object.assign(Object.create({ inherited: 'no' }), { b: '2', a: '1' });
    const control = Object.assign(Object.create({ inherited: 'no' }), { resources: ['b.yaml'], kind: 'Kustomization' });
    assert.equal(manifestToYaml({ kind: 'ConfigMap', data }), 'kind: ConfigMap\ndata:\n  a: "1"\n  b: "2"\n');
    assert.equal(controlFileYaml(control), 'resources:\n  - b.yaml\nkind: Kustomization\n');
  });

  it('writes strings every reader gets back exactly', () => {
    for (const text of MISREAD_STRINGS) assertReadsBackEverywhere({ [text]: text, list: [text, { [text]: [text] }] });
  });

  it('writes an object as built the same bytes as its sanitized copy: maps below the top in key order, no null values', () => {
    const built = { kind: 'Job', apiVersion: 'batch/v1', metadata: { name: 'j', namespace: undefined, labels: { z: '1', a: '2' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i', args: undefined, env: null }] } }, parallelism: 2 } };
    assert.equal(manifestToYaml(built), manifestToYaml({ kind: 'Job', apiVersion: 'batch/v1', ...(sanitizedJson({ metadata: built.metadata, spec: built.spec }) as object) }));
    assert.equal(manifestToYaml(built), 'kind: Job\napiVersion: batch/v1\nmetadata:\n  labels:\n    a: "2"\n    z: "1"\n  name: j\nspec:\n  parallelism: 2\n  template:\n    spec:\n      containers:\n        - image: i\n          name: c\n');
    fc.assert(fc.property(fc.dictionary(key, tree, { minKeys: 1, noNullPrototype: true }), (value) => {
      assert.equal(manifestToYaml(value as any), manifestToYaml(Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null).map(([name, item]) => [name, sanitizedJson(item)])) as any));
    }), { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 8) });
  });

  it('writes random trees of awkward scalars and keys that YAML 1.1, YAML 1.2 and js-yaml read back exactly', () => {
    fc.assert(fc.property(fc.dictionary(key, tree, { minKeys: 1, noNullPrototype: true }), (value) => assertReadsBackEverywhere(value)), { numRuns: Number(process.env.YAML_FUZZ_RUNS ?? 1000), seed: Number(process.env.FUZZ_SEED ?? 8) });
  });
});
