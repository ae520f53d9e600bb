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

  it('uses ./workers.yaml when no --config names one, says so on stderr, and writes dist/', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'workers.yaml'), 'pools:\n  - name: local\n    image: img:1\n    job: {}\n');
    const printed = cliProcess(['synth', '--stdout'], { cwd });
    assert.equal(printed.stderr, 'synth: using workers.yaml\n');
    assert.match(printed.stdout, /name: local-worker/);
    assert.equal(cliProcess(['validate'], { cwd }).stderr, 'validate: using workers.yaml\nworkers.yaml: valid\n');
    const result = cliProcess(['synth'], { cwd });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^synth: using workers\.yaml\n/);
    assert.match(fs.readFileSync(path.join(cwd, 'dist', 'workers.k8s.yaml'), 'utf8'), /name: local-worker/);
  });

  it('never falls back to the bundled example: without a config it points to init, writes nothing and exits 2', () => {
    const cwd = tempDir();
    for (const command of ['synth', 'validate']) {
      const result = cliProcess([command], { cwd });
      expectInputError(result, `no workers.yaml in ${fs.realpathSync(cwd)}`, 'run cdk8s-workers init', '--config FILE');
      assert.equal(result.stdout, '');
    }
    assert.deepEqual(fs.readdirSync(cwd), []);
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
    expectInputError(cli('schema', '--config', EXAMPLE), '--config does not go with schema');
    expectInputError(cli('init', '--layout', 'kustomize'), '--layout does not go with init, expected only: --out, --force');
    expectInputError(cli('help', 'synht'), 'unexpected argument "synht"');
  });

  it('prints its version from package.json', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    for (const args of [['--version'], ['synth', '--version']]) {
      const result = cliProcess(args);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `${version}\n`);
    }
  });

  it("prints each command's own help for COMMAND --help and help COMMAND", () => {
    const expected: Record<string, RegExp[]> = {
      synth: [/^cdk8s-workers synth: /, /--layout L/, /--stdout/, /--dialect NAME/, /or - to read it from standard input/],
      validate: [/^cdk8s-workers validate: /, /--config FILE/, /Exit codes: 0 valid/],
      schema: [/^cdk8s-workers schema: /, /node_modules\/cdk8s-workers\/schema\/workers\.schema\.json/],
      init: [/^cdk8s-workers init: /, /--out FILE/, /--force/],
    };
    for (const [command, patterns] of Object.entries(expected)) {
      for (const args of [[command, '--help'], [command, '-h'], ['help', command]]) {
        const result = cli(...args);
        assert.equal(result.code, 0, result.stderr);
        for (const pattern of patterns) assert.match(result.stdout, pattern, `${args.join(' ')}`);
        assert.doesNotMatch(result.stdout, /\ndialects:/, `${args.join(' ')} printed the global help`);
      }
    }
    assert.doesNotMatch(cli('init', '--help').stdout, /--layout/);
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

describe('cdk8s-workers init', () => {
  it('writes a starter workers.yaml that validates and synthesizes, with a $schema line that resolves and comments', () => {
    const cwd = tempDir();
    const init = cliProcess(['init'], { cwd });
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stderr, /init: wrote workers\.yaml/);
    const text = fs.readFileSync(path.join(cwd, 'workers.yaml'), 'utf8');
    const schemaLine = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
    assert.ok(schemaLine, text.slice(0, 200));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.resolve(cwd, schemaLine[1]), 'utf8')), FLEET_SCHEMA);
    for (const key of ['namespace', 'defaults', 'pools', 'name', 'image', 'command', 'resources', 'job', 'follow', 'serve']) {
      assert.match(text, new RegExp(`#.*\\n\\s*#?\\s*(- )?${key}:`), `no comment before ${key}`);
    }
    assert.equal(cliProcess(['validate'], { cwd }).code, 0);
    const synth = cliProcess(['synth', '--stdout'], { cwd });
    assert.equal(synth.code, 0, synth.stderr);
    assertValidManifests(parseStream(synth.stdout));
  });

  it('keeps valid when the commented keys are switched on', () => {
    const cwd = tempDir();
    assert.equal(cliProcess(['init'], { cwd }).code, 0);
    const text = fs.readFileSync(path.join(cwd, 'workers.yaml'), 'utf8');
    const uncommented = text.replace(/^    # (secretEnv|follow|serve|  )/gm, '    $1');
    fs.writeFileSync(path.join(cwd, 'full.yaml'), uncommented);
    const synth = cliProcess(['synth', '--config', 'full.yaml', '--stdout'], { cwd });
    assert.equal(synth.code, 0, synth.stderr);
    const manifests = parseStream(synth.stdout);
    assert.deepEqual(manifests.map((m) => m.kind), ['Job', 'Deployment', 'ScaledObject', 'Deployment', 'Service']);
    assertValidManifests(manifests);
  });

  it('refuses to overwrite without --force, exit 2, and replaces with it', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'workers.yaml'), 'mine\n');
    expectInputError(cliProcess(['init'], { cwd }), 'workers.yaml: already exists', '--force');
    assert.equal(fs.readFileSync(path.join(cwd, 'workers.yaml'), 'utf8'), 'mine\n');
    assert.deepEqual(fs.readdirSync(cwd), ['workers.yaml']);
    assert.equal(cliProcess(['init', '--force'], { cwd }).code, 0);
    assert.match(fs.readFileSync(path.join(cwd, 'workers.yaml'), 'utf8'), /^# yaml-language-server/);
    assert.deepEqual(fs.readdirSync(cwd), ['workers.yaml']);
  });

  it('writes where --out says, the $schema path relative to that file', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'deploy'));
    assert.equal(cliProcess(['init', '--out', 'deploy/fleet.yaml'], { cwd }).code, 0);
    const text = fs.readFileSync(path.join(cwd, 'deploy', 'fleet.yaml'), 'utf8');
    const schema = /\$schema=(\S+)/.exec(text)![1];
    assert.ok(fs.existsSync(path.resolve(cwd, 'deploy', schema)), schema);
    expectInputError(cliProcess(['init', '--out', 'missing/fleet.yaml'], { cwd }), 'does not exist');
  });
});
