import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { cli, REPO } from './support/cli';
import { tempDir } from './support/files';
import { assertValidManifests } from './support/strict-schema';

const KEDA_FLEET = path.join(REPO, 'test', 'fixtures', 'fleets', 'keda.yaml');
const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function kustomize(dir: string): any[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return parseAllDocuments(result.stdout).map((doc) => doc.toJS());
}

/** Synthesizes a kustomize base with these synth arguments, and builds an overlay of it with these kustomization lines. */
function buildOverlay(synthArgs: string[], lines: string[]): any[] {
  const root = tempDir();
  const base = path.join(root, 'base');
  assert.equal(cli('synth', ...synthArgs, '--out', base, '--layout', 'kustomize').code, 0);
  const overlay = path.join(root, 'prod');
  fs.mkdirSync(overlay);
  const header = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources: [../base]'];
  fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), [...header, ...lines, ''].join('\n'));
  return kustomize(overlay);
}

describe('kustomize base', { skip: KUBECTL ? false : 'kubectl is not installed: the kustomize build cannot run here' }, () => {
  it('builds with kubectl kustomize into the same objects synth renders', () => {
    const base = path.join(tempDir(), 'base');
    assert.equal(cli('synth', '--out', base, '--layout', 'kustomize').code, 0);
    const built = kustomize(base);
    const direct = parseAllDocuments(cli('synth', '--stdout').stdout).map((doc) => doc.toJS());
    const key = (m: any) => `${m.kind}/${m.metadata.name}`;
    assert.deepEqual(built.map(key).sort(), direct.map(key).sort());
    for (const object of built) assert.deepEqual(object, direct.find((d) => key(d) === key(object)));
  });

  it('takes an overlay that retags images, renamespaces and prefixes names, keeping KEDA references intact', () => {
    const built = buildOverlay([], [
      'namespace: stilt-prod',
      'namePrefix: prod-',
      'images:',
      '  - name: ghcr.io/example/pystilt-worker',
      '    newTag: 2.0.0',
    ]);
    assertValidManifests(built);
    assert.ok(built.every((object) => object.metadata.namespace === 'stilt-prod'));
    const images = built.flatMap((object) => object.spec.template?.spec.containers.map((c: { image: string }) => c.image) ?? []);
    assert.deepEqual([...new Set(images)], ['ghcr.io/example/pystilt-worker:2.0.0']);
    const scaled = built.find((object) => object.kind === 'ScaledObject');
    assert.equal(scaled.spec.scaleTargetRef.name, 'prod-my-project-follow');
    assert.equal(scaled.spec.triggers[0].authenticationRef.name, 'prod-my-project-follow.postgresql');
  });

  it('keeps KEDA references right under namePrefix, nameSuffix, secretGenerator and configMapGenerator', () => {
    const built = buildOverlay(['--config', KEDA_FLEET], [
      'namePrefix: prod-',
      'namespace: queues',
      'nameSuffix: -v2',
      'secretGenerator:',
      '  - name: rabbit-credentials',
      '    literals: [amqp-url=amqp://rabbit:5672]',
      '  - name: redis',
      '    literals: [password=not-a-real-one]',
      'configMapGenerator:',
      '  - name: redis-settings',
      '    literals: [address=redis:6379]',
    ]);
    const named = (kind: string, name: string) => built.find((object) => object.kind === kind && object.metadata.name === name);
    const secret = (prefix: string) => built.find((object) => object.kind === 'Secret' && object.metadata.name.startsWith(prefix)).metadata.name;
    const configMap = built.find((object) => object.kind === 'ConfigMap').metadata.name;
    assert.match(configMap, /^prod-redis-settings-v2-[a-z0-9]+$/);

    const scaled = named('ScaledObject', 'prod-thumbs-follow-scaler-v2');
    assert.equal(scaled.spec.scaleTargetRef.name, 'prod-thumbs-follow-v2');
    // The ClusterTriggerAuthentication is managed elsewhere, so its name stays as written.
    assert.deepEqual(scaled.spec.triggers.map((trigger: any) => trigger.authenticationRef?.name),
      [undefined, undefined, 'prod-thumbs-follow.urgent-v2', 'prod-thumbs-follow.uploads-v2', 'prometheus-auth']);
    assert.ok(named('TriggerAuthentication', 'prod-thumbs-follow.urgent-v2'));
    assert.equal(named('TriggerAuthentication', 'prod-thumbs-follow.urgent-v2').spec.configMapTargetRef[0].name, configMap);

    const scaledJob = named('ScaledJob', 'prod-thumbs-worker-v2');
    assert.equal(scaledJob.spec.triggers[0].authenticationRef.name, 'prod-thumbs-worker.rabbitmq-v2');
    assert.equal(named('TriggerAuthentication', 'prod-thumbs-worker.rabbitmq-v2').spec.secretTargetRef[0].name, secret('prod-rabbit-credentials-v2-'));
    const env = scaledJob.spec.jobTargetRef.template.spec.containers[0].env;
    assert.equal(env.find((variable: any) => variable.name === 'REDIS_PASSWORD').valueFrom.secretKeyRef.name, secret('prod-redis-v2-'));
    assert.equal(env.find((variable: any) => variable.name === 'QUEUE_URL').valueFrom.secretKeyRef.name, 'queue-db');
    assertValidManifests(built.filter((object) => object.kind !== 'Secret' && object.kind !== 'ConfigMap'));
  });
});
