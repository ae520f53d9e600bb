import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { dnsLabelProblem, labelKeyProblem, labelValueProblem } from '../../src/config/names';
import { dnsLabelSlug, validLabelKey, validLabelValue } from '../../src/dialects/prefect/labels';
import { cli, cliProcess, CliResult, expectInputError } from '../support/cli';
import { writeTemp } from '../support/files';
import { matchSnapshot } from '../support/snapshot';
import { assertValidManifests } from '../support/strict-schema';

const FIXTURES = 'test/fixtures/dialects/prefect';
const EXAMPLE = ['--config', 'examples/prefect.yaml', '--values', 'examples/prefect-values.yaml'];
const DEFAULT = 'templates/prefect-default.yaml';
const IMAGE = 'ghcr.io/example/worker:1.0.0';

function prefect(...args: string[]): CliResult {
  return cli('synth', '--dialect', 'prefect', ...args, '--stdout');
}

/** Runs a render that must succeed; returns the one object, checked strictly and against the restricted profile. */
function render(...args: string[]): { job: any; result: CliResult } {
  const result = prefect(...args);
  assert.equal(result.code, 0, result.stderr);
  const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
  assert.equal(manifests.length, 1);
  assertValidManifests(manifests);
  return { job: manifests[0], result };
}

function warnings(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.startsWith('warning: '));
}

describe('prefect dialect: the example', () => {
  it('renders examples/prefect.yaml with its values as the worker would, made applyable', () => {
    const { job, result } = render(...EXAMPLE);
    assert.equal(job.kind, 'Job');
    assert.equal(job.metadata.name, 'nightly-etl');
    assert.equal(job.metadata.generateName, undefined);
    assert.equal(job.metadata.namespace, 'pipelines');
    assert.deepEqual(job.metadata.labels, { 'cost-center': 'Analytics-Ops', 'team': 'data' });
    assert.deepEqual(job.spec.template.metadata.labels, job.metadata.labels);
    assert.deepEqual(job.metadata.annotations, { 'example.com/owner': 'data-platform' });
    assert.equal(job.spec.backoffLimit, 2);
    assert.equal(job.spec.ttlSecondsAfterFinished, 3600);
    assert.equal(job.spec.parallelism, 1);
    assert.equal(job.spec.completions, 1);
    const pod = job.spec.template.spec;
    assert.equal(pod.parallelism, undefined);
    assert.equal(pod.serviceAccountName, 'etl-runner');
    assert.deepEqual(pod.nodeSelector, { 'example.com/pool': 'highmem' });
    const [container] = pod.containers;
    assert.deepEqual(container.args, ['python', '-m', 'flows.etl', '--date', '2024-06-01', '--full-refresh']);
    assert.deepEqual(container.env.map((entry: any) => entry.name), ['PREFECT_API_URL', 'LOG_LEVEL', 'PREFECT_API_KEY']);
    assert.deepEqual(container.env[0], { name: 'PREFECT_API_URL', value: 'https://prefect.example.com/api' });
    assert.deepEqual(container.resources, { limits: { memory: '2048Mi' }, requests: { cpu: '500m', memory: '2048Mi' } });
    assert.deepEqual(pod.securityContext, { runAsGroup: 1000, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true });
    assert.equal(pod.automountServiceAccountToken, false);
    assert.ok(warnings(result).some((line) => line.includes('"cost center"') && line.includes('"cost-center"')), result.stderr);
    matchSnapshot('prefect.yaml', result.stdout);
  });

  it('prints the same bytes every time, from the built CLI too', () => {
    const args = ['synth', '--dialect', 'prefect', ...EXAMPLE, '--stdout'];
    const first = cliProcess(args);
    const second = cliProcess(args);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, second.stdout);
    assert.equal(first.stdout, prefect(...EXAMPLE).stdout);
  });

  it('lets --set win over --values, parsing each value as YAML', () => {
    const { job } = render(...EXAMPLE, '--set', 'memory=4096', '--set', 'backoff_limit=3', '--set', 'env={"A": "b"}', '--set', 'labels={}');
    const [container] = job.spec.template.spec.containers;
    assert.equal(container.resources.limits.memory, '4096Mi');
    assert.equal(job.spec.backoffLimit, 3);
    assert.deepEqual(container.env.map((entry: any) => entry.name), ['A', 'PREFECT_API_KEY']);
    assert.equal(job.metadata.labels, undefined);
  });

  it('treats null as unset: the key vanishes, in-string placeholders become empty', () => {
    const { job } = render(...EXAMPLE, '--set', 'finished_job_ttl=null', '--set', 'service_account_name=~');
    assert.equal('ttlSecondsAfterFinished' in job.spec, false);
    assert.equal('serviceAccountName' in job.spec.template.spec, false);
  });
});

describe('prefect dialect: the default template', () => {
  it('renders Prefect\'s default with only name and image, moving parallelism and completions to the Job spec', () => {
    const { job, result } = render('--config', DEFAULT, '--set', 'name=my-flow', '--set', `image=${IMAGE}`);
    const moved = warnings(result).find((line) => line.includes('parallelism') && line.includes('completions'));
    assert.ok(moved, result.stderr);
    assert.match(moved, /not pod fields/);
    assert.equal(job.spec.parallelism, 1);
    assert.equal(job.spec.completions, 1);
    assert.equal('parallelism' in job.spec.template.spec, false);
    assert.equal('completions' in job.spec.template.spec, false);
    assert.equal(job.metadata.name, 'my-flow');
    assert.equal(job.metadata.namespace, 'default');
    assert.equal(job.spec.backoffLimit, 0);
    assert.equal(job.spec.ttlSecondsAfterFinished, undefined);
    const [container] = job.spec.template.spec.containers;
    assert.deepEqual(Object.keys(container).sort(), ['image', 'imagePullPolicy', 'name', 'securityContext']);
    assert.equal(container.name, 'prefect-job');
    assert.equal(container.imagePullPolicy, 'IfNotPresent');
  });

  it('reads the template as JSON too, the form `prefect work-pool get-default-base-job-template` prints', () => {
    const yaml = prefect('--config', DEFAULT, '--set', 'name=my-flow', '--set', `image=${IMAGE}`);
    const json = prefect('--config', `${FIXTURES}/default.json`, '--set', 'name=my-flow', '--set', `image=${IMAGE}`);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stdout, yaml.stdout);
  });

  it('slugifies the name into a DNS-1123 label and drops generateName; --name wins over the variable', () => {
    assert.equal(render('--config', DEFAULT, '--set', 'name=Nightly ETL: Émile_2', '--set', `image=${IMAGE}`).job.metadata.name, 'nightly-etl-emile-2');
    assert.equal(render('--config', DEFAULT, '--name', 'From Flag', '--set', `image=${IMAGE}`).job.metadata.name, 'from-flag');
    const long = render('--config', DEFAULT, '--set', `name=${'a'.repeat(70)}`, '--set', `image=${IMAGE}`).job;
    assert.equal(long.metadata.name, 'a'.repeat(63));
  });

  it('splits the command like a shell into the container args', () => {
    const { job } = render('--config', DEFAULT, '--set', 'name=x', '--set', `image=${IMAGE}`, '--set', `command=prefect flow-run execute --arg 'two words' "a \\"q\\""`);
    assert.deepEqual(job.spec.template.spec.containers[0].args, ['prefect', 'flow-run', 'execute', '--arg', 'two words', 'a "q"']);
  });

  it('fills the restricted defaults only where the template is silent; --no-restricted-defaults warns instead', () => {
    const { job, result } = render('--config', DEFAULT, '--set', 'name=x', '--set', `image=${IMAGE}`);
    assert.equal(warnings(result).some((line) => line.includes('restricted')), false);
    assert.equal(job.spec.template.spec.securityContext.runAsNonRoot, true);
    const open = prefect('--config', DEFAULT, '--set', 'name=x', '--set', `image=${IMAGE}`, '--no-restricted-defaults');
    assert.equal(open.code, 0, open.stderr);
    const bare = parseAllDocuments(open.stdout)[0].toJS();
    assert.equal(bare.spec.template.spec.securityContext, undefined);
    assert.equal(bare.spec.template.spec.automountServiceAccountToken, undefined);
    assert.ok(warnings(open).some((line) => line.includes('allowPrivilegeEscalation') && line.includes('restricted Pod Security')), open.stderr);
    assert.ok(warnings(open).some((line) => line.includes('runAsNonRoot')), open.stderr);
  });
});

describe('prefect dialect: names and labels', () => {
  it('makes any text a valid name, label key and label value, or says it cannot', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
      const name = dnsLabelSlug(text);
      assert.ok(name === '' || dnsLabelProblem(name) === undefined, name);
      const key = validLabelKey(text);
      assert.ok(key === undefined || labelKeyProblem(key) === undefined, key);
      const value = validLabelValue(text);
      assert.ok(value === undefined || labelValueProblem(value) === undefined, value);
    }));
  });

  it('leaves valid label keys and values as they are, Prefect\'s slug for the rest, keeping case', () => {
    assert.equal(validLabelKey('app.kubernetes.io/Name'), 'app.kubernetes.io/Name');
    assert.equal(validLabelKey('App.Kubernetes.io/Name'), 'app.kubernetes.io/Name', 'a prefix is a DNS subdomain: lowercase');
    assert.equal(validLabelKey('example.com/Team Name'), 'example.com/Team-Name');
    assert.equal(validLabelKey('Team Name'), 'Team-Name');
    assert.equal(validLabelValue('MyApp'), 'MyApp');
    assert.equal(validLabelValue('Analytics Ops!'), 'Analytics-Ops');
    assert.equal(validLabelValue('__'), undefined);
  });

  it('takes --command as the command variable, and refuses it disagreeing with --set', () => {
    const { job } = render('--config', DEFAULT, '--set', 'name=x', '--set', `image=${IMAGE}`, '--command', 'python -m flows.run "a b"');
    assert.deepEqual(job.spec.template.spec.containers[0].args, ['python', '-m', 'flows.run', 'a b']);
    expectInputError(prefect('--config', DEFAULT, '--set', 'name=x', '--set', `image=${IMAGE}`, '--command', 'a', '--set', 'command=b'), '--command "a" and --set command=b disagree');
  });
});

describe('prefect dialect: the files Prefect users have', () => {
  const POOL = `${FIXTURES}/pool-env.yaml`;
  const envOf = (job: any) => job.spec.template.spec.containers[0].env;

  it('renders Prefect\'s current default, annotations and optional cpu/memory included; --set cpu_limit=2 is text', () => {
    const { job } = render('--config', DEFAULT, '--set', 'name=my-flow', '--set', `image=${IMAGE}`, '--set', 'cpu_limit=2', '--set', 'memory_request=512Mi',
      '--set', 'annotations={"example.com/owner": "data"}');
    const [container] = job.spec.template.spec.containers;
    assert.deepEqual(container.resources, { limits: { cpu: '2' }, requests: { memory: '512Mi' } });
    assert.deepEqual(job.metadata.annotations, { 'example.com/owner': 'data' });
    assert.deepEqual(job.spec.template.metadata.annotations, { 'example.com/owner': 'data' }, 'annotations reach the pods, as Prefect propagates them');
    const text = fs.readFileSync(DEFAULT, 'utf8');
    for (const variable of ['annotations', 'cpu_request', 'cpu_limit', 'memory_request', 'memory_limit']) assert.ok(text.includes(`    ${variable}:\n`), variable);
  });

  it('merges the deployment\'s env into the work pool\'s default env, with dotted keys', () => {
    const { job, result } = render('--config', POOL, '--values', `${FIXTURES}/pool-env.values.yaml`);
    assert.deepEqual(envOf(job), [
      { name: 'POOL_SETTING', value: 'from-pool' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'EXTRA', value: 'dotted' },
      { name: 'FLOW_SETTING', value: 'on' },
    ]);
    assert.deepEqual(job.metadata.labels, { Team: 'DataEng' }, 'a label keeps its case, as Prefect 3.6.24+ does');
    assert.deepEqual(job.metadata.annotations, { 'example.com/owner': 'data-platform' });
    assert.equal(job.spec.template.spec.containers[0].resources, undefined, 'no cpu_limit: no resources');
    assert.equal(warnings(result).length, 0, result.stderr);
  });

  it('takes env as a Kubernetes-style list, merged by name, null unsetting a pool variable', () => {
    const { job } = render('--config', POOL, '--values', `${FIXTURES}/pool-env-list.values.yaml`);
    assert.deepEqual(envOf(job), [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'flows-db' } } },
    ]);
  });

  it('takes dotted variables from --set, and merges env into a job_configuration.env written out', () => {
    const { job } = render('--config', `${FIXTURES}/literal-env.yaml`, '--set', 'name=etl', '--set', `image=${IMAGE}`, '--set', 'env.REGION=us-east-1', '--set', 'env.PORT=8080');
    assert.deepEqual(envOf(job), [
      { name: 'POOL_TOKEN', valueFrom: { secretKeyRef: { key: 'token', name: 'pool' } } },
      { name: 'REGION', value: 'us-east-1' },
      { name: 'PORT', value: '8080' },
    ]);
    const cpu = render('--config', POOL, '--values', `${FIXTURES}/pool-env.values.yaml`, '--set', 'cpu_limit=1.5', '--set', 'env.LOG_LEVEL=warning').job;
    assert.equal(cpu.spec.template.spec.containers[0].resources.limits.cpu, '1.5');
    assert.equal(envOf(cpu)[1].value, 'warning');
    expectInputError(prefect('--config', POOL, '--set', 'colour.x=1'), '--set colour.x', 'unknown variable "colour"');
    expectInputError(prefect('--config', POOL, '--set', 'name=x', '--set', 'image=a', '--set', 'labels.team.lead=1'), '--set labels.team.lead (labels.team): received a mapping, expected a string');
    expectInputError(prefect('--config', POOL, '--set', 'env..A=1'), '--set env..A: an empty segment in a dotted key');
  });

  it('lets env win over the template\'s own env list on the container, as Prefect does, keeping the rest', () => {
    const template = writeTemp('own-env.yaml', fs.readFileSync(`${FIXTURES}/minimal.yaml`, 'utf8')
      .replace('              env: "{{ env }}"', '              env:\n                - {name: LOG_LEVEL, value: info}\n                - {name: MODE, value: batch}'));
    const { job, result } = render('--config', template, '--set', 'name=x', '--set', 'image=a', '--set', 'env.LOG_LEVEL=debug');
    assert.deepEqual(envOf(job), [{ name: 'LOG_LEVEL', value: 'debug' }, { name: 'MODE', value: 'batch' }]);
    assert.ok(warnings(result).some((line) => line.includes('env "LOG_LEVEL"') && line.includes('kept the value of job_configuration.env')), result.stderr);
  });

  it('fills {{ ctx.flow.name }} in a name from --set, and says so where nothing gives it', () => {
    const values = `${FIXTURES}/ctx-name.values.yaml`;
    const given = render('--config', POOL, '--values', values, '--set', 'ctx.flow.name=Nightly', '--set', 'ctx.flow_run.name=first run').job;
    assert.equal(given.metadata.name, 'etl-nightly-first-run');
    const { job, result } = render('--config', POOL, '--values', values);
    assert.equal(job.metadata.name, 'etl');
    assert.ok(!result.stdout.includes('ctx'), 'the placeholder text never becomes the name');
    const [warning] = warnings(result);
    for (const fragment of ['{{ ctx.flow.name }}', '{{ ctx.flow_run.name }}', '--set ctx.flow.name=VALUE', '--name NAME']) assert.ok(warning.includes(fragment), `${fragment} in ${warning}`);
    assert.ok(warning.includes('the name becomes "etl"'), warning);
    const named = render('--config', POOL, '--values', values, '--name', 'etl-nightly');
    assert.equal(named.job.metadata.name, 'etl-nightly');
    assert.deepEqual(warnings(named.result), [], '--name gives the whole name: nothing is missing');
  });

  it('bounds the rendered size: a large value used many times is exit 2 naming the variable and the limit', () => {
    const uses = Array.from({ length: 300 }, (_, index) => `                - {name: V${index}, value: "{{ big }}"}`).join('\n');
    const template = writeTemp('big.yaml', fs.readFileSync(`${FIXTURES}/minimal.yaml`, 'utf8')
      .replace('              env: "{{ env }}"', `              env:\n${uses}`).replace('    image: {type: string}', '    image: {type: string}\n    big: {type: string}'));
    const values = writeTemp('big.values.yaml', `name: x\nimage: a\nbig: ${'x'.repeat(20_000)}\n`);
    const result = prefect('--config', template, '--values', values);
    expectInputError(result, 'spec.template.spec.containers[0].env[', 'variable "big"', 'goes past 3145728 characters (3 MiB)', 'the API server refuses');
    assert.ok(result.stderr.length < 2000, 'the value is not echoed');
  });

  it('names what the API server and the kubelet would refuse in a template: volumes, port names, annotation keys, probe ports', () => {
    expectInputError(prefect('--config', `${FIXTURES}/template-checks.yaml`, '--set', 'name=x', '--set', 'image=a'),
      'spec.template.spec.volumes[1].name: volume name "scratch" is used twice', 'the API server refuses a duplicate',
      'spec.template.spec.containers[0].ports[0].name: received port name "metrics-exporter", is 16 characters long, expected at most 15 (an IANA service name)',
      'spec.template.metadata.annotations["team owner"]: received annotation key "team owner"', 'the API server refuses an annotation key',
      'spec.template.spec.containers[0].readinessProbe.httpGet.port: received "http", expected one of the container\'s port names ("metrics-exporter", "web")', 'the kubelet');
  });
});

describe('prefect dialect: the shipped templates', () => {
  const templates = fs.readdirSync('templates').filter((file) => file.endsWith('.yaml')).sort();

  it('ships the four templates', () => {
    assert.deepEqual(templates, ['follow-deployment.yaml', 'prefect-default.yaml', 'serve-deployment.yaml', 'worker-job.yaml']);
  });

  for (const file of templates) {
    it(`renders templates/${file} with example values, valid and restricted`, () => {
      const { job, result } = render('--config', `templates/${file}`, '--set', 'name=orders', '--set', `image=${IMAGE}`,
        '--set', 'command=worker run --queue orders', '--set', 'env={QUEUE: orders}', '--set', 'labels={team: data}');
      assert.equal(job.metadata.name, 'orders');
      assert.equal(job.metadata.labels.team, 'data');
      assert.deepEqual(job.spec.template.spec.containers[0].args, ['worker', 'run', '--queue', 'orders']);
      assert.deepEqual(job.spec.template.spec.containers[0].env, [{ name: 'QUEUE', value: 'orders' }]);
      if (job.kind === 'Deployment') {
        for (const [key, value] of Object.entries(job.spec.selector.matchLabels)) assert.equal(job.spec.template.metadata.labels[key], value);
      }
      matchSnapshot(`prefect-template-${file}`, result.stdout);
    });
  }

  it('renders the drain Job with its parallelism, backoff, TTL and pod failure policy', () => {
    const { job } = render('--config', 'templates/worker-job.yaml', '--set', 'name=orders', '--set', `image=${IMAGE}`, '--set', 'workers=8');
    assert.equal(job.spec.parallelism, 8);
    assert.equal(job.spec.completions, undefined);
    assert.equal(job.spec.backoffLimit, 3);
    assert.equal(job.spec.ttlSecondsAfterFinished, 86400);
    assert.deepEqual(job.spec.podFailurePolicy.rules[0].onPodConditions, [{ status: 'True', type: 'DisruptionTarget' }]);
  });

  it('renders the serve Deployment\'s port from its variable', () => {
    const { job } = render('--config', 'templates/serve-deployment.yaml', '--set', 'name=api', '--set', `image=${IMAGE}`, '--set', 'port=9000');
    assert.equal(job.kind, 'Deployment');
    assert.deepEqual(job.spec.template.spec.containers[0].ports, [{ containerPort: 9000, name: 'http', protocol: 'TCP' }]);
  });
});

describe('prefect dialect: bad input exits 2 and says where', () => {
  it('names a variable given the wrong type, by --set or in --values', () => {
    expectInputError(prefect(...EXAMPLE, '--set', 'backoff_limit=lots'), '--set backoff_limit', 'received "lots", expected a whole number');
    const values = writeTemp('values.yaml', 'name: x\nimage: repo/app:1\nmemory: lots\n');
    expectInputError(prefect('--config', 'examples/prefect.yaml', '--values', values), `${values}:3:9: memory`, 'expected a whole number');
    expectInputError(prefect(...EXAMPLE, '--set', 'backoff_limit=-1'), '--set backoff_limit', 'expected a number >= 0');
  });

  it('names a variable outside its enum and suggests the likely one', () => {
    expectInputError(prefect(...EXAMPLE, '--set', 'image_pull_policy=always'), '--set image_pull_policy', 'IfNotPresent, Always, Never', '(did you mean "Always"?)');
  });

  it('names a wrong default in the template itself', () => {
    const template = writeTemp('template.yaml', fs.readFileSync(`${FIXTURES}/minimal.yaml`, 'utf8').replace('image: {type: string}', 'image: {type: string, default: 3}'));
    expectInputError(prefect('--config', template, '--set', 'name=x'), 'variables.properties.image.default', 'expected a string');
  });

  it('names a placeholder that variables does not declare, and where it is', () => {
    expectInputError(prefect('--config', `${FIXTURES}/undeclared-placeholder.yaml`, '--set', 'name=x', '--set', 'image=a'),
      'undeclared-placeholder.yaml:14:22: job_configuration.job_manifest.spec.template.spec.containers[0].image',
      'placeholder {{ imgae }}', 'does not declare', '(did you mean "image"?)');
  });

  it('refuses placeholders that need a Prefect server or the environment', () => {
    const template = writeTemp('template.yaml', fs.readFileSync(`${FIXTURES}/minimal.yaml`, 'utf8').replace('image: "{{ image }}"', 'image: "{{ prefect.variables.image }}:{{ $TAG }}"'));
    expectInputError(prefect('--config', template, '--set', 'name=x'), '{{ prefect.variables.image }}', 'Prefect server', '{{ $TAG }}', 'environment');
  });

  it('names a value given with --set or --values that variables does not declare', () => {
    expectInputError(prefect(...EXAMPLE, '--set', 'colour=red'), '--set colour', 'unknown variable "colour"', 'expected one of: name, env');
    expectInputError(prefect(...EXAMPLE, '--set', 'imgae=x'), '(did you mean "image"?)');
    const values = writeTemp('values.yaml', 'name: x\nimage: repo/app:1\nreplicas: 3\n');
    expectInputError(prefect('--config', 'examples/prefect.yaml', '--values', values), `${values}:3:1: replicas`, 'unknown variable "replicas"');
  });

  it('names --set that is not KEY=VALUE or whose value is not YAML', () => {
    expectInputError(prefect(...EXAMPLE, '--set', 'image'), '--set "image"', 'expected KEY=VALUE');
    expectInputError(prefect(...EXAMPLE, '--set', '=x'), 'the key is empty');
    expectInputError(prefect(...EXAMPLE, '--set', 'env={"A": "b"'), '--set env', 'is not a YAML value');
  });

  it('names a field the Kubernetes schema does not know by its path in the Job', () => {
    expectInputError(prefect('--config', `${FIXTURES}/unknown-field.yaml`, '--set', 'name=x', '--set', 'image=a'),
      'unknown-field.yaml:15:15: spec.template.spec.containers[0].foo', 'unknown key "foo"');
  });

  it('names a value of the wrong Kubernetes type, even when a variable put it there', () => {
    const template = writeTemp('template.yaml', fs.readFileSync(`${FIXTURES}/minimal.yaml`, 'utf8')
      .replace('restartPolicy: Never', 'restartPolicy: Never\n          hostname: "{{ host }}"')
      .replace('image: {type: string}', 'image: {type: string}\n    host: {}'));
    expectInputError(prefect('--config', template, '--set', 'name=x', '--set', 'image=a', '--set', 'host=[a]'),
      'spec.template.spec.hostname', 'expected a string');
  });

  it('names a container whose request is above its limit', () => {
    expectInputError(prefect('--config', 'templates/worker-job.yaml', '--set', 'name=x', '--set', `image=${IMAGE}`, '--set', 'cpu_request=2', '--set', 'cpu_limit=500m'),
      'spec.template.spec.containers[0].resources.requests.cpu', 'request "2" is above the limit "500m"');
    expectInputError(prefect(...EXAMPLE, '--set', 'cpu=lots'), 'spec.template.spec.containers[0].resources.requests.cpu', 'expected a Kubernetes quantity');
  });

  it('names --name when neither --name nor the name variable gives one', () => {
    expectInputError(prefect('--config', DEFAULT, '--set', `image=${IMAGE}`), '--name: missing', 'generateName alone cannot be applied', '--set name=NAME');
    expectInputError(prefect('--config', DEFAULT, '--name', '!!!', '--set', `image=${IMAGE}`), '--name "!!!"', 'no letters or digits');
  });

  it('names the image when no variable sets one', () => {
    expectInputError(prefect('--config', DEFAULT, '--set', 'name=x'), 'spec.template.spec.containers[0].image', 'expected a container image');
  });

  it('names a security setting the restricted profile forbids, set explicitly in the template', () => {
    expectInputError(prefect('--config', `${FIXTURES}/privileged.yaml`, '--set', 'name=x', '--set', 'image=a'),
      'privileged.yaml:16:29: spec.template.spec.containers[0].securityContext.privileged', 'restricted Pod Security profile forbids it');
    const open = prefect('--config', `${FIXTURES}/privileged.yaml`, '--set', 'name=x', '--set', 'image=a', '--no-restricted-defaults');
    assert.equal(open.code, 0, open.stderr);
    assert.ok(warnings(open).some((line) => line.includes('securityContext.privileged')), open.stderr);
  });

  it('accepts only a Job or a Deployment', () => {
    expectInputError(prefect('--config', `${FIXTURES}/pod-kind.yaml`), 'pod-kind.yaml:4:11: kind', 'received "Pod", expected batch/v1 Job or apps/v1 Deployment');
  });

  it('names a Deployment selector that does not select its pods', () => {
    expectInputError(prefect('--config', `${FIXTURES}/bad-selector.yaml`, '--set', 'name=x', '--set', 'image=a'),
      'spec.selector.matchLabels.app', 'selects app=worker');
  });

  it('names a manifest namespace that is not job_configuration\'s', () => {
    const template = writeTemp('template.yaml', fs.readFileSync(DEFAULT, 'utf8').replace('namespace: "{{ namespace }}"\n      generateName', 'namespace: jobs\n      generateName'));
    expectInputError(prefect('--config', template, '--set', 'name=x', '--set', `image=${IMAGE}`), 'metadata.namespace', 'job_configuration.namespace is "default"');
  });

  it('names parallelism in a Deployment\'s pod spec as an unknown field', () => {
    const template = writeTemp('template.yaml', fs.readFileSync('templates/follow-deployment.yaml', 'utf8').replace('          serviceAccountName:', '          parallelism: 2\n          serviceAccountName:'));
    expectInputError(prefect('--config', template, '--set', 'name=x', '--set', `image=${IMAGE}`), 'spec.template.spec.parallelism', 'unknown key "parallelism"');
  });

  it('names unknown keys of the template itself', () => {
    const template = writeTemp('template.yaml', fs.readFileSync(`${FIXTURES}/minimal.yaml`, 'utf8').replace('  env: "{{ env }}"\n  job_manifest', '  env: "{{ env }}"\n  job_manfest: {}\n  job_manifest'));
    expectInputError(prefect('--config', template, '--set', 'name=x', '--set', 'image=a'), 'job_configuration.job_manfest', '(did you mean "job_manifest"?)');
  });
});
