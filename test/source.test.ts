import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { InputError } from '../src';
import { MAX_ALIAS_EXPANSION_NODES, SourceDocument } from '../src/config/source';

const EDGE_CASES = [
  'a: 1_000', 'a: 0b101', 'a: 0o17', 'a: 017', 'a: 0x1F', 'a: 1.5e3', 'a: .5', 'a: +1', 'a: .inf', 'a: -.Inf', 'a: .NaN',
  'a: 2020-01-01', 'a: !!str 1', 'a: yes', 'a: -0', 'a: "\\x41"', 'a: 12:30', 'a: ~', 'a:', '<<: {b: 1}', 'a: &x 1\nb: *x',
  "q: SELECT COUNT(*) FROM queue WHERE status = 'pending'", 'a: [1, "2", {b: c}]', 'a: |\n  text\n  more\n', 'a: >-\n  folded\n  text\n',
  '{"json": [1, 2, {"x": null}]}', 'a: True\nb: FALSE\nc: Null',
];

/** -0 and 0 are the same count to every consumer of a config. */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]));
  return value;
}

describe('SourceDocument', () => {
  it('reads the same values as the yaml library, whichever parser takes the text', () => {
    for (const text of EDGE_CASES) assert.deepEqual(withoutNegativeZero(SourceDocument.parse('t.yaml', text).data), withoutNegativeZero(parse(text)), text);
  });

  it('agrees with the yaml library on random documents, block and flow', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1 }), tree, { minKeys: 1 }), fc.boolean(), (value, flow) => {
      const text = stringify(value, { collectionStyle: flow ? 'flow' : 'block' });
      assert.deepEqual(withoutNegativeZero(SourceDocument.parse('t.yaml', text).data), withoutNegativeZero(parse(text)));
    }), { numRuns: 1000 });
  });

  it('locates values and keys by path, parsing for positions only when asked', () => {
    const source = SourceDocument.parse('t.yaml', 'pools:\n  - name: a\n    image: x\n');
    assert.deepEqual(source.position(['pools', 0, 'image']), { line: 3, col: 12 });
    assert.deepEqual(source.position(['pools', 0, 'image'], true), { line: 3, col: 5 });
    assert.deepEqual(source.position(['pools', 0, 'missing']), { line: 2, col: 5 });
  });

  it('answers an alias bomb at once, with an input error', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 12; level++) lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
    const started = Date.now();
    assert.throws(() => SourceDocument.parse('bomb.yaml', lines.join('\n')), (error: unknown) => error instanceof InputError && /aliases/.test(error.message));
    assert.ok(Date.now() - started < 1000);
  });

  it('reports YAML errors with their line and column', () => {
    assert.throws(() => SourceDocument.parse('t.yaml', 'a: 1\na: 2\n'), /t\.yaml:2:1: invalid YAML: Map keys must be unique/);
    assert.throws(() => SourceDocument.parse('t.yaml', 'a: [1, 2\n'), /t\.yaml:\d+:\d+: invalid YAML/);
  });

  it('counts what aliases expand to on the parsed document, whatever the spelling of the anchor', () => {
    const levels = (open: (name: string) => string, use: (name: string) => string) => {
      const lines = [`${open('a')} ["x","x","x","x","x","x","x","x","x"]`];
      for (let level = 1; level < 8; level++) lines.push(`${open(String.fromCharCode(97 + level))} [${Array(9).fill(use(String.fromCharCode(96 + level))).join(',')}]`);
      return lines;
    };
    const spellings = [
      levels((name) => `${name}: &${name}`, (name) => `*${name}`).join('\n'),
      `{${levels((name) => `"${name}":&${name}`, (name) => `*${name}`).join(',')}}`,
      `{${levels((name) => `"${name}": !!seq &${name}`, (name) => `*${name}`).join(',')}}`,
    ];
    for (const text of spellings) {
      const started = Date.now();
      assert.throws(() => SourceDocument.parse('bomb.yaml', text), (error: unknown) => error instanceof InputError && error.message.includes(`YAML aliases expand the document by more than ${MAX_ALIAS_EXPANSION_NODES} values`), text.slice(0, 40));
      assert.ok(Date.now() - started < 1000);
    }
  });

  it('takes the fast parser when & and * are only text, and the careful one for any anchor or alias', () => {
    const parsedCarefully = (text: string) => (SourceDocument.parse('t.yaml', text) as unknown as { positioned?: unknown }).positioned !== undefined;
    const text = [
      "q: \"SELECT COUNT(*) FROM queue\"", 'url: https://x.test/?a=1&b=2', "s: 'R&D *'", 'plain: a&b *c', 'list: [x&y, "*z"]', '# &anchor *alias in a comment',
    ].join('\n');
    assert.equal(parsedCarefully(text), false, text);
    assert.deepEqual(SourceDocument.parse('t.yaml', text).data, parse(text));
    for (const withAnchor of ['a: &x 1\nb: *x', 'a: &x 1', '{"a":&x [1],"b":*x}', 'a: !!seq &x [1]', 'a: [&x 1, *x]', `${text}\nlast: &l {k: v}`]) {
      assert.equal(parsedCarefully(withAnchor), true, withAnchor);
      assert.deepEqual(SourceDocument.parse('t.yaml', withAnchor).data, parse(withAnchor), withAnchor);
    }
  });

  it('keeps aliases that repeat a little, and refuses one that names itself or comes before its anchor', () => {
    const env = 'env: &env {A: "1", B: "2"}\npools: [{name: a, env: *env}, {name: b, env: *env}]\n';
    assert.deepEqual(SourceDocument.parse('t.yaml', env).data, parse(env));
    assert.throws(() => SourceDocument.parse('t.yaml', 'a: *x\nb: &x 1\n'), /t\.yaml:1:4: .*before its anchor|t\.yaml:1:\d+: invalid YAML/);
    assert.throws(() => SourceDocument.parse('t.yaml', 'a: &x [1, *x]\n'), (error: unknown) => error instanceof InputError);
  });

  it('says when YAML changed how a number or boolean was written, and only then', () => {
    const source = SourceDocument.parse('t.yaml', 'env: {A: 3.10, B: 0x1F, C: 42, D: "3.10", E: true, F: True, G: 12345678901234567890, H: -0}\n');
    const problem = (key: string) => source.rewrittenScalarProblem(['env', key], (source.data as { env: Record<string, unknown> }).env[key]);
    assert.equal(problem('A'), 'received 3.10, which YAML reads as the number 3.1: write "3.10" in quotes to keep it as written');
    assert.match(problem('B') ?? '', /the number 31: write "0x1F"/);
    assert.equal(problem('C'), undefined);
    assert.equal(problem('D'), undefined);
    assert.equal(problem('E'), undefined);
    assert.match(problem('F') ?? '', /the boolean true: write "True"/);
    assert.match(problem('G') ?? '', /the number 12345678901234567000/);
    assert.match(problem('H') ?? '', /received -0, which YAML reads as the number 0/);
  });
});
