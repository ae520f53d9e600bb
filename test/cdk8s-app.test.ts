import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli, cliProcess, REPO } from './support/cli';
import { tempDir, writeTemp } from './support/files';
import { assertOneCompleteRun } from './support/output-dir';

function cdk8sSynth(outdir: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(path.join(REPO, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', outdir], {
    cwd: REPO, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env },
  });
}

describe('cdk8s synth', () => {
  it('renders the bundled example through cdk8s.yaml into the same manifests as the CLI, with an ownership file', () => {
    const outdir = path.join(tempDir(), 'cdk8s-out');
    const result = cdk8sSynth(outdir);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const viaCdk8s = assertOneCompleteRun(outdir);
    assert.deepEqual(Object.keys(viaCdk8s), ['workers.k8s.yaml']);
    assert.equal(viaCdk8s['workers.k8s.yaml'], cli('synth', '--stdout').stdout);
  });

  it('shares the output directory with the CLI in either order', () => {
    const outdir = path.join(tempDir(), 'dist');
    assert.equal(cdk8sSynth(outdir).status, 0);
    const cliAfterCdk8s = cliProcess(['synth', '--out', outdir]);
    assert.equal(cliAfterCdk8s.code, 0, cliAfterCdk8s.stderr);
    assert.deepEqual(Object.keys(assertOneCompleteRun(outdir)), ['workers.k8s.yaml']);
    const perResource = cliProcess(['synth', '--out', outdir, '--layout', 'per-resource']);
    assert.equal(perResource.code, 0, perResource.stderr);
    const cdk8sAfterCli = cdk8sSynth(outdir);
    assert.equal(cdk8sAfterCli.status, 0, cdk8sAfterCli.stderr);
    assert.deepEqual(Object.keys(assertOneCompleteRun(outdir)), ['workers.k8s.yaml']);
  });

  it('reports a bad config as the CLI does, without a stack of its own', () => {
    const broken = writeTemp('workers.yaml', 'pools:\n  - {name: a, image: i, job: {workers: -1}}\n');
    const result = cdk8sSynth(path.join(tempDir(), 'out'), { WORKERS_CONFIG: broken });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: pools\\[0\\]\\.job\\.workers: received -1`));
    assert.doesNotMatch(result.stderr, /InputError/);
  });
});
