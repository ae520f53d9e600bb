import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueueScaler, ScaledWorkerJob } from '../../src';
import { manifestsToYaml, only, synthValid, testChart } from '../support/render';
import { matchSnapshot } from '../support/snapshot';

describe('QueueScaler', () => {
  it('scales a Deployment on queue depth, with credentials from Secrets through a TriggerAuthentication', () => {
    const chart = testChart();
    new QueueScaler(chart, 'Scaler', {
      poolName: 'sims', target: 'sims-follow', maxReplicas: 50,
      triggers: [{
        type: 'postgresql',
        metadata: { query: "SELECT COUNT(*) FROM queue WHERE status = 'pending'", targetQueryValue: 10 },
        secretAuth: { connection: 'pystilt-db:PYSTILT_DB_URL' },
      }],
    });
    const manifests = synthValid(chart);
    const scaled = only(manifests, 'ScaledObject');
    const auth = only(manifests, 'TriggerAuthentication');
    assert.equal(scaled.metadata.name, 'sims-follow-scaler');
    assert.deepEqual(scaled.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'sims-follow' });
    assert.equal(scaled.spec.minReplicaCount, 0);
    assert.equal(scaled.spec.maxReplicaCount, 50);
    assert.equal(scaled.spec.triggers[0].metadata.targetQueryValue, '10');
    assert.deepEqual(scaled.spec.triggers[0].authenticationRef, { name: 'sims-follow.postgresql' });
    assert.deepEqual(auth.spec.secretTargetRef, [{ parameter: 'connection', name: 'pystilt-db', key: 'PYSTILT_DB_URL' }]);
    assert.equal(JSON.stringify(manifests).includes('password'), false);
    matchSnapshot('construct-queue-scaler.yaml', manifestsToYaml(manifests));
  });

  it('takes fallback, HPA behavior and several named triggers of one type', () => {
    const chart = testChart();
    new QueueScaler(chart, 'Scaler', {
      poolName: 'sims', target: 'sims-follow', minReplicas: 1, idleReplicaCount: 0, pollingInterval: 5, cooldownPeriod: 60,
      fallback: { failureThreshold: 3, replicas: 2 },
      behavior: { scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
      triggers: [
        { type: 'redis', name: 'high', metadata: { listName: 'high', listLength: 5, address: 'redis:6379' }, secretAuth: { password: 'redis:password' } },
        { type: 'redis', name: 'low', metadata: { listName: 'low', listLength: 50, address: 'redis:6379' } },
      ],
    });
    const manifests = synthValid(chart);
    const scaled = only(manifests, 'ScaledObject');
    assert.equal(scaled.spec.idleReplicaCount, 0);
    assert.deepEqual(scaled.spec.fallback, { failureThreshold: 3, replicas: 2 });
    assert.equal(scaled.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds, 600);
    assert.deepEqual(scaled.spec.triggers.map((trigger: { name: string }) => trigger.name), ['high', 'low']);
    assert.equal(scaled.spec.triggers[1].authenticationRef, undefined);
    assert.equal(only(manifests, 'TriggerAuthentication').metadata.name, 'sims-follow.high');
  });
});

describe('QueueScaler authentication and options', () => {
  it('renders ConfigMap, env and pod-identity authentication, an existing ClusterTriggerAuthentication, pause annotations and advanced options', () => {
    const chart = testChart();
    new QueueScaler(chart, 'Scaler', {
      poolName: 'sims', target: 'sims-follow', minReplicas: 1, initialCooldownPeriod: 120, pausedReplicas: 3,
      hpaName: 'sims-hpa', restoreToOriginalReplicaCount: true,
      triggers: [
        { type: 'redis', name: 'urgent', metadata: { listName: 'urgent' }, configMapAuth: { address: 'redis-settings:address' }, envAuth: { password: 'REDIS_PASSWORD' } },
        { type: 'gcp-pubsub', metadata: { subscriptionName: 'jobs' }, podIdentity: { provider: 'gcp' } },
        { type: 'prometheus', metadata: { serverAddress: 'http://prometheus:9090', query: 'up', threshold: 1 }, authenticationRef: { name: 'shared-prometheus', kind: 'ClusterTriggerAuthentication' } },
      ],
    });
    const manifests = synthValid(chart);
    const scaled = only(manifests, 'ScaledObject');
    assert.deepEqual(scaled.metadata.annotations, { 'autoscaling.keda.sh/paused-replicas': '3' });
    assert.equal(scaled.spec.initialCooldownPeriod, 120);
    assert.deepEqual(scaled.spec.advanced, { horizontalPodAutoscalerConfig: { name: 'sims-hpa' }, restoreToOriginalReplicaCount: true });
    assert.deepEqual(scaled.spec.triggers.map((trigger: { authenticationRef?: object }) => trigger.authenticationRef), [
      { name: 'sims-follow.urgent' }, { name: 'sims-follow.gcp-pubsub' }, { name: 'shared-prometheus', kind: 'ClusterTriggerAuthentication' },
    ]);
    const auths = manifests.filter((manifest) => manifest.kind === 'TriggerAuthentication');
    assert.deepEqual(auths.map((auth) => auth.spec), [
      { configMapTargetRef: [{ parameter: 'address', name: 'redis-settings', key: 'address' }], env: [{ parameter: 'password', name: 'REDIS_PASSWORD', containerName: 'worker' }] },
      { podIdentity: { provider: 'gcp' } },
    ]);
    matchSnapshot('construct-queue-scaler-auth.yaml', manifestsToYaml(manifests));
  });
});

describe('ScaledWorkerJob', () => {
  it('renders a ScaledJob whose jobTargetRef is the drain Job, rolling out gradually', () => {
    const chart = testChart();
    new ScaledWorkerJob(chart, 'Job', {
      poolName: 'render', image: 'ghcr.io/example/render:3.0.0', workers: 2, backoffLimit: 1, failOnExitCodes: [4],
      autoscale: {
        maxReplicas: 8, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 6,
        scalingStrategy: { strategy: 'custom', customScalingQueueLengthDeduction: 1, customScalingRunningJobPercentage: '0.5' },
        triggers: [{ type: 'rabbitmq', metadata: { queueName: 'render', mode: 'QueueLength', value: 1 }, secretAuth: { host: 'rabbit:url' } }],
      },
    });
    const manifests = synthValid(chart);
    const scaledJob = only(manifests, 'ScaledJob');
    assert.equal(scaledJob.metadata.name, 'render-worker');
    assert.deepEqual(scaledJob.spec.rollout, { strategy: 'gradual' });
    assert.equal(scaledJob.spec.jobTargetRef.parallelism, 2);
    assert.equal(scaledJob.spec.jobTargetRef.backoffLimit, 1);
    assert.equal(scaledJob.spec.successfulJobsHistoryLimit, 3);
    assert.equal(scaledJob.spec.scalingStrategy.customScalingRunningJobPercentage, '0.5');
    assert.equal(only(manifests, 'TriggerAuthentication').metadata.name, 'render-worker.rabbitmq');
    matchSnapshot('construct-scaled-job.yaml', manifestsToYaml(manifests));
  });
});
