import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { cli, expectInputError, REPO } from './cli';
import { snapshotTree, tempDir } from './files';

/** One hostile input: the files it needs, the arguments, and what the message must name. */
export interface HostileCase {
  readonly name: string;
  /** File name → content; `$DIR/<name>` in args is replaced by the file's path. */
  readonly files?: Record<string, string | Buffer>;
  readonly args: string[];
  /** Fragments the message must contain; `$FILE` is the first file's path. */
  readonly expect: string[];
}

/** Runs hostile cases: exit 2, the fragments named, no stack trace, the output directory untouched. */
export function runHostileCases(cases: readonly HostileCase[]): void {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const dir = tempDir();
      for (const [name, content] of Object.entries(testCase.files ?? {})) fs.writeFileSync(path.join(dir, name), content);
      const firstFile = path.join(dir, Object.keys(testCase.files ?? { none: '' })[0]);
      const out = path.join(dir, 'out');
      assert.equal(cli('synth', '--config', path.join(REPO, 'examples', 'workers.yaml'), '--out', out).code, 0);
      const before = snapshotTree(out);
      const args = testCase.args.map((arg) => arg.replace('$DIR', dir));
      const writesOut = args[0] === 'synth' && !args.includes('--stdout') && !args.includes('--out');
      const started = Date.now();
      const result = cli(...(writesOut ? [...args, '--out', out] : args));
      expectInputError(result, ...testCase.expect.map((fragment) => fragment.replace('$FILE', firstFile)));
      assert.ok(Date.now() - started < 5000, 'answered in under five seconds');
      assert.deepEqual(snapshotTree(out), before, 'the previous output is untouched');
    });
  }
}

