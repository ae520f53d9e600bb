import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { manifestToYaml } from '../src/synth/yaml';
import { REPO } from './support/cli';

const reference = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' });

const trickyScalars = fc.constantFrom(
  'true', 'null', '1', '0x1', '-', '- a', 'a: b', '#x', 'a #b', ' a', 'a ', '', "it's", 'say "hi"', 'gs://b/p',
  'ghcr.io/x:1', 'a\nb', '~', '.inf', 'yes', 'on', '1e3', '0o7', '@x', '`x', '{a}', '[a]', '*a', '&a', '!a', '%a', '|', '>',
  "SELECT COUNT(*) FROM queue WHERE status = 'pending'", 'y', 'N', 'Off', 'YES', '2001-12-14', '0777', '1:20',
);
const scalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), trickyScalars);
const key = fc.oneof(fc.string(), fc.constantFrom('a', 'app.kubernetes.io/name', 'true', '1', 'a b', '- x', 'ephemeral-storage'));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;

describe('YAML writer', () => {
  it('writes every golden object byte for byte as the yaml library does', () => {
    const dir = path.join(REPO, 'snapshots');
    let documents = 0;
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.yaml'))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
        const value = doc.toJS();
        assert.equal(manifestToYaml(value), reference(value), file);
        documents++;
      }
    }
    assert.ok(documents >= 10, `only ${documents} golden documents found`);
  });

  it('quotes what kubectl, reading YAML 1.1, would take for a boolean or a number', () => {
    for (const word of ['on', 'off', 'yes', 'no', 'y', 'n', 'On', 'NO']) {
      assert.equal(manifestToYaml({ args: [word], [word]: word }), `args:\n  - "${word}"\n"${word}": "${word}"\n`);
    }
    assert.equal(manifestToYaml({ value: '0777' }), 'value: "0777"\n');
  });

  it('agrees with the yaml library on random trees of awkward scalars and keys', () => {
    fc.assert(fc.property(fc.dictionary(key, tree, { minKeys: 1 }), (value) => manifestToYaml(value) === reference(value)), { numRuns: Number(process.env.YAML_FUZZ_RUNS ?? 3000) });
  });
});
