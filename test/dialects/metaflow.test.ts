import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { cli, expectInputError } from '../support/cli';
import { dialectHarness } from '../support/dialect';
import { tempDir, writeTemp } from '../support/files';
import { matchSnapshot } from '../support/snapshot';
import { assertValidManifests } from '../support/strict-schema';

const EXAMPLE = 'examples/metaflow.yaml';
const EVERYTHING = 'test/fixtures/dialects/metaflow-everything.yaml';
const NAME = 'trainflow-train-1712';
const COMMAND = 'python flow.py --datastore s3 step train --run-id 1712 --task-id 3';

const { synth, synthJob, renderJob, config } = dialectHarness('metaflow', { name: NAME, command: COMMAND });

// Metaflow's configuration comes from the environment and $METAFLOW_HOME: keep the developer's own out of these tests.
process.env.METAFLOW_HOME = tempDir('metaflow-home-');
for (const key of Object.keys(process.env).filter((name) => name.startsWith('METAFLOW_') && name !== 'METAFLOW_HOME')) delete process.env[key];

/** Runs `body` with these METAFLOW_* variables set. */
function withEnv<T>(vars: Record<string, string>, body: () => T): T {
  Object.assign(process.env, vars);
  try {
    return body();
  } finally {
    for (const key of Object.keys(vars)) delete process.env[key];
  }
}

/** Decorator arguments: an image and these lines. */
function args(extra = ''): string {
  return config(`image: python:3.12\n${extra}`);
}

const container = (job: any) => job.spec.template.spec.containers[0];
const envOf = (job: any) => Object.fromEntries((container(job).env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom.fieldRef?.fieldPath]));

describe('metaflow dialect', () => {
  describe('renders what Metaflow renders', () => {
    it('a five-day deadline without @timeout, and @timeout\'s seconds, minutes and hours added up', () => {
      assert.equal(renderJob(args()).spec.activeDeadlineSeconds, 432000);
      assert.equal(renderJob(args('timeout: {hours: 1, minutes: 1, seconds: "30"}\n')).spec.activeDeadlineSeconds, 3690);
      assert.equal(renderJob(config('kubernetes: {image: python:3.12}\ntimeout: {minutes: 5}\n')).spec.activeDeadlineSeconds, 300);
      expectInputError(synthJob(args('timeout: {hours: 0}\n')), 'timeout: received a timeout of 0 seconds');
      expectInputError(synthJob(args('timeout: {days: 2}\n')), 'timeout.days: unknown key "days"');
    });

    it('no imagePullPolicy unless set, FallbackToLogsOnError, Metaflow\'s labels over the decorator\'s, the container named after the step', () => {
      const job = renderJob(args('labels: {team: ml, app.kubernetes.io/part-of: other}\n'));
      assert.equal('imagePullPolicy' in container(job), false);
      assert.equal(container(job).terminationMessagePolicy, 'FallbackToLogsOnError');
      assert.equal(container(job).name, 'train');
      for (const labels of [job.metadata.labels, job.spec.template.metadata.labels]) {
        assert.equal(labels['app.kubernetes.io/name'], 'metaflow-task');
        assert.equal(labels['app.kubernetes.io/part-of'], 'metaflow');
        assert.equal(labels.team, 'ml');
      }
      assert.equal(job.metadata.name, NAME);
      assert.equal(container(renderJob(args('image_pull_policy: IfNotPresent\n'))).imagePullPolicy, 'IfNotPresent');
    });

    it('extended_resources as equal requests and limits, and executable accepted', () => {
      const job = renderJob(args('executable: /usr/local/bin/python3\nextended_resources: {vpc.amazonaws.com/efa: "2"}\n'));
      assert.equal(container(job).resources.requests['vpc.amazonaws.com/efa'], 2);
      assert.equal(container(job).resources.limits['vpc.amazonaws.com/efa'], 2);
      const file = args('extended_resources: {efa: 1, example.com/dev: "0.5"}\n');
      expectInputError(synthJob(file), 'extended_resources.efa: received "efa", expected an extended resource name', 'extended_resources["example.com/dev"]: received "0.5", expected a whole number');
    });

    it('the image and other settings from METAFLOW_KUBERNETES_* in the environment', () => {
      const job = withEnv({
        METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'flows:1.0',
        METAFLOW_KUBERNETES_CONTAINER_REGISTRY: 'registry.example.com/ml',
        METAFLOW_KUBERNETES_NAMESPACE: 'flows',
        METAFLOW_KUBERNETES_SERVICE_ACCOUNT: 'flow-runner',
        METAFLOW_KUBERNETES_SECRETS: 'aws-creds,db-creds',
        METAFLOW_KUBERNETES_NODE_SELECTOR: 'pool=batch',
        METAFLOW_KUBERNETES_TOLERATIONS: '[{"key": "batch", "operator": "Exists", "effect": "NoSchedule"}]',
        METAFLOW_KUBERNETES_LABELS: 'team=ml,cost=low',
      }, () => renderJob(config('cpu: 2\nsecrets: [own]\nlabels: {cost: high}\n')));
      assert.equal(container(job).image, 'registry.example.com/ml/flows:1.0');
      assert.equal(job.metadata.namespace, 'flows');
      const pod = job.spec.template.spec;
      assert.equal(pod.serviceAccountName, 'flow-runner');
      assert.deepEqual(container(job).envFrom.map((from: any) => from.secretRef.name), ['own', 'aws-creds', 'db-creds']);
      assert.deepEqual(pod.nodeSelector, { pool: 'batch' });
      assert.deepEqual(pod.tolerations, [{ key: 'batch', operator: 'Exists', effect: 'NoSchedule' }]);
      assert.equal(job.metadata.labels.team, 'ml');
      assert.equal(job.metadata.labels.cost, 'high');
    });

    it('the other @kubernetes defaults Metaflow takes from its configuration', () => {
      const job = withEnv({
        METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'flows:1.0',
        METAFLOW_KUBERNETES_CPU: '3',
        METAFLOW_KUBERNETES_QOS: 'guaranteed',
        METAFLOW_KUBERNETES_GPU_VENDOR: 'amd',
        METAFLOW_KUBERNETES_IMAGE_PULL_POLICY: 'Always',
        METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS: '["regcred"]',
        METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS: '{"shared-data": "/data"}',
        METAFLOW_KUBERNETES_ANNOTATIONS: 'owner=ml,tier=batch',
      }, () => renderJob(config('gpu: 1\ncpu: 1\nannotations: {tier: gold}\n')));
      const resources = container(job).resources;
      assert.equal(resources.requests.cpu, '3', 'cpu: 1 is the default, so the configured value wins, as in Metaflow');
      assert.deepEqual(resources.limits, { 'cpu': '3', 'memory': '4096M', 'ephemeral-storage': '10240M', 'amd.com/gpu': 1 });
      assert.equal(container(job).imagePullPolicy, 'Always');
      assert.deepEqual(job.spec.template.spec.imagePullSecrets, [{ name: 'regcred' }]);
      assert.deepEqual(container(job).volumeMounts.find((mount: any) => mount.mountPath === '/data'), { name: 'pvc-shared-data', mountPath: '/data' });
      assert.deepEqual(job.metadata.annotations, { owner: 'ml', tier: 'gold' });
      assert.equal(container(withEnv({ METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'flows:1.0', METAFLOW_KUBERNETES_CPU: '3' }, () => renderJob(config('cpu: 2\n')))).resources.requests.cpu, '2');
    });

    it('the decorator over the configuration; the configuration from $METAFLOW_HOME, a profile, or --metaflow-config', () => {
      const home = tempDir('metaflow-config-');
      fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'home:1', METAFLOW_KUBERNETES_NAMESPACE: 'home-ns' }));
      fs.writeFileSync(path.join(home, 'config_prod.json'), JSON.stringify({ METAFLOW_DEFAULT_CONTAINER_IMAGE: 'prod:1' }));
      const bare = config('cpu: 1\n');
      assert.equal(container(withEnv({ METAFLOW_HOME: home }, () => renderJob(bare))).image, 'home:1');
      assert.equal(container(withEnv({ METAFLOW_HOME: home, METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'env:1' }, () => renderJob(bare))).image, 'env:1');
      assert.equal(container(withEnv({ METAFLOW_HOME: home, METAFLOW_PROFILE: 'prod' }, () => renderJob(bare))).image, 'prod:1');
      assert.equal(withEnv({ METAFLOW_HOME: home }, () => renderJob(config('image: own:1\nnamespace: own-ns\n'))).metadata.namespace, 'own-ns');
      const explicit = writeTemp('metaflow.json', JSON.stringify({ METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'explicit:1' }));
      assert.equal(container(renderJob(bare, '--metaflow-config', explicit)).image, 'explicit:1');
      withEnv({ METAFLOW_HOME: home, METAFLOW_PROFILE: 'staging' }, () => expectInputError(synthJob(bare), 'METAFLOW_PROFILE: received "staging", but', 'config_staging.json does not exist'));
    });

    it('renders the fixture step from the fixture Metaflow config, matching its golden file', () => {
      const result = synthJob('test/fixtures/dialects/metaflow-configured.yaml', '--metaflow-config', 'test/fixtures/dialects/metaflow-config.json');
      assert.equal(result.code, 0, result.stderr);
      const job = renderJob('test/fixtures/dialects/metaflow-configured.yaml', '--metaflow-config', 'test/fixtures/dialects/metaflow-config.json');
      assert.equal(container(job).image, 'registry.example.com/flows/train:2.0');
      assert.equal(job.metadata.namespace, 'metaflow-jobs');
      assert.equal(job.spec.activeDeadlineSeconds, 6 * 3600);
      assert.equal(job.metadata.labels['cost-center'], 'research');
      assert.equal(job.metadata.labels.team, 'forecasting');
      assert.deepEqual(job.spec.template.spec.nodeSelector, { 'kubernetes.io/arch': 'amd64', 'pool': 'batch' });
      matchSnapshot('metaflow-configured.yaml', result.stdout);
    });

    it('refuses bad configured values, naming the setting and where it came from', () => {
      withEnv({ METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'img:1', METAFLOW_KUBERNETES_NAMESPACE: 'Bad_NS', METAFLOW_KUBERNETES_TOLERATIONS: 'not json', METAFLOW_KUBERNETES_NODE_SELECTOR: 'a=b,c' }, () => {
        expectInputError(synthJob(config('cpu: 1\n')), 'KUBERNETES_NAMESPACE: received "Bad_NS", expected a DNS-1123 label', '(from the environment)',
          'KUBERNETES_TOLERATIONS: received "not json", expected a list of tolerations as JSON text',
          'METAFLOW_KUBERNETES_NODE_SELECTOR (environment):', 'received item "c" in "a=b,c", expected key=value items');
      });
      withEnv({ METAFLOW_KUBERNETES_CONTAINER_IMAGE: 'img:1', METAFLOW_KUBERNETES_TOLERATIONS: '[{"key": "k", "operator": "Maybe"}]' }, () => {
        expectInputError(synthJob(config('cpu: 1\n')), 'METAFLOW_KUBERNETES_TOLERATIONS (environment):', 'KUBERNETES_TOLERATIONS[0].operator: received "Maybe", expected one of: Exists, Equal');
      });
      const file = writeTemp('bad-metaflow.json', '{\n  "METAFLOW_KUBERNETES_CONTAINER_IMAGE": 3\n}\n');
      expectInputError(synthJob(config('cpu: 1\n'), '--metaflow-config', file), `${file}:2:42: METAFLOW_KUBERNETES_CONTAINER_IMAGE: received 3, expected an image reference`);
    });
  });

  it('renders the example as the Job Metaflow creates for the step, valid and restricted, matching its golden file', () => {
    const result = synthJob(EXAMPLE);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    assertValidManifests(manifests);
    assert.deepEqual(manifests.map((m) => `${m.kind}/${m.metadata.name}`), [`Job/${NAME}`]);
    const job = manifests[0];
    assert.equal(job.metadata.namespace, 'metaflow');
    assert.equal(job.spec.backoffLimit, 0);
    assert.equal(job.spec.completions, 1);
    assert.equal(job.spec.parallelism, 1);
    assert.equal(job.spec.ttlSecondsAfterFinished, 7 * 24 * 3600);
    const pod = job.spec.template;
    assert.equal(pod.spec.restartPolicy, 'Never');
    assert.equal(pod.spec.serviceAccountName, 'metaflow-task');
    assert.equal(container(job).image, 'ghcr.io/example/flows:3.2.0');
    assert.deepEqual(container(job).command, ['python', 'flow.py', '--datastore', 's3', 'step', 'train', '--run-id', '1712', '--task-id', '3']);
    assert.deepEqual(container(job).resources, { requests: { 'cpu': '2', 'memory': '8192M', 'ephemeral-storage': '20480M' } }, 'Burstable: requests only');
    assert.deepEqual(envOf(job), {
      METAFLOW_KUBERNETES_NAMESPACE: 'metadata.namespace',
      METAFLOW_KUBERNETES_NODE_IP: 'status.hostIP',
      METAFLOW_KUBERNETES_POD_ID: 'metadata.uid',
      METAFLOW_KUBERNETES_POD_NAME: 'metadata.name',
      METAFLOW_KUBERNETES_POD_NAMESPACE: 'metadata.namespace',
      METAFLOW_KUBERNETES_SERVICE_ACCOUNT_NAME: 'spec.serviceAccountName',
      METAFLOW_KUBERNETES_WORKLOAD: '1',
      METAFLOW_TEMPDIR: '/metaflow_temp',
    });
    assert.deepEqual(container(job).envFrom, [{ secretRef: { name: 'metaflow-s3-credentials' } }]);
    assert.deepEqual(pod.spec.nodeSelector, { 'kubernetes.io/arch': 'amd64' });
    assert.deepEqual(pod.spec.volumes, [{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '4096Mi' } }], 'tmpfs defaults to half the memory');
    assert.deepEqual(container(job).volumeMounts, [{ name: 'scratch', mountPath: '/metaflow_temp' }]);
    for (const metadata of [job.metadata, pod.metadata]) {
      assert.equal(metadata.labels.team, 'recsys');
      assert.deepEqual(metadata.annotations, { owner: 'recsys@example.com' });
    }
    matchSnapshot('metaflow.yaml', result.stdout);
  });

  it('renders the same bytes every time', () => {
    const first = synthJob(EXAMPLE);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, synthJob(EXAMPLE).stdout);
  });

  it('validates the example with validate --dialect metaflow', () => {
    const result = cli('validate', '--dialect', 'metaflow', '--config', EXAMPLE, '--name', NAME, '--command', COMMAND);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /valid/);
  });

  it('reads the arguments with or without the kubernetes: key', () => {
    const bare = synthJob(args('cpu: 2\nmemory: 1000\n'));
    const wrapped = synthJob(config('kubernetes:\n  image: python:3.12\n  cpu: 2\n  memory: 1000\n'));
    assert.equal(bare.code, 0, bare.stderr);
    assert.equal(bare.stdout, wrapped.stdout);
  });

  it('reads the arguments as JSON too, and one Secret name as a list of one', () => {
    const fromJson = synthJob(config('{"image": "python:3.12", "secrets": ["s3-creds"], "image_pull_secrets": ["regcred"]}'));
    const fromStrings = synthJob(args('secrets: s3-creds\nimage_pull_secrets: regcred\n'));
    assert.equal(fromJson.code, 0, fromJson.stderr);
    assert.equal(fromJson.stdout, fromStrings.stdout);
    assert.deepEqual(container(renderJob(args('secrets: s3-creds\n'))).envFrom, [{ secretRef: { name: 's3-creds' } }]);
  });

  it('applies Metaflow\'s defaults: 1 CPU, 4096 MB, 10240 MB of disk, Burstable, the default namespace', () => {
    const job = renderJob(args());
    assert.equal(job.metadata.namespace, 'default');
    assert.deepEqual(container(job).resources, { requests: { 'cpu': '1', 'memory': '4096M', 'ephemeral-storage': '10240M' } });
    assert.equal(container(job).envFrom, undefined);
    assert.equal(job.spec.template.spec.volumes, undefined);
    assert.equal(envOf(job).METAFLOW_TEMPDIR, undefined);
  });

  it('sets limits equal to the requests for qos Guaranteed, in any capitalisation', () => {
    for (const qos of ['Guaranteed', 'guaranteed', 'GUARANTEED']) {
      const resources = container(renderJob(args(`qos: ${qos}\ncpu: 0.5\nmemory: "512"\n`))).resources;
      assert.deepEqual(resources.limits, resources.requests, qos);
      assert.deepEqual(resources.requests, { 'cpu': '0.5', 'memory': '512M', 'ephemeral-storage': '10240M' });
    }
  });

  it('sets GPUs as a limit under <vendor>.com/gpu, and none for gpu: 0', () => {
    assert.equal(container(renderJob(args('gpu: 1\n'))).resources.limits['nvidia.com/gpu'], 1);
    assert.equal(container(renderJob(args('gpu: "2"\ngpu_vendor: AMD\n'))).resources.limits['amd.com/gpu'], 2);
    assert.equal(container(renderJob(args('gpu: 0\n'))).resources.limits, undefined);
  });

  it('parses node_selector strings, and adds the compute pool', () => {
    const job = renderJob(args('node_selector: "kubernetes.io/os=linux, disk=ssd"\ncompute_pool: gpu-pool\n'));
    assert.deepEqual(job.spec.template.spec.nodeSelector, { 'kubernetes.io/os': 'linux', 'disk': 'ssd', 'outerbounds.co/compute-pool': 'gpu-pool' });
    assert.deepEqual(renderJob(args('node_selector: {disk: ssd}\n')).spec.template.spec.nodeSelector, { disk: 'ssd' });
  });

  it('mounts a tmpfs when only tmpfs_size is given, without METAFLOW_TEMPDIR when tmpfs_tempdir is false', () => {
    const job = renderJob(args('tmpfs_size: 512\ntmpfs_tempdir: false\n'));
    assert.deepEqual(job.spec.template.spec.volumes, [{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } }]);
    assert.deepEqual(container(job).volumeMounts, [{ name: 'scratch', mountPath: '/metaflow_temp' }]);
    assert.equal(envOf(job).METAFLOW_TEMPDIR, undefined);
  });

  it('renders every @kubernetes parameter, as a new user copying the docs writes them, matching its golden file', () => {
    const result = synth(EVERYTHING, '--name', 'trainflow-train-9', '--command', 'python flow.py step train');
    assert.equal(result.code, 0, result.stderr);
    const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    assertValidManifests(manifests);
    const job = manifests[0];
    const pod = job.spec.template.spec;
    assert.equal(job.metadata.namespace, 'metaflow-prod');
    const requests = { 'cpu': '8', 'memory': '32768M', 'ephemeral-storage': '51200M' };
    assert.deepEqual(container(job).resources, { requests, limits: { ...requests, 'amd.com/gpu': 2 } });
    assert.equal(container(job).imagePullPolicy, 'Always');
    assert.deepEqual(pod.imagePullSecrets, [{ name: 'registry-credentials' }]);
    assert.equal(pod.serviceAccountName, 'metaflow-train');
    assert.deepEqual(container(job).envFrom, [{ secretRef: { name: 'metaflow-s3' } }, { secretRef: { name: 'wandb-api' } }]);
    assert.deepEqual(pod.nodeSelector, { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'outerbounds.co/compute-pool': 'gpu-pool' });
    assert.deepEqual(pod.tolerations, [
      { key: 'amd.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Equal', value: 'true', effect: 'NoExecute', tolerationSeconds: 120 },
    ]);
    assert.deepEqual(job.metadata.labels.flow, 'trainflow');
    assert.deepEqual(job.spec.template.metadata.annotations, { 'owner': 'recsys@example.com', 'example.com/cost-center': '4711' });
    assert.deepEqual(container(job).volumeMounts.map((m: any) => m.mountPath), ['/metaflow_tmp', '/dev/shm', '/mnt/datasets']);
    assert.deepEqual(pod.volumes.find((v: any) => v.name === 'dshm'), { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '1024Mi' } });
    assert.deepEqual(pod.volumes.find((v: any) => v.name === 'scratch'), { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '2048Mi' } });
    assert.equal(envOf(job).METAFLOW_TEMPDIR, '/metaflow_tmp');
    assert.deepEqual(container(job).ports, [{ containerPort: 29500 }]);
    assert.equal(pod.securityContext.runAsUser, 1001);
    assert.equal(pod.securityContext.runAsGroup, 1001);
    assert.equal(container(job).securityContext.privileged, false);
    assert.equal(container(job).securityContext.allowPrivilegeEscalation, false);
    matchSnapshot('metaflow-everything.yaml', result.stdout);
  });

  describe('refuses, exit 2', () => {
    it('a missing --name or --command, naming the flag', () => {
      expectInputError(synth(EXAMPLE, '--command', COMMAND), '--name is required with --dialect metaflow: the Job name, which Metaflow generates at run time');
      expectInputError(synth(EXAMPLE, '--name', NAME), '--command is required with --dialect metaflow');
      expectInputError(synth(EXAMPLE, '--name', NAME, '--command', "python flow.py step 'train"), '--command: unterminated single quote at character 21');
    });

    it('a missing image, saying what Metaflow would have picked', () => {
      expectInputError(synthJob(config('cpu: 2\n')), 'no image: the decorator sets none and neither METAFLOW_KUBERNETES_CONTAINER_IMAGE', 'python:<the version of your Python>');
    });

    it('Metaflow\'s own validation errors, naming the parameter, what was received and what was expected', () => {
      const cases: [string, string][] = [
        ['qos: Premium\n', 'qos: received "Premium", expected one of: Guaranteed, Burstable (any capitalisation)'],
        ['qos: BestEffort\n', 'qos: received "BestEffort", expected one of: Guaranteed, Burstable (any capitalisation); Metaflow\'s documentation lists BestEffort, but its code accepts only Guaranteed and Burstable'],
        ['gpu_vendor: intel\n', 'gpu_vendor: received "intel", expected one of: nvidia, amd (any capitalisation)'],
        ['gpu: 1.5\n', 'gpu: received 1.5, expected a whole number of GPUs, 0 or more'],
        ['gpu: two\n', 'gpu: received "two", expected a whole number of GPUs'],
        ['cpu: 0\n', 'cpu: received 0, expected a number of CPUs greater than 0'],
        ['cpu: 500m\n', 'cpu: received "500m", expected a number of CPUs greater than 0, such as 0.5 or 2 (a plain number, not a quantity like "500m")'],
        ['memory: -1\n', 'memory: received -1, expected a number of megabytes greater than 0'],
        ['memory: 4Gi\n', 'memory: received "4Gi", expected a number of megabytes greater than 0'],
        ['disk: big\n', 'disk: received "big", expected a number of megabytes greater than 0'],
        ['node_selector: "disk=ssd,gpu"\n', 'node_selector: received item "gpu" in "disk=ssd,gpu", expected key=value items separated by commas'],
        ['node_selector: "disk=ssd,disk=hdd"\n', 'node_selector: received key "disk" twice in "disk=ssd,disk=hdd", expected each key once'],
        ['node_selector: "disk=s s d"\n', 'node_selector: received "s s d" for "disk", expected a label value'],
        ['node_selector: 3\n', 'node_selector: received 3, expected a mapping'],
        ['labels: {team: "rec sys"}\n', 'labels.team: received "rec sys", expected a label value of at most 63 letters'],
        ['labels: {team: [a]}\n', 'labels.team: received a list of 1, expected a label value (a string)'],
        ['annotations: {"bad key!": x}\n', 'annotations["bad key!"]: received key "bad key!"'],
        ['shared_memory: "1024"\n', 'shared_memory: received "1024", expected a whole number of MiB greater than 0 (Metaflow takes an integer here, not a string)'],
        ['tmpfs_size: 0\n', 'tmpfs_size: received 0, expected a whole number of MiB greater than 0'],
        ['tmpfs_path: tmp\nuse_tmpfs: true\n', 'tmpfs_path: received "tmp", expected an absolute path in the container'],
        ['use_tmpfs: true\ntmpfs_path: /dev/shm\nshared_memory: 64\n', 'shared_memory: received "/dev/shm", already mounted by tmpfs_path'],
        ['port: 70000\n', 'port: received 70000, expected a whole number from 1 to 65535'],
        ['image_pull_policy: sometimes\n', 'image_pull_policy: received "sometimes", expected one of: Always, IfNotPresent, Never'],
        ['image_pull_secrets: [Bad_Secret]\n', 'image_pull_secrets[0]: received "Bad_Secret", expected a DNS-1123 subdomain'],
        ['secrets: [""]\n', 'secrets[0]: received "", expected a Secret name'],
        ['persistent_volume_claims: {data: mnt}\n', 'persistent_volume_claims.data: received "mnt", expected an absolute path in the container'],
        ['tolerations: [{key: a, operator: Exists, effect: NoExecute, tolerationSecond: 5}]\n', 'tolerations[0].tolerationSecond: unknown key "tolerationSecond" (did you mean "tolerationSeconds"?)'],
        ['namespace: Metaflow\n', 'namespace: received "Metaflow", expected a DNS-1123 label'],
        ['memroy: 4096\n', 'memroy: unknown key "memroy" (did you mean "memory"?), expected one of: cpu, memory, disk'],
        ['security_context: {run_as_usr: 1000}\n', 'security_context.run_as_usr: unknown key "run_as_usr" (did you mean "run_as_user"?)'],
        ['hostname_resolution_timeout: later\n', 'hostname_resolution_timeout: received "later", expected a whole number of seconds'],
      ];
      for (const [extra, fragment] of cases) {
        assert.doesNotThrow(() => expectInputError(synthJob(args(extra)), fragment), extra);
      }
    });

    it('a security_context the restricted Pod Security profile forbids, naming the key', () => {
      const file = args('security_context:\n  privileged: true\n');
      expectInputError(synthJob(file), `${file}:3:15: security_context.privileged: received true, expected false or unset (no privileged container): the restricted Pod Security profile forbids it`);
      expectInputError(synthJob(args('security_context: {allow_privilege_escalation: true}\n')), 'security_context.allow_privilege_escalation: received true', 'the restricted Pod Security profile forbids it');
      expectInputError(synthJob(args('security_context: {run_as_non_root: false}\n')), 'security_context.run_as_non_root: received false', 'the restricted Pod Security profile forbids it');
      expectInputError(synthJob(args('security_context: {run_as_user: 0}\n')), 'security_context.run_as_user: received 0', 'the restricted Pod Security profile forbids it');
    });

    it('other keys beside kubernetes:, and every problem at once', () => {
      expectInputError(synthJob(config('kubernetes: {image: python:3.12}\ncpu: 2\n')), 'cpu: unknown key "cpu" beside kubernetes:');
      const result = synthJob(args('cpu: 0\nqos: none\ngpu: -1\n'));
      expectInputError(result, 'cpu: received 0', 'qos: received "none"', 'gpu: received -1');
      assert.equal(result.stderr.trim().split('\n').length, 3);
    });
  });
});
