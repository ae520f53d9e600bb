import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { expectStreamReadsBack } from './support/kubectl';
import { packedApp } from './support/packed-app';
import { assertValidManifests } from './support/strict-schema';

/**
 * A platform team's chart: two pools beside ordinary cdk8s-plus objects, everything through props,
 * mutators and kplus interop; not one addJsonPatch.
 */
const PLATFORM_APP = `import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { WorkerPool } from 'cdk8s-workers';

class Platform extends Chart {
  constructor(scope: App, id: string) {
    super(scope, id, { namespace: 'sims', disableResourceNameHashes: true });
    const sims = new WorkerPool(this, 'Sims', {
      name: 'sims',
      image: 'registry.example.com/stilt:3.1.0',
      resources: { cpu: '2', memory: '8Gi' },
      scratch: { path: '/tmp/stilt', sizeLimit: '20Gi' },
      job: { workers: 16 },
      follow: {
        args: ['--follow'],
        autoscale: { maxReplicas: 20, triggers: [{ type: 'postgresql', metadata: { query: 'SELECT COUNT(*) FROM queue', targetQueryValue: '10' }, secretAuth: { connection: 'db:url' } }] },
      },
      serve: { command: ['stilt-api'], port: 8080, replicas: 2 },
    });
    const config = kplus.Volume.fromConfigMap(this, 'StiltConfig', kplus.ConfigMap.fromConfigMapName(this, 'StiltConfigMap', 'stilt-config'));
    for (const workload of [sims.job!, sims.follow!]) {
      workload.addSidecar({ name: 'cloud-sql-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0', args: ['--port=5432', 'project:region:db'], resources: { cpu: '100m', memory: '64Mi' } });
      workload.addInitContainer({ name: 'fetch-met', image: 'registry.example.com/stilt:3.1.0', command: ['stilt-fetch-met'], mounts: { '/tmp/stilt': 'scratch' } });
      workload.mount('/etc/stilt', config, { readOnly: true });
      workload.addEnv('DB_PASSWORD', kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, \`Db\${workload.node.id}\`, 'db'), key: 'password' }));
      workload.addToleration({ key: 'workload', operator: 'Equal', value: 'batch', effect: 'NoSchedule' });
    }

    new WorkerPool(this, 'Reports', {
      name: 'reports',
      image: 'registry.example.com/reports:1.4.2',
      resources: { cpu: '500m', memory: '1Gi' },
      job: { workers: 2, failOnExitCodes: [3], schedule: '0 3 * * *', timeZone: 'Europe/Paris' },
    });

    new kplus.Ingress(this, 'Api', {
      className: 'nginx',
      rules: [{ host: 'stilt.example.com', path: '/', backend: sims.serve!.ingressBackend() }],
    });
    new kplus.NetworkPolicy(this, 'FollowIsolation', {
      selector: sims.follow!,
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: [{ peer: sims.serve!, ports: [kplus.NetworkPolicyPort.tcp(9090)] }] },
    });
  }
}

const app = new App();
new Platform(app, 'platform');
app.synth();
`;

describe('a platform repository', () => {
  it('builds a realistic chart from the packed package: strict-valid, restricted, read back unchanged by kubectl', () => {
    assert.ok(!PLATFORM_APP.includes('addJsonPatch'), 'the chart is built without JSON patches');
    const app = packedApp('cdk8s-workers-platform-', PLATFORM_APP, ['cdk8s-plus-28@2']);
    const yaml = fs.readFileSync(path.join(app, 'dist', 'platform.k8s.yaml'), 'utf8');
    const manifests = parseAllDocuments(yaml).map((doc) => doc.toJS());
    assert.deepEqual(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort(), [
      'CronJob/reports-worker', 'Deployment/sims-follow', 'Deployment/sims-serve', 'Ingress/platform-api', 'Job/sims-worker',
      'NetworkPolicy/platform-followisolation', 'PodDisruptionBudget/sims-serve', 'ScaledObject/sims-follow-scaler', 'Service/sims-serve', 'TriggerAuthentication/sims-follow.postgresql',
    ].sort());
    assertValidManifests(manifests);
    expectStreamReadsBack(yaml);

    const byName = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
    for (const pod of [byName('Job', 'sims-worker').spec.template.spec, byName('Deployment', 'sims-follow').spec.template.spec]) {
      assert.deepEqual(pod.initContainers.map((c: { name: string; restartPolicy?: string }) => [c.name, c.restartPolicy ?? null]), [['fetch-met', null], ['cloud-sql-proxy', 'Always']]);
      assert.ok(pod.volumes.some((v: { configMap?: { name: string } }) => v.configMap?.name === 'stilt-config'));
      assert.deepEqual(pod.tolerations, [{ key: 'workload', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }]);
    }
    const drain = byName('CronJob', 'reports-worker').spec;
    assert.equal(drain.concurrencyPolicy, 'Forbid', 'a scheduled drain never overlaps the last one');
    assert.equal(drain.timeZone, 'Europe/Paris');
    assert.equal(drain.jobTemplate.spec.template.spec.initContainers, undefined);
    const budget = byName('PodDisruptionBudget', 'sims-serve').spec;
    assert.deepEqual(budget.selector.matchLabels, { 'app.kubernetes.io/component': 'serve', 'app.kubernetes.io/name': 'sims' });
    assert.equal(budget.maxUnavailable, 1);
    assert.equal('replicas' in byName('Deployment', 'sims-follow').spec, false);
    const serve = byName('Deployment', 'sims-serve').spec.template.spec;
    assert.deepEqual(serve.topologySpreadConstraints.map((c: { topologyKey: string }) => c.topologyKey), ['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    const ingress = manifests.find((m) => m.kind === 'Ingress');
    assert.deepEqual(ingress.spec.rules[0].http.paths[0].backend, { service: { name: 'sims-serve', port: { number: 8080 } } });
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy');
    assert.deepEqual(policy.spec.podSelector.matchLabels, { 'app.kubernetes.io/component': 'follow', 'app.kubernetes.io/name': 'sims' });
  });
});
