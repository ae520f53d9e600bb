import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { cli, REPO } from './support/cli';
import { tempDir } from './support/files';

/** The bench fleet of `pools` pools, as bench/run.mjs generates it. */
function benchFleet(dir: string, pools: number): string {
  const script = `import { fleetYaml } from ${JSON.stringify(path.join(REPO, 'bench', 'fleet.mjs'))}; process.stdout.write(fleetYaml(${pools}));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const file = path.join(dir, 'fleet.yaml');
  fs.writeFileSync(file, result.stdout);
  return file;
}

function floor(config: string, out: string, format: 'json' | 'yaml'): string {
  const result = spawnSync(process.execPath, [path.join(REPO, 'bench', 'floor.cjs'), config, out, format], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return fs.readFileSync(out, 'utf8');
}

describe('the bench floor', () => {
  it('does the same job as synth: with our YAML writer, byte for byte synth\'s single layout', () => {
    const dir = tempDir();
    const config = benchFleet(dir, 3);
    assert.equal(cli('synth', '--config', config, '--out', path.join(dir, 'out')).code, 0);
    const ours = fs.readFileSync(path.join(dir, 'out', 'workers.k8s.yaml'), 'utf8');
    assert.equal(floor(config, path.join(dir, 'floor.yaml'), 'yaml'), ours);
  });

  it('writes the same objects with JSON.stringify, one a line', () => {
    const dir = tempDir();
    const config = benchFleet(dir, 3);
    const ours = parseAllDocuments(cli('synth', '--config', config, '--stdout').stdout).map((doc) => doc.toJS());
    const lines = floor(config, path.join(dir, 'floor.json'), 'json').trim().split('\n');
    assert.equal(ours.length, 18);
    assert.deepEqual(lines.map((line) => JSON.parse(line)), ours);
  });

  it('in parse mode reads the config and writes nothing, and fails on a file that is not a fleet', () => {
    const dir = tempDir();
    const config = benchFleet(dir, 3);
    const run = (file: string) => spawnSync(process.execPath, [path.join(REPO, 'bench', 'floor.cjs'), file, path.join(dir, 'out'), 'parse'], { encoding: 'utf8' });
    assert.equal(run(config).status, 0);
    assert.equal(fs.existsSync(path.join(dir, 'out')), false);
    const notAFleet = path.join(dir, 'other.yaml');
    fs.writeFileSync(notAFleet, 'namespace: bench\n');
    const refused = run(notAFleet);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /holds no pools/);
  });
});
