import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { FLEET_SCHEMA } from '../src';
import { expectedOneOf, nearest } from '../src/config/suggest';
import { cli, expectInputError, REPO } from './support/cli';
import { writeTemp } from './support/files';

const POOL = 'pools:\n  - name: sims\n    image: img:1\n    job: {workers: 2}\n';

function validate(text: string) {
  const file = writeTemp('workers.yaml', text);
  return { file, result: cli('validate', '--config', file) };
}

function problemLine(stderr: string, path: string): string {
  const line = stderr.split('\n').find((candidate) => candidate.includes(`: ${path}: `));
  assert.ok(line, `no problem at ${path} in:\n${stderr}`);
  return line;
}

describe('schema problems lead with the suggestion', () => {
  it('an unknown key among many: the suggestion and the count, not the 30-odd keys', () => {
    const { file, result } = validate(POOL.replace('image:', 'imgae:').replace('job:', 'image: img:1\n    job:'));
    expectInputError(result, `${file}:3:5: pools[0].imgae: unknown key "imgae" (did you mean "image"?), expected one of the`);
    const line = problemLine(result.stderr, 'pools[0].imgae');
    assert.match(line, /expected one of the \d{2} keys allowed here$/);
    assert.doesNotMatch(line, /serviceAccountName|priorityClassName/);
  });

  it('an unknown key with nothing close: the nearest three', () => {
    const { result } = validate(`${POOL}    zzzq: 1\n`);
    assert.match(problemLine(result.stderr, 'pools[0].zzzq'), /unknown key "zzzq", expected one of the \d+ keys allowed here, such as: \S+, \S+, \S+$/);
  });

  it('a short list is still spelled out, the suggestion after it', () => {
    const { result } = validate(`${POOL}    imagePullPolicy: always\n`);
    expectInputError(result, 'pools[0].imagePullPolicy: received "always", expected one of: Always, IfNotPresent, Never, null (did you mean "Always"?)');
  });

  it('a misspelt KEDA scaler type: "did you mean" first, no list of 68 scalers', () => {
    const { result } = validate(`${POOL}    follow:\n      autoscale:\n        triggers: [{type: rediss, metadata: {listName: q}}]\n`);
    const line = problemLine(result.stderr, 'pools[0].follow.autoscale.triggers[0].type');
    assert.match(line, /received "rediss" \(did you mean "redis"\?\), expected one of the \d+ values allowed here$/);
    assert.ok(line.length < 200, line);
  });
});

describe('quantities', () => {
  it('the JSON Schema gives them a pattern, so an editor flags 4GB', () => {
    const validateSchema = new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(path.join(REPO, 'schema', 'workers.schema.json'), 'utf8')));
    const fleet = (memory: string | number) => ({ pools: [{ name: 'a', image: 'i', job: {}, resources: { memory } }] });
    for (const good of ['4Gi', '500m', '1.5G', '2', 3, '1e3']) assert.ok(validateSchema(fleet(good)), `${good}: ${JSON.stringify(validateSchema.errors)}`);
    for (const bad of ['4GB', '512mb', '1 Gi', 'lots', '']) {
      assert.ok(!validateSchema(fleet(bad)), bad);
      assert.equal(validateSchema.errors?.[0].keyword, 'pattern');
    }
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(REPO, 'schema', 'workers.schema.json'), 'utf8')), FLEET_SCHEMA);
  });

  it('the CLI says what was meant, not the pattern', () => {
    const { file, result } = validate(`${POOL}    resources: {cpu: "1", memory: 4GB}\n    scratch: {path: /tmp/x, sizeLimit: 512mb}\n`);
    expectInputError(result,
      `${file}:5:35: pools[0].resources.memory: received "4GB", expected a Kubernetes quantity such as "4Gi" (binary) or "4G" (decimal)`,
      'pools[0].scratch.sizeLimit: received "512mb", expected a Kubernetes quantity such as "512Mi" (binary) or "512M" (decimal)');
    assert.doesNotMatch(result.stderr, /matching \^/);
  });
});

describe('suggestions', () => {
  it('lists short lists, counts long ones', () => {
    assert.equal(expectedOneOf('x', ['a', 'b'], 'keys'), 'expected one of: a, b');
    const many = Array.from({ length: 20 }, (_, index) => `key${index}`);
    assert.equal(expectedOneOf('key1x', many, 'keys'), 'expected one of the 20 keys allowed here');
    assert.equal(expectedOneOf('zzzzzzzz', many, 'keys'), 'expected one of the 20 keys allowed here, such as: key0, key1, key2');
    assert.deepEqual(nearest('memroy', ['cpu', 'memory', 'disk', 'mem'], 2), ['memory', 'mem']);
  });
});
