import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { FLEET_SCHEMA } from '../src';
import { cli, cliProcess, expectInputError, REPO } from './support/cli';
import { snapshotTree, tempDir, writeTemp } from './support/files';
import { matchSnapshot } from './support/snapshot';
import { assertValidManifests } from './support/strict-schema';

const EXAMPLE = 'examples/workers.yaml';

function parseStream(text: string): any[] {
  return parseAllDocuments(text).map((doc) => doc.toJS());
}

describe('cdk8s-workers synth', () => {
  it('renders the bundled example, valid and restricted, matching its golden file', () => {
    const result = cli('synth', '--config', EXAMPLE, '--stdout');
    assert.equal(result.code, 0, result.stderr);
    const manifests = parseStream(result.stdout);
    assert.deepEqual(manifests.map((m) => `${m.kind}/${m.metadata.name}`), [
      'Job/my-project-worker', 'Deployment/my-project-follow', 'TriggerAuthentication/my-project-follow.postgresql',
      'ScaledObject/my-project-follow-scaler', 'Deployment/my-project-serve', 'Service/my-project-serve',
    ]);
    assertValidManifests(manifests);
    matchSnapshot('example-workers.yaml', result.stdout);
  });

  it('prints nothing but YAML on stdout, the same bytes every time', () => {
    const first = cliProcess(['synth', '--config', EXAMPLE, '--stdout']);
    const second = cliProcess(['synth', '--config', EXAMPLE, '--stdout']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr, '');
    assert.equal(first.stdout, second.stdout);
    assert.ok(first.stdout.startsWith('apiVersion: batch/v1\n'));
  });

  it('uses ./workers.yaml when present, else the bundled example, and writes dist/', () => {
    const cwd = tempDir();
    const bundled = cliProcess(['synth'], { cwd });
    assert.equal(bundled.code, 0, bundled.stderr);
    assert.ok(fs.existsSync(path.join(cwd, 'dist', 'workers.k8s.yaml')));
    fs.writeFileSync(path.join(cwd, 'workers.yaml'), 'pools:\n  - name: local\n    image: img:1\n    job: {}\n');
    assert.equal(cliProcess(['synth'], { cwd }).code, 0);
    assert.match(fs.readFileSync(path.join(cwd, 'dist', 'workers.k8s.yaml'), 'utf8'), /name: local-worker/);
  });

  it('writes one file per object, or a kustomize base', () => {
    const out = path.join(tempDir(), 'out');
    assert.equal(cli('synth', '--config', EXAMPLE, '--out', out, '--layout', 'per-resource').code, 0);
    assert.deepEqual(fs.readdirSync(out).sort(), [
      '.cdk8s-workers', 'deployment-my-project-follow.yaml', 'deployment-my-project-serve.yaml', 'job-my-project-worker.yaml',
      'scaledobject-my-project-follow-scaler.yaml', 'service-my-project-serve.yaml', 'triggerauthentication-my-project-follow.postgresql.yaml',
    ]);
    assert.equal(cli('synth', '--config', EXAMPLE, '--out', out, '--layout', 'kustomize').code, 0);
    const kustomization = parseStream(fs.readFileSync(path.join(out, 'kustomization.yaml'), 'utf8'))[0];
    assert.equal(kustomization.resources.length, 6);
    assert.ok(kustomization.resources.every((file: string) => fs.existsSync(path.join(out, file))));
  });

  it('names Namespace files to come first, and prefixes the rest with their namespace when pools span several', () => {
    const out = path.join(tempDir(), 'out');
    const config = writeTemp('workers.yaml', 'namespace: batch\ncreateNamespaces: true\npools:\n  - {name: a, image: i, job: {}}\n  - {name: b, namespace: eu, image: i, job: {}}\n');
    assert.equal(cli('synth', '--config', config, '--out', out, '--layout', 'per-resource').code, 0);
    assert.deepEqual(fs.readdirSync(out).sort(), ['.cdk8s-workers', '00-namespace-batch.yaml', '00-namespace-eu.yaml', 'batch.job-a-worker.yaml', 'eu.job-b-worker.yaml']);
  });

  it('removes the files of a removed pool and never touches files it did not write', () => {
    const out = path.join(tempDir(), 'out');
    const twoPools = writeTemp('workers.yaml', 'pools:\n  - {name: a, image: i, job: {}}\n  - {name: b, image: i, job: {}}\n');
    assert.equal(cli('synth', '--config', twoPools, '--out', out, '--layout', 'per-resource').code, 0);
    fs.writeFileSync(path.join(out, 'README.md'), 'mine');
    const onePool = writeTemp('workers.yaml', 'pools:\n  - {name: a, image: i, job: {}}\n');
    assert.equal(cli('synth', '--config', onePool, '--out', out, '--layout', 'per-resource').code, 0);
    assert.deepEqual(fs.readdirSync(out).sort(), ['.cdk8s-workers', 'README.md', 'job-a-worker.yaml']);
    assert.equal(fs.readFileSync(path.join(out, 'README.md'), 'utf8'), 'mine');
  });

  it('leaves the previous output exactly as it was when synth fails', () => {
    const out = path.join(tempDir(), 'out');
    assert.equal(cli('synth', '--config', EXAMPLE, '--out', out).code, 0);
    const before = snapshotTree(out);
    const broken = writeTemp('workers.yaml', 'pools:\n  - {name: a, image: i, job: {workers: -1}}\n');
    expectInputError(cli('synth', '--config', broken, '--out', out), 'pools[0].job.workers');
    assert.deepEqual(snapshotTree(out), before);
  });

  it('refuses an output path that is a file or a directory it did not write', () => {
    const file = writeTemp('taken', 'x');
    expectInputError(cli('synth', '--config', EXAMPLE, '--out', file), 'is a file');
    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, 'other.yaml'), 'x');
    expectInputError(cli('synth', '--config', EXAMPLE, '--out', foreign), 'holds files cdk8s-workers did not write');
    assert.deepEqual(fs.readdirSync(foreign), ['other.yaml']);
  });

  it('answers bad flags with exit 2 and a hint', () => {
    expectInputError(cli('synth', '--layout', 'kustomise'), '--layout: received "kustomise"', '(did you mean "kustomize"?)');
    expectInputError(cli('synth', '--outdir', 'x'), "Unknown option '--outdir'");
    expectInputError(cli('synht'), 'unknown command "synht"', '(did you mean "synth"?)');
    expectInputError(cli('synth', '--config', 'missing.yaml'), 'missing.yaml: no such file');
    expectInputError(cli('synth', '--name', 'x'), '--name goes with --dialect');
    expectInputError(cli('synth', '--dialect', 'pystilt'), '--dialect pystilt needs --config FILE');
    expectInputError(cli('synth', '--dialect', 'prefekt', '--config', 'x'), '(did you mean "prefect"?)');
  });

  it('prints its usage, every dialect with what it reads', () => {
    const help = cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /cdk8s-workers synth +\[--config FILE\]/);
    for (const dialect of ['pystilt', 'magnus', 'metaflow', 'prefect', 'state-machine']) assert.match(help.stdout, new RegExp(`\\n  ${dialect} +\\S`));
  });

  it('validates without writing, and prints the schema', () => {
    const cwd = tempDir();
    const result = cliProcess(['validate', '--config', path.join(REPO, EXAMPLE)], { cwd });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /valid/);
    assert.deepEqual(fs.readdirSync(cwd), []);
    const schema = cli('schema');
    assert.deepEqual(JSON.parse(schema.stdout), FLEET_SCHEMA);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(REPO, 'schema', 'workers.schema.json'), 'utf8')), FLEET_SCHEMA);
  });
});
