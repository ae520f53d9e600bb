import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueueScaler } from '../../src';
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
