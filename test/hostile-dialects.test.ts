import * as fs from 'node:fs';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliProcess, expectInputError, REPO } from './support/cli';
import { maxInputBytes } from '../src/config/input-text';
import { MAX_ALIAS_EXPANSION_NODES } from '../src/config/source';
import { HostileCase, runHostileCases } from './support/hostile';

const MAX_INPUT_BYTES = maxInputBytes();

const PREFECT_DEFAULT = fs.readFileSync(path.join(REPO, 'templates', 'prefect-default.yaml'), 'utf8');
const STATE_MACHINE_FIXTURES = path.join(REPO, 'test', 'fixtures', 'dialects', 'state-machine');

const pystilt = (name: string, text: string, ...expect: string[]): HostileCase => ({
  name: `pystilt: ${name}`, files: { 'config.yaml': text }, args: ['synth', '--dialect', 'pystilt', '--config', '$DIR/config.yaml'], expect,
});
const magnus = (name: string, text: string, extra: string[], ...expect: string[]): HostileCase => ({
  name: `magnus: ${name}`, files: { 'magnus.yaml': text }, args: ['synth', '--dialect', 'magnus', '--config', '$DIR/magnus.yaml', ...extra], expect,
});
const metaflow = (name: string, text: string, ...expect: string[]): HostileCase => ({
  name: `metaflow: ${name}`, files: { 'step.yaml': text }, args: ['synth', '--dialect', 'metaflow', '--config', '$DIR/step.yaml', '--name', 'flow-step-1', '--command', 'python flow.py step train'], expect,
});
const prefect = (name: string, sets: string[], ...expect: string[]): HostileCase => ({
  name: `prefect: ${name}`, files: { 'template.yaml': PREFECT_DEFAULT }, args: ['synth', '--dialect', 'prefect', '--config', '$DIR/template.yaml', ...sets.flatMap((set) => ['--set', set])], expect,
});
const stateMachine = (fixture: string, ...expect: string[]): HostileCase => ({
  name: `state-machine: ${fixture}`,
  files: { 'machine.yaml': fs.readFileSync(path.join(STATE_MACHINE_FIXTURES, `${fixture}.yaml`), 'utf8') },
  args: ['synth', '--dialect', 'state-machine', '--config', '$DIR/machine.yaml'], expect,
});

/** A nine-fold alias bomb nine levels deep in JSON form (`"b":&b [*a,…]`), under `key`. */
function jsonAliasBomb(key: string): string {
  const levels = ['"a":&a ["x","x","x","x","x","x","x","x","x"]'];
  for (let level = 1; level < 9; level++) {
    const [name, previous] = [String.fromCharCode(97 + level), String.fromCharCode(96 + level)];
    levels.push(`"${name}":&${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `"${key}": {${levels.join(',')}}`;
}
const PREFECT_JSON_BOMB = `{"job_configuration": {"job_manifest": {"apiVersion": "batch/v1", "kind": "Job"}}, "variables": {"type": "object", "properties": {"name": {"type": "string", ${jsonAliasBomb('default')}}}}}`;

const MAGNUS_JOB = 'executor:\n  type: k8s-job\n  config:\n    docker_image: ghcr.io/example/job:1\n';
const NAME_AND_COMMAND = ['--name', 'train-1', '--command', 'magnus execute_single_node'];

const CASES: HostileCase[] = [
  pystilt('a backend that is not kubernetes', 'project: /data/p\nexecution:\n  backend: slurm\n  image: i\n', '$FILE:3:12', 'execution.backend', 'received "slurm"'),
  pystilt('a count that is not a number', 'project: /data/p\nexecution:\n  backend: kubernetes\n  image: i\n  n_workers: many\n', '$FILE:5:14', 'execution.n_workers', 'whole number'),
  pystilt('a pod key it cannot express', 'project: /data/p\nexecution:\n  backend: kubernetes\n  image: i\n  hostNetwork: true\n', '$FILE:5:3', 'execution.hostNetwork', 'unknown key'),
  pystilt('no project', 'execution:\n  backend: kubernetes\n  image: i\n', '--project is required with --dialect pystilt'),
  pystilt('YAML syntax', 'project: [\n', '$FILE:', 'invalid YAML'),
  { ...pystilt('a --command it does not take', 'project: /data/p\nexecution:\n  backend: kubernetes\n  image: i\n', '--command'), args: ['synth', '--dialect', 'pystilt', '--config', '$DIR/config.yaml', '--command', 'stilt run'] },
  magnus('a secret without a key', `${MAGNUS_JOB}    secrets_from_k8s: {DB: nocolon}\n`, NAME_AND_COMMAND, '$FILE:5:28', 'secrets_from_k8s.DB', 'SecretName:Key'),
  magnus('no --name', MAGNUS_JOB, ['--command', 'run'], '--name is required with --dialect magnus'),
  magnus('no --command', MAGNUS_JOB, ['--name', 'train-1'], '--command'),
  magnus('an unterminated quote in --command', MAGNUS_JOB, ['--name', 'train-1', '--command', "run 'it"], '--command: unterminated single quote'),
  magnus('a GPU vendor that is no extended resource', `${MAGNUS_JOB}    gpu_limit: 1\n    gpu_vendor: kubernetes.io/gpu\n`, NAME_AND_COMMAND, '$FILE:6:17', 'executor.config.gpu_vendor', 'expected an extended resource name'),
  magnus('another executor', 'executor:\n  type: local\n  config: {}\n', NAME_AND_COMMAND, 'executor.type', 'received "local"'),
  magnus('a name that is not a DNS label', MAGNUS_JOB, ['--name', 'Train_1', '--command', 'run'], '--name'),
  metaflow('an unknown qos', 'cpu: 2\nqos: Premium\nimage: i\n', '$FILE:2:6', 'qos', 'Guaranteed, Burstable'),
  metaflow('zero CPUs', 'cpu: 0\nimage: i\n', '$FILE:1:6', 'cpu', 'greater than 0'),
  metaflow('half a GPU', 'gpu: 1.5\nimage: i\n', '$FILE:1:6', 'gpu', 'whole number'),
  metaflow('a duplicate node_selector key', 'node_selector: "a=b,a=c"\nimage: i\n', 'node_selector', 'twice'),
  metaflow('a privileged container', 'security_context: {privileged: true}\nimage: i\n', 'security_context.privileged', 'restricted Pod Security profile forbids it'),
  metaflow('an invalid label value', 'labels: {team: "a b"}\nimage: i\n', 'labels.team', 'label value'),
  metaflow('a GPU vendor other than nvidia and amd', 'gpu: 1\ngpu_vendor: intel\nimage: i\n', 'gpu_vendor', 'received "intel"'),
  prefect('a variable of the wrong type', ['name=x', 'image=i', 'backoff_limit=many'], '--set backoff_limit: received "many", expected a whole number'),
  prefect('a value outside the enum', ['name=x', 'image=i', 'image_pull_policy=Sometimes'], '--set image_pull_policy', 'IfNotPresent, Always, Never'),
  prefect('a variable the template does not declare', ['name=x', 'image=i', 'colour=blue'], '--set colour: unknown variable "colour"'),
  prefect('no name at all', ['image=i'], '--name: missing'),
  prefect('a --set without =', ['name=x', 'novalue'], '--set "novalue": expected KEY=VALUE'),
  prefect('a credential in env', ['name=x', 'image=i', 'env={"API_TOKEN": "abc123"}'], 'env[0].value', 'looks like a credential (its name API_TOKEN says so)', 'secretKeyRef'),
  {
    name: 'prefect: an undeclared placeholder',
    files: { 'template.yaml': fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'dialects', 'prefect', 'undeclared-placeholder.yaml'), 'utf8') },
    args: ['synth', '--dialect', 'prefect', '--config', '$DIR/template.yaml', '--set', 'name=x'],
    expect: ['$FILE:14:22', '{{ imgae }}', 'did you mean "image"'],
  },
  { name: 'prefect: a JSON template with an alias bomb', files: { 'template.json': PREFECT_JSON_BOMB }, args: ['synth', '--dialect', 'prefect', '--config', '$DIR/template.json', '--set', 'name=x'], expect: ['$FILE:1:', `YAML aliases expand the document by more than ${MAX_ALIAS_EXPANSION_NODES} values`] },
  { name: 'prefect: --values with an alias bomb', files: { 'template.yaml': PREFECT_DEFAULT, 'values.json': `{${jsonAliasBomb('env')}}` }, args: ['synth', '--dialect', 'prefect', '--config', '$DIR/template.yaml', '--values', '$DIR/values.json'], expect: ['values.json:1:', 'YAML aliases expand'] },
  { name: 'prefect: --values /dev/zero', files: { 'template.yaml': PREFECT_DEFAULT }, args: ['synth', '--dialect', 'prefect', '--config', '$DIR/template.yaml', '--values', '/dev/zero'], expect: [`/dev/zero: received more than ${MAX_INPUT_BYTES} bytes`] },
  { name: 'prefect: a template that is /dev/urandom', args: ['synth', '--dialect', 'prefect', '--config', '/dev/urandom', '--set', 'name=x'], expect: [`/dev/urandom: received more than ${MAX_INPUT_BYTES} bytes`] },
  { ...pystilt('an alias bomb', `project: /data/p\nexecution: {backend: kubernetes, image: i}\n${jsonAliasBomb('extra')}\n`), expect: ['$FILE:3:', 'YAML aliases expand'] },
  magnus('a label YAML reads as a number', `${MAGNUS_JOB}    labels: {version: 1.10}\n`, NAME_AND_COMMAND, '$FILE:5:23', 'executor.config.labels.version', 'received 1.10, which YAML reads as the number 1.1: write "1.10" in quotes'),
  metaflow('an annotation YAML reads as a number', 'annotations: {build: 0x1F}\nimage: i\n', '$FILE:1:22', 'annotations.build', 'received 0x1F, which YAML reads as the number 31'),
  metaflow('a toleration value YAML reads as a number', 'tolerations: [{key: gen, operator: Equal, value: 2.50, effect: NoSchedule}]\nimage: i\n', 'tolerations[0].value', 'received 2.50, which YAML reads as the number 2.5'),
  { name: 'state-machine: /dev/zero', args: ['synth', '--dialect', 'state-machine', '--config', '/dev/zero'], expect: [`/dev/zero: received more than ${MAX_INPUT_BYTES} bytes`] },
  stateMachine('duplicate-steps', '$FILE:13:13', 'spec.jobs[1].name', 'received "fetch"'),
  stateMachine('pull-later', 'spec.jobs[1].registry.pull', 'only a later step pushes it'),
  stateMachine('completed-zero', 'spec.workflow.completed', 'expected at least 1'),
  stateMachine('unknown-field', '$FILE:10:3', 'spec.managr', 'did you mean "manager"'),
  stateMachine('wrong-kind', 'kind: received "Statemachine"'),
  {
    name: 'state-machine: a credential in a step environment',
    files: { 'machine.yaml': fs.readFileSync(path.join(REPO, 'examples', 'state-machine.yaml'), 'utf8').replace(/environment:\n/, 'environment:\n        DB_URL: "postgres://ml:pw@db/ml"\n') },
    args: ['synth', '--dialect', 'state-machine', '--config', '$DIR/machine.yaml'],
    expect: ['environment.DB_URL', 'looks like a credential'],
  },
];

describe('hostile input: every dialect', () => {
  runHostileCases(CASES);

  it('reads a multi-document StateMachine file from standard input once, naming <stdin>', () => {
    const machine = fs.readFileSync(path.join(REPO, 'examples', 'state-machine.yaml'), 'utf8');
    const two = `${machine}\n---\n${machine.replace(/name: ([a-z0-9-]+)/, 'name: $1-copy')}`;
    const result = cliProcess(['synth', '--dialect', 'state-machine', '--config', '-', '--stdout'], { input: two });
    assert.equal(result.code, 0, result.stderr);
    assert.equal((result.stdout.match(/^kind: StateMachine$/gm) ?? []).length, 2);
    expectInputError(cliProcess(['synth', '--dialect', 'state-machine', '--config', '-'], { input: `${machine}\n---\n${machine}` }), '<stdin>:', 'metadata.name');
  });

  it('refuses standard input twice in one run', () => {
    expectInputError(cliProcess(['synth', '--dialect', 'prefect', '--config', '-', '--values', '-'], { input: PREFECT_DEFAULT }), '<stdin>: standard input was already read');
  });
});
