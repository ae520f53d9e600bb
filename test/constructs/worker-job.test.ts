import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkerJob } from '../../src';
import { manifestsToYaml, only, synthValid, testChart } from '../support/render';
import { matchSnapshot } from '../support/snapshot';

const IMAGE = 'ghcr.io/example/worker:1.0.0';

describe('WorkerJob', () => {
  it('drains a queue with N parallel pods and work-queue completion by default', () => {
    const chart = testChart();
    new WorkerJob(chart, 'Job', { poolName: 'sims', image: IMAGE, workers: 8, command: ['stilt', 'pull-worker', 'gs://b/p'] });
    const job = only(synthValid(chart), 'Job');
    assert.equal(job.metadata.name, 'sims-worker');
    assert.equal(job.spec.parallelism, 8);
    assert.equal(job.spec.completions, undefined);
    assert.equal(job.spec.backoffLimit, 3);
    assert.equal(job.spec.ttlSecondsAfterFinished, 86400);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    assert.deepEqual(job.spec.podFailurePolicy.rules[0], { action: 'Ignore', onPodConditions: [{ status: 'True', type: 'DisruptionTarget' }] });
    assert.deepEqual(job.spec.template.spec.containers[0].command, ['stilt', 'pull-worker', 'gs://b/p']);
    assert.equal(job.spec.template.metadata.labels['app.kubernetes.io/component'], 'worker');
    assert.equal(job.spec.template.metadata.labels['cdk8s.io/metadata.addr'], undefined);
  });

  it('takes fixed completions, a deadline and exit codes that fail the Job at once', () => {
    const chart = testChart();
    new WorkerJob(chart, 'Job', {
      poolName: 'sims', image: IMAGE, workers: 4, completions: 100, activeDeadlineSeconds: 3600, backoffLimit: 0,
      ttlSecondsAfterFinished: 60, failOnExitCodes: [42],
    });
    const manifests = synthValid(chart);
    const job = only(manifests, 'Job');
    assert.equal(job.spec.completions, 100);
    assert.equal(job.spec.activeDeadlineSeconds, 3600);
    assert.equal(job.spec.backoffLimit, 0);
    assert.deepEqual(job.spec.podFailurePolicy.rules[1].onExitCodes, { containerName: 'worker', operator: 'In', values: [42] });
    matchSnapshot('construct-worker-job.yaml', manifestsToYaml(manifests));
  });

  it('renders the pod options: resources, GPUs, volumes, env and scheduling', () => {
    const chart = testChart();
    new WorkerJob(chart, 'Job', {
      poolName: 'gpu', image: IMAGE, namespace: 'sims',
      env: { B: '2', A: '1' },
      secretEnv: { DB_URL: 'db:url' },
      downwardEnv: { POD_NAME: 'metadata.name', NODE_NAME: 'spec.nodeName' },
      envFromSecrets: ['shared'],
      resources: { cpu: '2', memory: '8Gi', ephemeralStorage: '10Gi', gpu: 1, gpuVendor: 'amd', limits: { memory: '8Gi' } },
      scratch: { path: '/scratch', sizeLimit: '20Gi' },
      sharedMemory: '1Gi',
      persistentVolumeClaims: { 'met-data': '/data/met' },
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'amd-mi300' },
      tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
      serviceAccountName: 'runner', imagePullSecrets: ['regcred'], securityContext: { runAsUser: 2000 },
    });
    const pod = only(synthValid(chart), 'Job').spec.template.spec;
    const container = pod.containers[0];
    assert.deepEqual(container.env.map((env: { name: string }) => env.name), ['A', 'B', 'DB_URL', 'NODE_NAME', 'POD_NAME']);
    assert.deepEqual(container.env[2].valueFrom, { secretKeyRef: { name: 'db', key: 'url' } });
    assert.deepEqual(container.envFrom, [{ secretRef: { name: 'shared' } }]);
    assert.deepEqual(container.resources, {
      requests: { 'cpu': '2', 'memory': '8Gi', 'ephemeral-storage': '10Gi' },
      limits: { 'memory': '8Gi', 'amd.com/gpu': 1 },
    });
    assert.deepEqual(pod.volumes.map((volume: { name: string }) => volume.name), ['scratch', 'dshm', 'pvc-met-data']);
    assert.deepEqual(container.volumeMounts.map((mount: { mountPath: string }) => mount.mountPath), ['/scratch', '/dev/shm', '/data/met']);
    assert.equal(pod.securityContext.runAsUser, 2000);
    assert.equal(pod.serviceAccountName, 'runner');
    assert.equal(pod.automountServiceAccountToken, false);
  });

  it('takes the GPU vendor as a name or as the resource name', () => {
    for (const gpuVendor of ['nvidia', 'nvidia.com/gpu'] as const) {
      const chart = testChart();
      new WorkerJob(chart, 'Job', { poolName: 'gpu', image: IMAGE, resources: { gpu: 2, gpuVendor } });
      assert.deepEqual(only(synthValid(chart), 'Job').spec.template.spec.containers[0].resources, { limits: { 'nvidia.com/gpu': 2 } });
    }
  });
});
