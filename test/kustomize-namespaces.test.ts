import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { cli } from './support/cli';
import { tempDir, writeTemp } from './support/files';
import { assertValidManifests } from './support/strict-schema';

const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

const TWO_NAMESPACES = `namespace: batch
createNamespaces: true
pools:
  - {name: sims, image: registry.example.com/sims:1.0.0, job: {workers: 2}}
  - name: api
    namespace: web
    image: registry.example.com/api:1.0.0
    serve: {port: 8080}
`;

function kustomize(dir: string): { code: number | null; objects: any[]; stderr: string } {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return { code: result.status, objects: result.status === 0 ? parseAllDocuments(result.stdout).map((doc) => doc.toJS()) : [], stderr: result.stderr };
}

function built(dir: string): any[] {
  const result = kustomize(dir);
  assert.equal(result.code, 0, result.stderr);
  assertValidManifests(result.objects);
  return result.objects;
}

function overlay(root: string, name: string, lines: string[]): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', ...lines, ''].join('\n'));
  return dir;
}

const key = (object: any) => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;

describe('kustomize base with createNamespaces', { skip: KUBECTL ? false : 'kubectl is not installed: the kustomize build cannot run here' }, () => {
  function synthBase(): { root: string; base: string } {
    const root = tempDir();
    const base = path.join(root, 'base');
    const result = cli('synth', '--config', writeTemp('workers.yaml', TWO_NAMESPACES), '--out', base, '--layout', 'kustomize');
    assert.equal(result.code, 0, result.stderr);
    return { root, base };
  }

  it('keeps the Namespaces in a kustomization of their own beside the workloads', () => {
    const { base } = synthBase();
    assert.deepEqual(built(base).map(key).sort(), ['Deployment/web/api-serve', 'Job/batch/sims-worker', 'Service/web/api-serve']);
    const namespaces = built(path.join(base, 'namespaces'));
    assert.deepEqual(namespaces.map(key), ['Namespace//batch', 'Namespace//web']);
    assert.ok(namespaces.every((namespace) => namespace.metadata.labels['pod-security.kubernetes.io/enforce'] === 'restricted'));
  });

  it('takes an overlay that sets namespace:, which a base holding two Namespaces would refuse', () => {
    const { root } = synthBase();
    const prod = overlay(root, 'prod', ['resources: [../base]', 'namespace: prod', 'namePrefix: prod-']);
    const objects = built(prod);
    assert.deepEqual(objects.map(key).sort(), ['Deployment/prod/prod-api-serve', 'Job/prod/prod-sims-worker', 'Service/prod/prod-api-serve']);

    // What the overlay would meet if the Namespaces were part of the base it renames.
    const conflicting = overlay(root, 'conflict', ['resources: [../base, ../base/namespaces]', 'namespace: prod']);
    const refused = kustomize(conflicting);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /namespace transformation produces ID conflict/);
  });

  it('gives the whole fleet, Namespaces first, to an overlay that lists both and keeps the namespaces', () => {
    const { root } = synthBase();
    const everything = overlay(root, 'all', ['resources: [../base/namespaces, ../base]']);
    assert.deepEqual(built(everything).map(key), [
      'Namespace//batch', 'Namespace//web', 'Service/web/api-serve', 'Deployment/web/api-serve', 'Job/batch/sims-worker',
    ]);
  });

  it('removes the namespaces directory when a later synth renders no Namespace, also beside files it did not write', () => {
    for (const foreignFile of [false, true]) {
      const { base } = synthBase();
      if (foreignFile) fs.writeFileSync(path.join(base, 'README.md'), 'mine');
      const without = writeTemp('workers.yaml', TWO_NAMESPACES.replace('createNamespaces: true\n', ''));
      const result = cli('synth', '--config', without, '--out', base, '--layout', 'kustomize');
      assert.equal(result.code, 0, result.stderr);
      assert.ok(!fs.existsSync(path.join(base, 'namespaces')), `namespaces/ left behind (foreign file: ${foreignFile})`);
      assert.equal(fs.existsSync(path.join(base, 'README.md')), foreignFile);
      assert.equal(built(base).length, 3);
    }
  });
});
