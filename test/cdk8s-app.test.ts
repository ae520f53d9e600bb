import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli, REPO } from './support/cli';
import { tempDir } from './support/files';

describe('cdk8s synth', () => {
  it('renders the bundled example through cdk8s.yaml into the same manifests as the CLI', () => {
    const outdir = path.join(tempDir(), 'cdk8s-out');
    const result = spawnSync(path.join(REPO, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', outdir], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const viaCdk8s = fs.readFileSync(path.join(outdir, 'workers.k8s.yaml'), 'utf8');
    assert.equal(viaCdk8s, cli('synth', '--stdout').stdout);
  });
});
