import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../../src/config/errors';
import { translateStateMachines } from '../../src/dialects/state-machine';
import { STATE_MACHINE_SCHEMA } from '../../src/dialects/state-machine/schema';
import { Manifest } from '../../src/synth/render';
import { cli, expectInputError, REPO } from '../support/cli';
import { writeTemp } from '../support/files';
import { matchSnapshot } from '../support/snapshot';
import { assertValidManifests } from '../support/strict-schema';

const EXAMPLE = 'examples/state-machine.yaml';
const FIXTURES = 'test/fixtures/dialects/state-machine';

function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

function synth(file: string) {
  return cli('synth', '--dialect', 'state-machine', '--config', file, '--stdout');
}

function objects(stdout: string): Manifest[] {
  return parseAllDocuments(stdout).map((document) => document.toJS() as Manifest);
}

/** Exit 2, no stack, and each fragment on the line of `where` (file:line:col: path). */
function expectProblem(file: string, where: string, ...fragments: string[]): void {
  const result = synth(file);
  expectInputError(result, `${file}:${where}`);
  const line = result.stderr.split('\n').find((text) => text.startsWith(`${file}:${where}`))!;
  for (const fragment of fragments) assert.ok(line.includes(fragment), `expected ${JSON.stringify(fragment)} in:\n${line}\nstderr:\n${result.stderr}`);
  assert.equal(result.stdout, '');
}

describe('--dialect state-machine: the example', () => {
  it('renders through the CLI, valid against the CRD, matching the golden file', () => {
    const result = synth(EXAMPLE);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const manifests = objects(result.stdout);
    assert.equal(manifests.length, 1);
    assertValidManifests(manifests);
    matchSnapshot('state-machine.yaml', result.stdout);
  });

  it('writes the CRD defaults out, only inside objects the input has (structural defaulting)', () => {
    const [cr] = objects(synth(EXAMPLE).stdout);
    assert.equal(cr.apiVersion, 'state-machine.converged-computing.org/v1alpha1');
    assert.equal(cr.kind, 'StateMachine');
    assert.deepEqual(cr.metadata, { name: 'training-pipeline', namespace: 'ml', labels: { 'app.kubernetes.io/part-of': 'training-pipeline' } });
    const [prepare, train, evaluate] = cr.spec.jobs;
    // Unset fields of given objects get their defaults.
    assert.deepEqual(prepare.config, { coresPerTask: 2, nodes: 1, pullPolicy: 'IfNotPresent', walltime: '10m' });
    assert.equal(prepare.arch, 'amd64');
    assert.equal(prepare.registry.plainHttp, true);
    assert.equal(evaluate.config.nodes, 1);
    assert.deepEqual(cr.spec.manager, {
      coresPerNode: 4, image: 'ghcr.io/converged-computing/state-machine-operator:manager', pullPolicy: 'IfNotPresent', replicas: 1, subdomain: 'r',
    });
    assert.deepEqual(cr.spec.registry, { image: 'ghcr.io/oras-project/registry:latest', name: 'registry', port: 5000, pullPolicy: 'IfNotPresent', replicas: 1 });
    // Given values win over defaults.
    assert.equal(train.config.nodes, 2);
    assert.equal(train.config.coresPerTask, 8);
    // Fields without a CRD default stay unset.
    assert.equal(cr.spec.workflow.prefix, 'mnist_');
    assert.equal(cr.spec.cluster.autoscale, undefined);
    assert.equal(prepare.interactive, undefined);
  });

  it('adds no objects the input leaves out: no spec.manager, spec.registry, jobs[].config or jobs[].registry', () => {
    const [cr] = objects(synth(fixture('minimal.yaml')).stdout);
    assert.deepEqual(cr.spec, {
      cluster: { maxSize: 1 },
      jobs: [{ arch: 'amd64', image: 'busybox:1.36', name: 'only', script: 'echo hello' }],
      workflow: { completed: 1 },
    });
  });

  it('is deterministic: the same bytes twice, and the same as translate()', () => {
    const first = synth(EXAMPLE).stdout;
    assert.equal(synth(EXAMPLE).stdout, first);
    const output = translateStateMachines({ file: EXAMPLE });
    assert.ok('manifests' in output);
    assert.deepEqual(output.manifests, objects(first));
  });

  it('writes files too (the default output)', () => {
    const out = path.join(path.dirname(writeTemp('keep', '')), 'out');
    const result = cli('synth', '--dialect', 'state-machine', '--config', EXAMPLE, '--out', out);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /wrote 1 objects/);
    const written = fs.readdirSync(out).filter((name) => name.endsWith('.yaml'));
    assert.equal(written.length, 1);
    assert.deepEqual(objects(fs.readFileSync(path.join(out, written[0]), 'utf8')), objects(synth(EXAMPLE).stdout));
  });

  it('validates the example with the validate command', () => {
    const result = cli('validate', '--dialect', 'state-machine', '--config', EXAMPLE);
    assert.equal(result.code, 0, result.stderr);
  });
});

describe('--dialect state-machine: several documents', () => {
  it('renders one StateMachine per document, in order, skipping empty documents', () => {
    const result = synth(fixture('multi.yaml'));
    assert.equal(result.code, 0, result.stderr);
    const manifests = objects(result.stdout);
    assert.deepEqual(manifests.map((m) => m.metadata.name), ['first', 'second']);
    assert.equal(manifests[1].metadata.namespace, 'batch');
    assert.deepEqual(manifests[1].spec.registry, { image: 'ghcr.io/oras-project/registry:latest', name: 'registry', pullPolicy: 'IfNotPresent', replicas: 1 });
    assertValidManifests(manifests);
  });

  it('locates a problem in a later document by its line in the file', () => {
    expectProblem(fixture('multi-error.yaml'), '27:15: spec.jobs[0].registry.pull', 'step "only" pulls tag "nothing"');
  });

  it('locates a YAML syntax error in a later document by its line in the file', () => {
    const file = writeTemp('broken.yaml', `${fs.readFileSync(fixture('minimal.yaml'), 'utf8')}---\nkind: StateMachine\nkind: Again\n`);
    const result = synth(file);
    expectInputError(result, `${file}:16:1: invalid YAML`);
  });

  it('refuses two StateMachines with one name in one namespace', () => {
    expectProblem(fixture('duplicate-machines.yaml'), '17:9: metadata.name', 'received "twin"', 'the document at line 4 has it too');
  });

  it('refuses a file of empty documents', () => {
    expectInputError(synth(writeTemp('empty.yaml', '---\n---\n')), 'only empty documents');
  });
});

describe('--dialect state-machine: what the operator would only find at run time', () => {
  it('duplicate step names, also those that only collide as Job names', () => {
    const file = fixture('duplicate-steps.yaml');
    expectProblem(file, '13:13: spec.jobs[1].name', 'received "fetch"', 'spec.jobs[0] is also named "fetch"');
    expectProblem(file, '17:13: spec.jobs[3].name', 'received "fetch-data"', 'spec.jobs[2] ("fetch_data")', '"fetch-data-<jobid>"');
  });

  it('a pull of a tag no step declares is a warning naming the step and the tag, with a did-you-mean', () => {
    const file = fixture('pull-unpushed.yaml');
    const result = synth(file);
    assert.equal(result.code, 0, result.stderr);
    const warning = result.stderr.split('\n').find((line) => line.startsWith(`warning: ${file}:18:15: spec.jobs[1].registry.pull`));
    assert.ok(warning, result.stderr);
    for (const fragment of ['step "train" pulls tag "shards"', 'which no step declares under registry.push', '(did you mean "shard"?)', 'pushed by a script']) {
      assert.ok(warning.includes(fragment), `${fragment} in ${warning}`);
    }
    assertValidManifests(objects(result.stdout));
  });

  it('renders a step that pulls what an earlier step\'s own script pushes, with a warning only', () => {
    const file = fixture('script-push.yaml');
    const result = synth(file);
    assert.equal(result.code, 0, result.stderr);
    const [cr] = objects(result.stdout);
    assertValidManifests([cr]);
    assert.equal(cr.spec.jobs[1].registry.pull, 'features');
    assert.deepEqual(result.stderr.split('\n').filter(Boolean).map((line) => line.slice(0, line.indexOf(': ', 9 + file.length))),
      [`warning: ${file}:21:15`]);
  });

  it('a pull of a tag only a later step pushes', () => {
    expectProblem(fixture('pull-later.yaml'), '18:15: spec.jobs[1].registry.pull',
      'step "train" pulls tag "metrics"', 'only a later step pushes it (spec.jobs[2], step "evaluate")', 'received "metrics", expected one of: "shard"');
  });

  it('a pull of a tag the step itself pushes, and a pull in the first step', () => {
    const text = fs.readFileSync(fixture('minimal.yaml'), 'utf8').replace('script: echo hello', 'registry:\n        pull: data\n        push: data');
    const file = writeTemp('self.yaml', text);
    expectProblem(file, '14:15: spec.jobs[0].registry.pull', 'step "only" pulls tag "data"', 'only this step itself pushes it', 'no earlier step pushes any');
  });

  it('a pull from another registry than the one the tag was pushed to', () => {
    expectProblem(fixture('registry-mismatch.yaml'), '19:15: spec.jobs[1].registry.pull',
      'step "train" pulls tag "shard" from the in-cluster registry', 'step "prepare" (spec.jobs[0]) pushes it to "registry.example.com"');
  });

  it('workflow.completed below 1', () => {
    expectProblem(fixture('completed-zero.yaml'), '7:16: spec.workflow.completed', 'received 0, expected at least 1');
  });

  it('a step may have more nodes than cluster.maxSize, which bounds only how many first steps are packed', () => {
    const file = fixture('max-size.yaml');
    const result = synth(file);
    assert.equal(result.code, 0, result.stderr);
    const [cr] = objects(result.stdout);
    assertValidManifests([cr]);
    assert.deepEqual(cr.spec.jobs.map((step: any) => step.config.nodes), [4, 2, 3]);
    const lines = result.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, result.stderr);
    assert.ok(lines[0].startsWith(`warning: ${file}:14:16: spec.jobs[0].config.nodes`), lines[0]);
    assert.ok(lines[0].includes('packs floor(2 / 4) = 0 first steps at once'), lines[0]);
  });

  it('cluster.maxSize below 1', () => {
    const file = writeTemp('zero.yaml', fs.readFileSync(fixture('minimal.yaml'), 'utf8').replace('maxSize: 1', 'maxSize: 0'));
    expectProblem(file, '9:14: spec.cluster.maxSize', 'received 0, expected at least 1');
  });

  it('metadata.name, step names that cannot become Kubernetes names, a step without an image', () => {
    const file = fixture('bad-names.yaml');
    expectProblem(file, '4:9: metadata.name', 'received "training.pipeline", expected a DNS-1035 label', 'headless Service');
    expectProblem(file, '11:13: spec.jobs[0].name', 'received "Prepare", expected lowercase letters, digits, "-" and "_"');
    expectProblem(file, '13:13: spec.jobs[1].name', '(52 characters), expected at most 49', 'must fit in 63 characters', 'the prefix "job_" plus 9 digits');
    expectProblem(file, '15:7: spec.jobs[2]', 'missing required key "image"', 'step "evaluate"');
  });

  it('the room for step names follows workflow.prefix', () => {
    const text = fs.readFileSync(fixture('minimal.yaml'), 'utf8')
      .replace('completed: 1', `completed: 1\n    prefix: ${'p'.repeat(30)}_`)
      .replace('name: only', 'name: twenty-three-characters');
    const file = writeTemp('prefix.yaml', text);
    expectProblem(file, '12:13: spec.jobs[0].name', '(23 characters), expected at most 22');
  });

  it('a step environment variable name the API server refuses', () => {
    const text = fs.readFileSync(fixture('minimal.yaml'), 'utf8').replace('script: echo hello', 'script: echo hello\n      environment:\n        MY VAR: x\n        OK_NAME: y');
    const file = writeTemp('env-name.yaml', text);
    expectProblem(file, '15:9: spec.jobs[0].environment["MY VAR"]', 'received variable name "MY VAR"', 'the API server refuses other names');
  });

  it('a missing metadata.name', () => {
    const file = writeTemp('no-name.yaml', fs.readFileSync(fixture('minimal.yaml'), 'utf8').replace('name: minimal', 'namespace: default'));
    expectProblem(file, '4:3: metadata', 'missing required key "name"');
  });

  it('pull policies, event actions and an empty list of steps', () => {
    const file = fixture('enums.yaml');
    expectProblem(file, '10:17: spec.workflow.events[0].action', 'received "finish", expected one of: grow, shrink, finish-workflow, repeat');
    expectProblem(file, '14:17: spec.manager.pullPolicy', 'received "always"', '(did you mean "Always"?)');
    expectProblem(file, '15:9: spec.jobs', 'expected at least one step');
  });

  it('reports every problem of the file at once, in file order', () => {
    const lines = synth(fixture('bad-names.yaml')).stderr.trim().split('\n');
    assert.equal(lines.length, 4);
    const positions = lines.map((line) => Number(line.split(':')[1]));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
  });
});

describe('--dialect state-machine: the CRD schema', () => {
  it('an unknown field in spec, with a did-you-mean, also deep inside a step', () => {
    const file = fixture('unknown-field.yaml');
    expectProblem(file, '10:3: spec.managr', 'unknown key "managr" (did you mean "manager"?)', 'expected one of: cluster, jobs, manager, registry, workflow');
    expectProblem(file, '16:9: spec.jobs[0].config.corePerTask', 'unknown key "corePerTask" (did you mean "coresPerTask"?)');
  });

  it('a wrong type', () => {
    const file = fixture('wrong-type.yaml');
    expectProblem(file, '9:14: spec.cluster.maxSize', 'received "four", expected a whole number');
    expectProblem(file, '14:18: spec.jobs[0].environment.THREADS', 'received 4, expected a string');
  });

  it('a missing workflow and cluster', () => {
    const result = synth(fixture('missing-required.yaml'));
    expectInputError(result, 'spec: missing required key "workflow"', 'spec: missing required key "cluster"');
  });

  it('a number outside int32', () => {
    const file = writeTemp('big.yaml', fs.readFileSync(fixture('minimal.yaml'), 'utf8').replace('completed: 1', 'completed: 3000000000'));
    expectProblem(file, '7:16: spec.workflow.completed', 'received 3000000000, expected a number <= 2147483647');
  });

  it('a wrong kind or apiVersion, reported alone', () => {
    const kind = synth(fixture('wrong-kind.yaml'));
    expectInputError(kind, `${fixture('wrong-kind.yaml')}:2:7: kind: received "Statemachine", expected "StateMachine"`);
    assert.ok(!kind.stderr.includes('bogus'), 'a document of another kind is not checked further');
    expectProblem(fixture('wrong-api-version.yaml'), '1:13: apiVersion', 'received "state-machine.converged-computing.org/v1beta1", expected "state-machine.converged-computing.org/v1alpha1"');
  });

  it('a document that is not a mapping, and a missing apiVersion', () => {
    expectInputError(synth(writeTemp('list.yaml', '- a\n- b\n')), 'received a list of 2, expected a StateMachine');
    expectInputError(synth(writeTemp('bare.yaml', 'kind: StateMachine\n')), 'missing required key "apiVersion"');
  });

  it('drops status with a warning', () => {
    const result = synth(fixture('with-status.yaml'));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^warning: \S+with-status\.yaml:13:1: status: dropped: the operator writes status/);
    assert.equal(objects(result.stdout)[0].status, undefined);
  });

  it('refuses the flags of other dialects', () => {
    expectInputError(cli('synth', '--dialect', 'state-machine', '--config', EXAMPLE, '--name', 'x', '--stdout'), '--name: received with --dialect state-machine');
  });

  it('ships a schema that is the CRD\'s, closed: same fields and defaults', () => {
    const crd = parseAllDocuments(fs.readFileSync(path.join(REPO, 'test/fixtures/schemas/state-machine.converged-computing.org_statemachines.yaml'), 'utf8'))[0].toJS();
    const source = crd.spec.versions[0].schema.openAPIV3Schema;
    const fields = (node: any, at: string): string[] => [
      ...(node.default === undefined ? [] : [`${at}=${JSON.stringify(node.default)}`]),
      ...Object.entries(node.properties ?? {}).flatMap(([name, child]) => [`${at}.${name}`, ...fields(child, `${at}.${name}`)]),
      ...(node.items ? fields(node.items, `${at}[]`) : []),
    ];
    const shipped = fields(STATE_MACHINE_SCHEMA, '').filter((field) => !field.startsWith('.metadata.'));
    assert.deepEqual(shipped, fields(source, '').filter((field) => !field.startsWith('.metadata.')));
    assert.equal((STATE_MACHINE_SCHEMA.properties!.spec as any).additionalProperties, false);
    assert.deepEqual(STATE_MACHINE_SCHEMA.properties!.spec.properties!.jobs.items!.properties!.properties, { type: 'object', additionalProperties: { type: 'string' } });
  });

  it('throws InputError from translate()', () => {
    assert.throws(() => translateStateMachines({ file: fixture('completed-zero.yaml') }), InputError);
  });
});
