import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { REPO } from './support/cli';
import { packedApp, run } from './support/packed-app';
import { assertValidManifests } from './support/strict-schema';


const PLATFORM_APP = `import { App, Chart } from 'cdk8s';
import { WorkerPool } from 'cdk8s-workers';

class Platform extends Chart {
  constructor(scope: App, id: string) {
    super(scope, id, { namespace: 'platform', disableResourceNameHashes: true });
    new WorkerPool(this, 'Sims', {
      name: 'sims',
      namespace: 'platform',
      image: 'registry.example.com/sims:3.1.0',
      resources: { cpu: '2', memory: '8Gi' },
      job: { workers: 16 },
      follow: {
        args: ['--follow'],
        autoscale: { maxReplicas: 20, triggers: [{ type: 'redis', metadata: { listName: 'sims', listLength: 10, address: 'redis:6379' } }] },
      },
    });
  }
}

const app = new App();
new Platform(app, 'platform');
app.synth();
`;

describe('the packed package', () => {
  it('installs into a separate cdk8s app that composes a WorkerPool into its own Chart, and its CLI runs', () => {
    const app = packedApp('cdk8s-workers-pack-', PLATFORM_APP);
    const manifests = parseAllDocuments(fs.readFileSync(path.join(app, 'dist', 'platform.k8s.yaml'), 'utf8')).map((doc) => doc.toJS());
    assert.deepEqual(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort(), [
      'Deployment/sims-follow', 'Job/sims-worker', 'ScaledObject/sims-follow-scaler',
    ]);
    assertValidManifests(manifests);

    const bin = path.join(app, 'node_modules', '.bin', 'cdk8s-workers');
    const installed = path.join(app, 'node_modules', 'cdk8s-workers');
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.equal(run(bin, ['--version'], { cwd: app }), `${version}\n`);
    assert.match(run(bin, ['--help'], { cwd: app }), /cdk8s-workers init +\[--out FILE\]/);
    for (const command of ['synth', 'validate', 'schema', 'init']) {
      assert.match(run(bin, [command, '--help'], { cwd: app }), new RegExp(`^cdk8s-workers ${command}: `));
    }

    const missing = spawnSync(bin, ['synth'], { cwd: app, encoding: 'utf8' });
    assert.equal(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /no workers\.yaml in .*run cdk8s-workers init/);
    assert.ok(!fs.existsSync(path.join(app, 'dist', 'workers.k8s.yaml')));

    run(bin, ['init'], { cwd: app });
    const starter = fs.readFileSync(path.join(app, 'workers.yaml'), 'utf8');
    assert.match(starter, /^# yaml-language-server: \$schema=\.\/node_modules\/cdk8s-workers\/schema\/workers\.schema\.json\n/);
    assert.ok(fs.existsSync(path.join(installed, 'schema', 'workers.schema.json')));
    const validate = spawnSync(bin, ['validate'], { cwd: app, encoding: 'utf8' });
    assert.equal(validate.status, 0, validate.stderr);
    assert.equal(validate.stderr, 'validate: using workers.yaml\nworkers.yaml: valid\n');
    const fleet = parseAllDocuments(run(bin, ['synth', '--stdout'], { cwd: app })).map((doc) => doc.toJS());
    assert.deepEqual(fleet.map((m) => m.kind), ['Job']);
    assertValidManifests(fleet);
    run(bin, ['synth', '--out', 'manifests'], { cwd: app });
    assert.ok(fs.existsSync(path.join(app, 'manifests', 'workers.k8s.yaml')));

    const cdk8s = path.join(REPO, 'node_modules', '.bin', 'cdk8s');
    fs.writeFileSync(path.join(app, 'cdk8s.yaml'), 'language: typescript\napp: node node_modules/cdk8s-workers/lib/main.js\n');
    run(cdk8s, ['synth', '--no-check-upgrade', '--output', 'cdk8s-out'], { cwd: app });
    assert.equal(fs.readFileSync(path.join(app, 'cdk8s-out', 'workers.k8s.yaml'), 'utf8'), run(bin, ['synth', '--stdout'], { cwd: app }));
    fs.writeFileSync(path.join(app, 'broken.yaml'), 'pools:\n  - {name: a, image: i, job: {workers: 0}}\n');
    const broken = spawnSync(cdk8s, ['synth', '--output', 'cdk8s-out'], { cwd: app, encoding: 'utf8', env: { ...process.env, WORKERS_CONFIG: 'broken.yaml', CDK8S_CHECK_UPGRADE: 'false' } });
    assert.notEqual(broken.status, 0);
    assert.match(broken.stderr, /broken\.yaml:2:40: pools\[0\]\.job\.workers: received 0, expected a number >= 1/);
    assert.doesNotMatch(broken.stderr, /InputError|lib\/main\.js:\d+/);

    const examples = path.join(installed, 'examples', 'workers.yaml');
    assert.equal(parseAllDocuments(run(bin, ['synth', '--config', examples, '--stdout'], { cwd: app })).length, 6);
    const template = path.join(app, 'node_modules', 'cdk8s-workers', 'templates', 'worker-job.yaml');
    const prefect = parseAllDocuments(run(bin, ['synth', '--dialect', 'prefect', '--config', template, '--set', 'name=etl', '--set', 'image=img:1', '--stdout'], { cwd: app }));
    assert.equal(prefect[0].toJS().metadata.name, 'etl');

    const probe = (code: string) => run(process.execPath, ['-e', code], { cwd: app }).trim();
    assert.equal(probe(`console.log(require('cdk8s-workers/package.json').version)`), version);
    assert.equal(probe(`console.log(require('cdk8s-workers/schema/workers.schema.json').type)`), 'object');
    const api = JSON.parse(probe(`console.log(JSON.stringify(Object.keys(require('cdk8s-workers'))))`));
    for (const name of ['WorkerFleet', 'WorkerPool', 'WorkerJob', 'FollowDeployment', 'ServeDeployment', 'QueueScaler', 'loadFleetConfig', 'synthFleet', 'FLEET_SCHEMA', 'InputError']) {
      assert.ok(api.includes(name), `${name} is not exported`);
    }
    for (const name of ['runCli', 'findPlaceholders', 'UNSET', 'PREFECT', 'translatePrefect', 'layoutFiles']) assert.ok(!api.includes(name), `${name} is exported`);
    const deep = spawnSync(process.execPath, ['-e', `require('cdk8s-workers/lib/cli/run')`], { cwd: app, encoding: 'utf8' });
    assert.match(deep.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
