import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FollowDeployment } from '../../src';
import { manifestsToYaml, only, synthValid, testChart } from '../support/render';
import { matchSnapshot } from '../support/snapshot';

const IMAGE = 'ghcr.io/example/worker:1.0.0';

describe('FollowDeployment', () => {
  it('runs a fixed number of queue consumers with a long grace period', () => {
    const chart = testChart();
    new FollowDeployment(chart, 'Follow', { poolName: 'sims', image: IMAGE, args: ['--follow'], replicas: 3 });
    const manifests = synthValid(chart);
    const deployment = only(manifests, 'Deployment');
    assert.equal(deployment.metadata.name, 'sims-follow');
    assert.equal(deployment.spec.replicas, 3);
    assert.equal(deployment.spec.template.spec.terminationGracePeriodSeconds, 600);
    assert.deepEqual(deployment.spec.selector.matchLabels, { 'app.kubernetes.io/name': 'sims', 'app.kubernetes.io/component': 'follow' });
    matchSnapshot('construct-follow-deployment.yaml', manifestsToYaml(manifests));
  });

  it('leaves replicas to the autoscaler, so kubectl apply never fights it', () => {
    const chart = testChart();
    new FollowDeployment(chart, 'Follow', { poolName: 'sims', image: IMAGE, replicas: 3, autoscaled: true, terminationGraceSeconds: 120 });
    const deployment = only(synthValid(chart), 'Deployment');
    assert.equal('replicas' in deployment.spec, false);
    assert.equal(deployment.spec.template.spec.terminationGracePeriodSeconds, 120);
  });
});
