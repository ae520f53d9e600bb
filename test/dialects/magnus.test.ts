import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { cli, expectInputError } from '../support/cli';
import { dialectHarness } from '../support/dialect';
import { matchSnapshot } from '../support/snapshot';
import { assertValidManifests } from '../support/strict-schema';

const EXAMPLE = 'examples/magnus.yaml';
const EVERYTHING = 'test/fixtures/dialects/magnus-everything.yaml';
const NAME = 'train-20240601';
const COMMAND = 'magnus execute_function forecasting.train --config-file magnus.yaml';

const { synth, synthJob, renderJob, config } = dialectHarness('magnus', { name: NAME, command: COMMAND });

/** A k8s-job executor config with these extra lines (indented under config:). */
function executor(extra = ''): string {
  return config(`executor:\n  type: k8s-job\n  config:\n    docker_image: ghcr.io/example/job:1\n${extra}`);
}

const container = (job: any) => job.spec.template.spec.containers[0];
const envOf = (job: any) => Object.fromEntries((container(job).env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('magnus dialect', () => {
  it('takes any extended resource as gpu_vendor, as Magnus does, asking for it as request and limit', () => {
    const job = renderJob(executor('    gpu_limit: 2\n    gpu_vendor: gpu.intel.com/i915\n'));
    const resources = job.spec.template.spec.containers[0].resources;
    assert.equal(resources.limits['gpu.intel.com/i915'], 2);
    assert.equal(resources.requests['gpu.intel.com/i915'], 2);
  });

  it('renders the fixture with BaseExecutor.Config keys and an Intel GPU, matching its golden file', () => {
    const result = synthJob('test/fixtures/dialects/magnus-base-executor.yaml');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(renderJob('test/fixtures/dialects/magnus-base-executor.yaml').spec.template.spec.containers[0].resources.limits['gpu.intel.com/i915'], 1);
    matchSnapshot('magnus-base-executor.yaml', result.stdout);
  });

  it('accepts the BaseExecutor.Config keys every Magnus executor takes, changing nothing', () => {
    const plain = renderJob(executor(''));
    const withKeys = renderJob(executor('    enable_parallel: false\n    placeholders: {}\n'));
    assert.deepEqual(withKeys, plain);
    expectInputError(synthJob(executor('    enable_parallel: sometimes\n')), 'executor.config.enable_parallel: received "sometimes", expected true or false');
  });

  it('renders the example as the Job Magnus submits, valid and restricted, matching its golden file', () => {
    const result = synthJob(EXAMPLE);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    assertValidManifests(manifests);
    assert.deepEqual(manifests.map((m) => `${m.kind}/${m.metadata.name}`), [`Job/${NAME}`]);
    const job = manifests[0];
    assert.equal(job.metadata.namespace, 'pipelines');
    assert.equal(job.spec.backoffLimit, 2);
    assert.equal(job.spec.activeDeadlineSeconds, 7200);
    assert.equal(job.spec.ttlSecondsAfterFinished, 60);
    assert.equal(job.spec.parallelism, 1);
    assert.equal(job.spec.completions, 1);
    const pod = job.spec.template;
    assert.equal(pod.spec.restartPolicy, 'Never');
    assert.deepEqual(pod.metadata.annotations, { 'sidecar.istio.io/inject': 'false' });
    assert.equal(pod.metadata.labels.team, 'forecasting');
    assert.equal(pod.metadata.labels.job_name, NAME);
    assert.equal(container(job).name, NAME);
    assert.equal(container(job).image, 'ghcr.io/example/magnus-pipeline:2.1.0');
    assert.deepEqual(container(job).command, ['magnus', 'execute_function', 'forecasting.train', '--config-file', 'magnus.yaml']);
    assert.deepEqual(container(job).resources, { limits: { cpu: '1', memory: '2G' }, requests: { cpu: '500m', memory: '2G' } });
    assert.deepEqual(envOf(job), { DB_PASSWORD: { secretKeyRef: { name: 'db-credentials', key: 'password' } } });
    assert.deepEqual(pod.spec.volumes, [{ name: 'pvc-magnus-data', persistentVolumeClaim: { claimName: 'magnus-data' } }]);
    assert.deepEqual(container(job).volumeMounts, [{ name: 'pvc-magnus-data', mountPath: '/mnt/data' }]);
    matchSnapshot('magnus.yaml', result.stdout);
  });

  it('renders the same bytes every time', () => {
    const first = synthJob(EXAMPLE);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, synthJob(EXAMPLE).stdout);
  });

  it('validates the example with validate --dialect magnus', () => {
    const result = cli('validate', '--dialect', 'magnus', '--config', EXAMPLE, '--name', NAME, '--command', COMMAND);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /valid/);
  });

  describe('fixes Magnus bugs', () => {
    it('honours image_pull_policy (Magnus always sends Always)', () => {
      assert.equal(container(renderJob(executor('    image_pull_policy: Never\n'))).imagePullPolicy, 'Never');
      assert.equal(container(renderJob(executor('    image_pull_policy: IfNotPresent\n'))).imagePullPolicy, 'IfNotPresent');
      assert.equal(container(renderJob(executor())).imagePullPolicy, 'Always', 'Magnus\' documented default');
    });

    it('sets no GPU limit when no GPU is asked for (Magnus always sets nvidia.com/gpu: "0")', () => {
      const limits = container(renderJob(executor())).resources.limits;
      assert.deepEqual(limits, { cpu: '250m', memory: '1G' });
      assert.equal(Object.keys(limits).some((key) => key.endsWith('/gpu')), false);
      assert.deepEqual(container(renderJob(executor('    gpu_limit: 0\n    gpu_vendor: amd.com/gpu\n'))).resources.limits, { cpu: '250m', memory: '1G' });
    });

    it('sets the GPU limit under the vendor\'s resource name when GPUs are asked for', () => {
      assert.equal(container(renderJob(executor('    gpu_limit: 1\n'))).resources.limits['nvidia.com/gpu'], 1);
      assert.equal(container(renderJob(executor('    gpu_limit: "2"\n    gpu_vendor: amd.com/gpu\n'))).resources.limits['amd.com/gpu'], 2);
    });
  });

  it('applies Magnus\' defaults to a minimal config', () => {
    const job = renderJob(executor());
    assert.equal(job.metadata.namespace, 'default');
    assert.deepEqual(container(job).resources, { limits: { cpu: '250m', memory: '1G' }, requests: { cpu: '250m', memory: '1G' } });
    assert.equal(job.spec.activeDeadlineSeconds, 7200);
    assert.equal(job.spec.ttlSecondsAfterFinished, 60);
    assert.equal(container(job).env, undefined);
    assert.equal(job.spec.template.spec.volumes, undefined);
  });

  it('reads secrets_from_k8s as a mapping, an EnvVar=SecretName:Key string, or a list of them', () => {
    const expected = { DB_PASSWORD: { secretKeyRef: { name: 'db', key: 'password' } } };
    assert.deepEqual(envOf(renderJob(executor('    secrets_from_k8s: {DB_PASSWORD: "db:password"}\n'))), expected);
    assert.deepEqual(envOf(renderJob(executor('    secrets_from_k8s: DB_PASSWORD=db:password\n'))), expected);
    assert.deepEqual(envOf(renderJob(executor('    secrets_from_k8s:\n      - DB_PASSWORD=db:password\n      - TOKEN=api:token\n'))), {
      ...expected, TOKEN: { secretKeyRef: { name: 'api', key: 'token' } },
    });
  });

  it('accepts and ignores config_path and the other services of the config', () => {
    const job = renderJob(config('executor:\n  type: k8s-job\n  config:\n    config_path: ~/.kube/config\n    docker_image: img:1\nrun_log_store: {type: file-system}\ncatalog: {type: file-system}\nsecrets: {type: do-nothing}\nexperiment_tracker: {type: do-nothing}\n'));
    assert.equal(JSON.stringify(job).includes('kube/config'), false);
  });

  it('renders every key of the executor config, as a new user copying the docs writes it, matching its golden file', () => {
    const result = synth(EVERYTHING, '--name', 'churn-train-20240601', '--command', "magnus execute_notebook notebooks/train.ipynb --config-file 'magnus config.yaml'");
    assert.equal(result.code, 0, result.stderr);
    const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    assertValidManifests(manifests);
    const job = manifests[0];
    assert.equal(job.metadata.namespace, 'ml-jobs');
    assert.equal(job.spec.activeDeadlineSeconds, 14400);
    assert.equal(job.spec.ttlSecondsAfterFinished, 3600);
    assert.deepEqual(container(job).command, ['magnus', 'execute_notebook', 'notebooks/train.ipynb', '--config-file', 'magnus config.yaml']);
    assert.equal(container(job).imagePullPolicy, 'Never');
    assert.deepEqual(container(job).resources, {
      limits: { 'cpu': '4', 'memory': '16Gi', 'amd.com/gpu': 2 },
      requests: { cpu: '2', memory: '8Gi' },
    });
    assert.deepEqual(envOf(job), {
      API_TOKEN: { secretKeyRef: { name: 'model-registry', key: 'token' } },
      DATABASE_PASSWORD: { secretKeyRef: { name: 'warehouse-db', key: 'password' } },
    });
    assert.deepEqual(container(job).volumeMounts.map((m: any) => m.mountPath), ['/mnt/catalog', '/mnt/data']);
    const pod = job.spec.template.spec;
    assert.deepEqual(pod.nodeSelector, { accelerator: 'amd-mi250' });
    assert.deepEqual(pod.tolerations, [
      { key: 'amd.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'team', operator: 'Equal', value: 'ml', effect: 'PreferNoSchedule' },
    ]);
    assert.deepEqual(job.spec.template.metadata.labels['cost-center'], '4711');
    matchSnapshot('magnus-everything.yaml', result.stdout);
  });

  describe('refuses, exit 2', () => {
    it('a missing --name or --command, naming the flag', () => {
      expectInputError(synth(EXAMPLE, '--command', COMMAND), '--name is required with --dialect magnus: the Job name, which Magnus computes at run time');
      expectInputError(synth(EXAMPLE, '--name', NAME), '--command is required with --dialect magnus');
    });

    it('a --name that is not a DNS-1123 label of at most 63 characters', () => {
      expectInputError(synthJob(EXAMPLE, '--name', 'Train_1'), '--name: received "Train_1", expected a DNS-1123 label');
      expectInputError(synth(EXAMPLE, '--name', 'a'.repeat(64), '--command', COMMAND), '--name:', 'is 64 characters long, expected at most 63');
    });

    it('a --command with an open quote, or none at all', () => {
      expectInputError(synth(EXAMPLE, '--name', NAME, '--command', 'magnus execute "step'), '--command: unterminated double quote at character 16', 'split like a POSIX shell');
      expectInputError(synth(EXAMPLE, '--name', NAME, '--command', '  '), '--command: received "  ", expected a command line');
    });

    it('flags of other dialects', () => {
      expectInputError(synthJob(EXAMPLE, '--set', 'a=b'), '--set goes with --dialect prefect');
    });

    it('a bad secrets_from_k8s entry, naming the entry and the expected form', () => {
      const file = executor('    secrets_from_k8s:\n      DB_PASSWORD: db-password\n');
      expectInputError(synthJob(file), `${file}:6:20: executor.config.secrets_from_k8s.DB_PASSWORD: received "db-password", expected "SecretName:Key"`, 'such as DB_PASSWORD: db-credentials:password');
      expectInputError(synthJob(executor('    secrets_from_k8s:\n      - DB_PASSWORD=db:password\n      - TOKEN\n')),
        'executor.config.secrets_from_k8s[1]: received "TOKEN", expected "EnvVar=SecretName:Key", such as DB_PASSWORD=db-credentials:password');
      expectInputError(synthJob(executor('    secrets_from_k8s: {A: "db:x:y"}\n')), 'secrets_from_k8s.A: received "db:x:y", expected "SecretName:Key" (a Secret\'s name, one colon, and the key)');
      expectInputError(synthJob(executor('    secrets_from_k8s: {A: "Db_Secret:x"}\n')), 'secrets_from_k8s.A: received Secret name "Db_Secret", expected a DNS-1123 subdomain');
      expectInputError(synthJob(executor('    secrets_from_k8s: {A: [db, x]}\n')), 'secrets_from_k8s.A: received a list of 2, expected "SecretName:Key"');
      expectInputError(synthJob(executor('    secrets_from_k8s: [A=db:x, A=db:y]\n')), 'secrets_from_k8s[1]: variable A is set more than once in secrets_from_k8s');
      expectInputError(synthJob(executor('    secrets_from_k8s: 3\n')), 'secrets_from_k8s: received 3, expected a mapping {EnvVar: "SecretName:Key"}');
    });

    it('a gpu_vendor that is not an extended resource name', () => {
      const file = executor('    gpu_limit: 1\n    gpu_vendor: kubernetes.io/gpu\n');
      expectInputError(synthJob(file), `${file}:6:17: executor.config.gpu_vendor: received "kubernetes.io/gpu", expected an extended resource name`);
      expectInputError(synthJob(executor('    gpu_vendor: nvidia\n')), 'gpu_vendor: received "nvidia", expected an extended resource name', '(did you mean "nvidia.com/gpu"?)');
    });

    it('an executor that is not k8s-job, and a missing docker_image', () => {
      expectInputError(synthJob(config('executor:\n  type: local-container\n  config: {docker_image: img:1}\n')), 'executor.type: received "local-container", expected one of: k8s-job', 'renders the Job of the k8s-job executor');
      expectInputError(synthJob(config('executor:\n  type: k8s-job\n  config: {namespace: jobs}\n')), 'executor.config: missing required key "docker_image"');
      expectInputError(synthJob(config('run_log_store: {type: buffered}\n')), 'missing required key "executor"');
    });

    it('unknown keys, with a suggestion', () => {
      expectInputError(synthJob(config('executor:\n  type: k8s-job\n  config:\n    docker_img: img:1\n')),
        'executor.config.docker_img: unknown key "docker_img" (did you mean "docker_image"?), expected one of: config_path, docker_image');
      expectInputError(synthJob(config('executer:\n  type: k8s-job\n')), 'executer: unknown key "executer" (did you mean "executor"?)');
      expectInputError(synthJob(executor('    tolerations: [{key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 30}]\n')),
        'executor.config.tolerations[0].tolerationSeconds: unknown key "tolerationSeconds", expected one of: key, operator, value, effect');
    });

    it('bad quantities, counts and names, naming the key, what was received and what was expected', () => {
      const cases: [string, string][] = [
        ['    memory_limit: 1GB\n', 'executor.config.memory_limit: received "1GB", expected a Kubernetes quantity such as "1Gi" (binary) or "1G" (decimal)'],
        ['    cpu_limit: [1]\n', 'executor.config.cpu_limit: received a list of 1, expected a Kubernetes quantity'],
        ['    cpu_request: "2"\n', 'executor.config.cpu_request: received "2", above cpu_limit (Magnus\' default) "250m", expected a request at most the limit'],
        ['    memory_limit: 1Gi\n    memory_request: 2Gi\n', 'executor.config.memory_request: received "2Gi", above memory_limit "1Gi"'],
        ['    gpu_limit: -1\n', 'executor.config.gpu_limit: received -1, expected a whole number of GPUs, 0 or more'],
        ['    gpu_limit: 1.5\n', 'executor.config.gpu_limit: received 1.5, expected a whole number of GPUs'],
        ['    active_deadline_seconds: 0\n', 'executor.config.active_deadline_seconds: received 0, expected a whole number from 1'],
        ['    ttl_seconds_after_finished: soon\n', 'executor.config.ttl_seconds_after_finished: received "soon", expected a whole number from 0'],
        ['    image_pull_policy: always\n', 'executor.config.image_pull_policy: received "always", expected one of: Always, IfNotPresent, Never (did you mean "Always"?)'],
        ['    namespace: ML_Jobs\n', 'executor.config.namespace: received "ML_Jobs", expected a DNS-1123 label'],
        ['    persistent_volumes: {data: mnt/data}\n', 'executor.config.persistent_volumes.data: received "mnt/data", expected an absolute path in the container'],
        ['    persistent_volumes: {Data_Claim: /mnt/data}\n', 'executor.config.persistent_volumes.Data_Claim: received "Data_Claim", expected a DNS-1123 subdomain'],
        ['    persistent_volumes: {a: /mnt/data, b: /mnt/data/}\n', 'executor.config.persistent_volumes.b: received "/mnt/data/", already the mount path of claim a'],
        ['    labels: {team: "ml platform"}\n', 'executor.config.labels.team: received "ml platform", expected a label value'],
        ['    node_selector: {"bad key!": x}\n', 'executor.config.node_selector["bad key!"]: received key "bad key!", expected a key name'],
        ['    tolerations: [{key: a, operator: Exists, effect: NoRun}]\n', 'executor.config.tolerations[0].effect: received "NoRun", expected one of: NoSchedule, PreferNoSchedule, NoExecute'],
      ];
      for (const [extra, fragment] of cases) {
        assert.doesNotThrow(() => expectInputError(synthJob(executor(extra)), fragment), extra);
      }
    });
  });
});
