import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFleetConfig } from '../src';
import { cli, expectInputError } from './support/cli';
import { writeTemp } from './support/files';

const POOL = `pools:
  - name: sims
    image: img:1
    job: {workers: 2}
`;

function validateText(text: string) {
  const file = writeTemp('workers.yaml', text);
  return { file, result: cli('validate', '--config', file) };
}

describe('fleet config', () => {
  it('accepts the bundled example and fills nothing it was not given', () => {
    const fleet = loadFleetConfig('examples/workers.yaml');
    assert.equal(fleet.pools[0].name, 'my-project');
    assert.equal(fleet.pools[0].job?.workers, 8);
  });

  const cases: { name: string; text: string; fragments: string[] }[] = [
    { name: 'an unknown key, with a suggestion', text: POOL.replace('image:', 'imgae:'), fragments: [':3:5: pools[0].imgae: unknown key "imgae" (did you mean "image"?)'] },
    { name: 'a wrong type', text: POOL.replace('workers: 2', 'workers: many'), fragments: [':4:20: pools[0].job.workers: received "many", expected a whole number'] },
    { name: 'a bad enum, with a suggestion', text: `${POOL}    imagePullPolicy: always\n`, fragments: ['pools[0].imagePullPolicy: received "always", expected one of: Always, IfNotPresent, Never, null (did you mean "Always"?)'] },
    { name: 'a missing pools key', text: 'namespace: x\n', fragments: [':1:1: missing required key "pools"'] },
    { name: 'a name that is not a DNS label', text: POOL.replace('name: sims', 'name: Sims_1'), fragments: [':2:11: pools[0].name: received "Sims_1", expected a DNS-1123 label'] },
    { name: 'a pool name too long for the Job', text: POOL.replace('name: sims', `name: ${'a'.repeat(60)}`), fragments: ['pools[0].name: pool name', 'Job name', '67 characters long, expected at most 63', 'shorten the pool name to 56'] },
    { name: 'a quantity with a unit Kubernetes does not know', text: `${POOL}    resources: {memory: 3GB}\n`, fragments: [':5:25: pools[0].resources.memory: received "3GB", expected a Kubernetes quantity such as "3Gi" (binary) or "3G" (decimal)'] },
    { name: 'requests above limits', text: `${POOL}    resources: {cpu: "2", limits: {cpu: 500m}}\n`, fragments: ['pools[0].job.resources.cpu: request "2" is above the limit "500m"'] },
    { name: 'a plain credential', text: `${POOL}    env: {DB_PASSWORD: hunter2}\n`, fragments: ['pools[0].env.DB_PASSWORD: received a plain value that looks like a credential', 'secretEnv'] },
    { name: 'a URL with a password', text: `${POOL}    env: {QUEUE: "postgres://u:pw@db/q"}\n`, fragments: ['pools[0].env.QUEUE: received a plain value that looks like a credential'] },
    { name: 'a secretEnv without a key', text: `${POOL}    secretEnv: {DB_URL: pystilt-db}\n`, fragments: ['pools[0].secretEnv.DB_URL: received "pystilt-db", expected "secret:key"'] },
    { name: 'duplicate pools', text: `${POOL}  - name: sims\n    image: img:2\n    job: {}\n`, fragments: [':5:11: pools[1].name: pool name "sims" is already used by pools[0] (pools[0].name) in namespace default'] },
    { name: 'autoscale min above max', text: `pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {minReplicas: 5, maxReplicas: 2, triggers: [{type: cpu, metadata: {value: "50"}}]}\n`, fragments: ['pools[0].follow.autoscale.minReplicas: received 5, expected at most maxReplicas (2)'] },
    { name: 'a trigger type KEDA does not have', text: `pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {triggers: [{type: postgres, metadata: {}}]}\n`, fragments: ['triggers[0].type: received "postgres"', '(did you mean "postgresql"?)'] },
    { name: 'a count beyond int32', text: POOL.replace('workers: 2', 'workers: 3000000000'), fragments: ['pools[0].job.workers: received 3000000000, expected a number <= 2147483647'] },
    { name: 'a GPU vendor other than nvidia and amd', text: `${POOL}    resources: {gpu: 1, gpuVendor: intel}\n`, fragments: ['pools[0].resources.gpuVendor: received "intel", expected one of: nvidia, amd'] },
    { name: 'a probe on a port the container does not expose', text: `pools:\n  - name: s\n    image: i\n    serve: {port: 8000, readiness: {port: 9000}}\n`, fragments: ['pools[0].serve.readiness.port: received 9000, expected a port the container exposes: 8000'] },
    { name: 'a pool without an image', text: 'pools:\n  - name: s\n    job: {}\n', fragments: ['pools[0].job: no image'] },
    { name: 'a pool that renders nothing', text: 'pools:\n  - name: s\n    image: i\n', fragments: ['pools[0]: pool "s" renders nothing'] },
    { name: 'a bad label value', text: `${POOL}    labels: {team: "a b"}\n`, fragments: ['pools[0].labels.team: received "a b", expected a label value'] },
    { name: 'YAML syntax', text: 'pools: [\n', fragments: ['invalid YAML'] },
    { name: 'an empty file', text: '', fragments: ['the file is empty, expected a YAML mapping'] },
  ];
  for (const testCase of cases) {
    it(`rejects ${testCase.name} with exit 2 and a located message`, () => {
      const { file, result } = validateText(testCase.text);
      expectInputError(result, file, ...testCase.fragments);
    });
  }

  it('reports schema and semantic mistakes of one config all at once, sorted by line', () => {
    const text = [
      'namespace: Batch_1',
      'pools:',
      '  - name: sims',
      '    image: img:1',
      '    imgae: typo',
      '    env: {PY: 3.10}',
      '    job: {workers: many}',
      '    resources: {memory: 3GB}',
      '  - name: sims',
      '    image: img:2',
      '    follow:',
      '      replicas: -1',
      '      autoscale: {triggers: [{type: rabbit, metadata: {}}]}',
      '    secretEnv: {DB: nocolon}',
      '    labels: {team: "a/b"}',
      '',
    ].join('\n');
    const { file, result } = validateText(text);
    const expected = [
      [1, 'namespace: received "Batch_1", expected a DNS-1123 label'],
      [5, 'pools[0].imgae: unknown key "imgae"'],
      [6, 'pools[0].env.PY: received 3.10, which YAML reads as the number 3.1'],
      [7, 'pools[0].job.workers: received "many", expected a whole number'],
      [8, 'pools[0].resources.memory: received "3GB"'],
      [9, 'pools[1].name: pool name "sims" is already used by pools[0]'],
      [12, 'pools[1].follow.replicas: received -1'],
      [13, 'pools[1].follow.autoscale.triggers[0].type: received "rabbit"'],
      [14, 'pools[1].secretEnv.DB: received "nocolon", expected "secret:key"'],
      [15, 'pools[1].labels.team: received "a/b"'],
    ] as const;
    expectInputError(result);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, expected.length, result.stderr);
    expected.forEach(([line, fragment], index) => {
      assert.ok(lines[index].startsWith(`${file}:${line}:`), `line ${index + 1} of the report is at line ${line}: ${lines[index]}`);
      assert.ok(lines[index].includes(fragment), `${lines[index]} names ${fragment}`);
    });
  });

  it('runs the semantic checks on pools after one the schema refused, at their own index', () => {
    const text = 'pools:\n  - image: img:1\n    job: {}\n  - name: Bad_Name\n    image: img:1\n    job: {}\n';
    const { file, result } = validateText(text);
    expectInputError(result, `${file}:2:5: pools[0]: missing required key "name"`, `${file}:4:11: pools[1].name: received "Bad_Name"`);
  });

  it('keeps list indices of the original document at every depth', () => {
    const text = [
      'pools:',
      '  - {image: "img:1", job: {}}',
      '  - name: s',
      '    image: img:1',
      '    follow:',
      '      autoscale:',
      '        triggers:',
      '          - {type: redis, metadata: {}, secretAuth: 5}',
      '          - {type: redis, name: second, metadata: {}, secretAuth: {password: nocolon}}',
      '',
    ].join('\n');
    const { file, result } = validateText(text);
    expectInputError(result, `${file}:2:5: pools[0]: missing required key "name"`, `${file}:8:53: pools[1].follow.autoscale.triggers[0].secretAuth: received 5, expected a mapping`,
      `${file}:9:78: pools[1].follow.autoscale.triggers[1].secretAuth.password: received "nocolon", expected "secret:key"`);
  });

  it('checks the rest when the pools themselves are missing or of the wrong type', () => {
    expectInputError(validateText('namespace: Bad_NS\n').result, 'missing required key "pools"', 'namespace: received "Bad_NS"');
    expectInputError(validateText('namespace: Bad_NS\npools: 3\n').result, 'pools: received 3, expected a list', 'namespace: received "Bad_NS"');
  });
});
