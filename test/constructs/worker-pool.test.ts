import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkerFleet, WorkerPool } from '../../src';
import { manifestsToYaml, only, synthValid, testChart } from '../support/render';
import { matchSnapshot } from '../support/snapshot';

describe('WorkerPool', () => {
  it('builds only the components a pool enables', () => {
    const chart = testChart();
    new WorkerPool(chart, 'Pool', { name: 'sims', image: 'img:1', job: { workers: 2 } });
    const manifests = synthValid(chart);
    assert.deepEqual(manifests.map((manifest) => manifest.kind), ['Job']);
  });

  it('layers pod options: fleet defaults, then the pool, then the component', () => {
    const chart = testChart();
    new WorkerFleet(chart, 'Fleet', {
      namespace: 'batch',
      defaults: { image: 'img:1', env: { LEVEL: 'fleet', FLEET: 'yes' }, resources: { cpu: '1', memory: '1Gi' }, labels: { team: 'a' } },
      pools: [{
        name: 'sims',
        env: { LEVEL: 'pool' },
        resources: { memory: '2Gi' },
        job: { workers: 2, env: { LEVEL: 'job' }, image: 'img:2' },
        follow: { replicas: 2 },
        serve: { port: 8080, labels: { tier: 'api' } },
      }],
    });
    const manifests = synthValid(chart);
    const job = only(manifests, 'Job');
    const follow = manifests.find((manifest) => manifest.metadata.name === 'sims-follow')!;
    const serve = manifests.find((manifest) => manifest.kind === 'Deployment' && manifest.metadata.name === 'sims-serve')!;
    const env = (manifest: typeof job) => Object.fromEntries(manifest.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
    assert.deepEqual(env(job), { FLEET: 'yes', LEVEL: 'job' });
    assert.deepEqual(env(follow), { FLEET: 'yes', LEVEL: 'pool' });
    assert.equal(job.spec.template.spec.containers[0].image, 'img:2');
    assert.equal(follow.spec.template.spec.containers[0].image, 'img:1');
    assert.deepEqual(follow.spec.template.spec.containers[0].resources.requests, { cpu: '1', memory: '2Gi' });
    assert.equal(serve.metadata.labels.tier, 'api');
    assert.equal(serve.metadata.labels.team, 'a');
    assert.ok(manifests.every((manifest) => manifest.metadata.namespace === 'batch'));
    assert.ok(manifests.every((manifest) => manifest.metadata.labels['app.kubernetes.io/managed-by'] === 'cdk8s-workers'));
    matchSnapshot('construct-worker-fleet.yaml', manifestsToYaml(manifests));
  });

  it('autoscales the follow Deployment with a scaler named after it', () => {
    const chart = testChart();
    new WorkerPool(chart, 'Pool', {
      name: 'sims', image: 'img:1',
      follow: { replicas: 4, autoscale: { maxReplicas: 10, triggers: [{ type: 'rabbitmq', metadata: { queueName: 'jobs', mode: 'QueueLength', value: '20' }, secretAuth: { host: 'rabbit:url' } }] } },
    });
    const manifests = synthValid(chart);
    assert.equal('replicas' in only(manifests, 'Deployment').spec, false);
    assert.equal(only(manifests, 'ScaledObject').spec.scaleTargetRef.name, 'sims-follow');
  });

  it('renders pools of one name in different namespaces side by side', () => {
    const chart = testChart();
    new WorkerFleet(chart, 'Fleet', {
      namespace: 'batch',
      pools: [{ name: 'sims', image: 'img:1', job: {} }, { name: 'sims', namespace: 'batch-eu', image: 'img:1', job: {} }],
    });
    const jobs = synthValid(chart).map((manifest) => `${manifest.metadata.namespace}/${manifest.metadata.name}`);
    assert.deepEqual(jobs, ['batch/sims-worker', 'batch-eu/sims-worker']);
  });

  it('creates the namespaces it uses first, enforcing the restricted profile, when asked', () => {
    const chart = testChart();
    new WorkerFleet(chart, 'Fleet', {
      namespace: 'batch', createNamespaces: true,
      pools: [{ name: 'a', image: 'img:1', job: {} }, { name: 'b', namespace: 'batch-eu', image: 'img:1', job: {} }, { name: 'c', image: 'img:1', job: {} }],
    });
    const manifests = synthValid(chart);
    assert.deepEqual(manifests.slice(0, 2).map((m) => `${m.kind}/${m.metadata.name}`), ['Namespace/batch', 'Namespace/batch-eu']);
    assert.equal(manifests[0].metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(manifests.filter((m) => m.kind === 'Namespace').length, 2);
  });
});
