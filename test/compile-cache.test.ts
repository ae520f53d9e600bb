import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cliProcess, REPO } from './support/cli';
import { tempDir } from './support/files';

const EXAMPLE = path.join(REPO, 'examples', 'workers.yaml');

/** The CLI with its compile cache in a directory of the test's own. */
function synthWithCache(cacheHome: string, extraEnv: Record<string, string> = {}) {
  return cliProcess(['synth', '--config', EXAMPLE, '--stdout'], { env: { XDG_CACHE_HOME: cacheHome, ...extraEnv } });
}

function cacheFiles(cacheHome: string): string[] {
  const dir = path.join(cacheHome, 'cdk8s-workers');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
}

describe('the compile cache of the command line', () => {
  it('is written by the first run, private to the user, and read, not rewritten, by the next', () => {
    const home = tempDir();
    const first = synthWithCache(home);
    assert.equal(first.code, 0, first.stderr);
    const [file, ...others] = cacheFiles(home);
    assert.ok(file, 'a cache file is written');
    assert.deepEqual(others, []);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    const written = fs.statSync(file).mtimeMs;
    const second = synthWithCache(home);
    assert.equal(second.stdout, first.stdout);
    assert.equal(fs.statSync(file).mtimeMs, written, 'V8 accepted the cache: nothing to rewrite');
  });

  it('compiles afresh, with the same output, from a damaged cache or one others may write, and replaces it', () => {
    const home = tempDir();
    const expected = synthWithCache(home).stdout;
    const [file] = cacheFiles(home);
    for (const [bytes, mode] of [[Buffer.from('not V8 code'), 0o600], [fs.readFileSync(file), 0o666]] as const) {
      fs.writeFileSync(file, bytes);
      fs.chmodSync(file, mode);
      const run = synthWithCache(home);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, expected);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.ok(fs.readFileSync(file).length > 1000, 'a fresh cache replaced it');
    }
  });

  it(`writes nothing with CDK8S_WORKERS_NO_COMPILE_CACHE=1, and runs where no cache can be written`, () => {
    const home = tempDir();
    const off = synthWithCache(home, { CDK8S_WORKERS_NO_COMPILE_CACHE: '1' });
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(cacheFiles(home), []);
    const unwritable = path.join(tempDir(), 'a-file');
    fs.writeFileSync(unwritable, '');
    const blocked = synthWithCache(unwritable);
    assert.equal(blocked.code, 0, blocked.stderr);
    assert.equal(blocked.stdout, off.stdout);
  });
});
