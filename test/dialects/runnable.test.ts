import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { cli, expectInputError } from '../support/cli';
import { dialectHarness } from '../support/dialect';
import { matchSnapshot } from '../support/snapshot';

const EVERYTHING = 'test/fixtures/dialects/runnable-everything.yaml';
const NAME = 'run-20240601';
const COMMAND = 'runnable execute-job forecasting/job.py run-20240601 --config k8s.yaml';

const { synthJob, renderJob, config } = dialectHarness('runnable', { name: NAME, command: COMMAND });

const container = (job: any) => job.spec.template.spec.containers[0];

/** A k8s-job config with this image and these lines under `container:` and `config:`. */
function executor(containerLines = '', configLines = ''): string {
  return config(`job-executor:\n  type: k8s-job\n  config:\n    pvc_claim_name: runnable\n${configLines}    jobSpec:\n      template:\n        spec:\n          container:\n            image: ghcr.io/example/project:1.0\n${containerLines}`);
}

describe('runnable dialect', () => {
  it('renders the documented minimal config with runnable\'s defaults', () => {
    const job = renderJob(executor());
    assert.equal(job.metadata.name, NAME);
    assert.equal(job.metadata.namespace, 'default');
    assert.equal(job.spec.activeDeadlineSeconds, 7200);
    assert.equal(job.spec.backoffLimit, 6);
    assert.equal(job.spec.ttlSecondsAfterFinished, 86400);
    assert.equal(container(job).name, 'default');
    assert.equal(container(job).imagePullPolicy, 'Always');
    assert.deepEqual(container(job).command, COMMAND.split(' '));
    assert.deepEqual(container(job).resources, { limits: { cpu: '250m', memory: '1Gi' } });
    assert.equal(job.spec.template.spec.serviceAccountName, 'default');
    // The run log store and the catalog default to the file system: both on the claim, under /tmp.
    assert.deepEqual(container(job).volumeMounts, [{ name: 'pvc-runnable', mountPath: '/tmp' }]);
    assert.deepEqual(job.spec.template.spec.volumes, [{ name: 'pvc-runnable', persistentVolumeClaim: { claimName: 'runnable' } }]);
  });

  it('renders every key a runnable user writes, valid and matching its golden file', () => {
    const result = synthJob(EVERYTHING);
    assert.equal(result.code, 0, result.stderr);
    const job = renderJob(EVERYTHING);
    assert.equal(job.metadata.namespace, 'ml-jobs');
    assert.equal(job.spec.activeDeadlineSeconds, 10800, 'the shorter of the Job\'s and the pod\'s deadline');
    assert.equal(job.spec.backoffLimit, 1);
    assert.equal(job.spec.ttlSecondsAfterFinished, 3600);
    assert.equal(job.spec.template.metadata.annotations.owner, 'ml-platform');
    assert.deepEqual(job.spec.template.spec.nodeSelector, { pool: 'gpu' });
    assert.equal(job.spec.template.spec.serviceAccountName, 'ml-runner');
    assert.equal(container(job).imagePullPolicy, 'Always', 'runnable\'s k8s-job always pulls');
    assert.deepEqual(container(job).resources, { requests: { cpu: '2', memory: '8Gi' }, limits: { 'cpu': '4', 'memory': '16Gi', 'nvidia.com/gpu': 1 } });
    assert.deepEqual(container(job).env, [{ name: 'BATCH_SIZE', value: '64' }, { name: 'LOG_LEVEL', value: 'INFO' }]);
    matchSnapshot('runnable-everything.yaml', result.stdout);
  });

  it('mounts the claim where the stores are: only the run log store when the catalog is elsewhere, none when neither is on the file system', () => {
    const runLogOnly = renderJob(config(`${fs.readFileSync(executor(), 'utf8')}catalog: {type: s3}\n`));
    assert.deepEqual(container(runLogOnly).volumeMounts, [{ name: 'pvc-runnable', mountPath: '/tmp/run_logs' }]);
    const neither = renderJob(config(`${fs.readFileSync(executor(), 'utf8')}catalog: {type: s3}\nrun-log-store: {type: minio}\n`));
    assert.equal(container(neither).volumeMounts, undefined);
  });

  describe('refuses, exit 2', () => {
    it('another executor type, a schedule, a selector, volumes and a missing claim or image', () => {
      expectInputError(synthJob(config('job-executor:\n  type: mini-k8s-job\n  config: {}\n')), 'job-executor.type: received "mini-k8s-job", expected one of: k8s-job', 'hostPath');
      expectInputError(synthJob(executor('', '    schedule: "0 2 * * *"\n')), 'job-executor.config.schedule', 'a CronJob, which this toolkit does not render');
      expectInputError(synthJob(executor('            volumeMounts: [{name: x, mountPath: /x}]\n')), 'volumeMounts: received volumeMounts, expected none');
      expectInputError(synthJob(config('job-executor:\n  type: k8s-job\n  config:\n    jobSpec: {template: {spec: {container: {}}}}\n')),
        'job-executor.config: missing required key "pvc_claim_name"', 'job-executor.config.jobSpec.template.spec.container: missing required key "image"');
    });

    it('unknown keys with a did-you-mean, and bad values naming the path', () => {
      const file = executor('            imagePullPolicy: Sometimes\n            env: [{name: A, valu: b}]\n');
      expectInputError(synthJob(file), 'imagePullPolicy: received "Sometimes", expected one of: Always, IfNotPresent, Never', 'env[0].valu: unknown key "valu" (did you mean "value"?)');
      expectInputError(synthJob(executor('            resources: {limits: {gpu: 1}, requests: {gpu: 2}}\n')), 'requests.gpu: received 2, expected the same count as limits.gpu (1)');
    });

    it('--name and --command are required', () => {
      expectInputError(cli('synth', '--dialect', 'runnable', '--config', executor(), '--stdout'), '--name is required with --dialect runnable');
    });
  });
});
