import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  findPlaceholders,
  isWholePlaceholder,
  lookupPath,
  placeholdersIn,
  RenderLimitError,
  renderTemplate,
  rootName,
  textOf,
  UNSET,
} from '../src/templates/placeholders';

const values: Record<string, unknown> = {
  image: 'repo/app:1.0',
  replicas: 3,
  debug: false,
  env: { A: 'b', HOME: '/home/app' },
  args: ['run', '--fast'],
  memory: 512,
  nested: { list: [{ name: 'first' }] },
  empty: '',
};
const lookup = (name: string) => lookupPath(values, name);

describe('findPlaceholders', () => {
  it('finds {{ name }} with any whitespace inside the braces, in order', () => {
    assert.deepEqual(findPlaceholders('{{image}} {{ image }} {{   replicas\t}}').map((p) => [p.text, p.name, p.index]), [
      ['{{image}}', 'image', 0], ['{{ image }}', 'image', 10], ['{{   replicas\t}}', 'replicas', 22],
    ]);
  });

  it('takes dotted, indexed, dashed and $ names, and nothing that is not a placeholder', () => {
    assert.deepEqual(findPlaceholders('{{ env.HOME }}{{ nested.list[0].name }}{{ a-b }}{{ $HOME }}').map((p) => p.name),
      ['env.HOME', 'nested.list[0].name', 'a-b', '$HOME']);
    assert.deepEqual(findPlaceholders('{ {x} } {{ }} {{ a b }} {{x'), []);
  });

  it('tells a whole-value placeholder from one inside text', () => {
    assert.equal(isWholePlaceholder('{{ image }}'), true);
    assert.equal(isWholePlaceholder(' {{ image }}'), false);
    assert.equal(isWholePlaceholder('{{ a }}{{ a }}'), false);
    assert.equal(isWholePlaceholder('{{ memory }}Mi'), false);
  });

  it('lists every placeholder in a tree with its path, never in keys', () => {
    const uses = placeholdersIn({ '{{ key }}': 'x', spec: [{ image: '{{ image }}' }, 'v{{ replicas }}'], n: 1 }, ['root']);
    assert.deepEqual(uses.map((use) => [use.path, use.name, use.whole]), [
      [['root', 'spec', 0, 'image'], 'image', true],
      [['root', 'spec', 1], 'replicas', false],
    ]);
  });

  it('names the variable a dotted or indexed placeholder reads', () => {
    assert.equal(rootName('env.HOME'), 'env');
    assert.equal(rootName('items[0].name'), 'items');
    assert.equal(rootName('image'), 'image');
  });
});

describe('renderTemplate', () => {
  it('replaces a whole-value placeholder by the value, keeping its type', () => {
    const rendered = renderTemplate({ env: '{{ env }}', args: '{{ args }}', replicas: '{{ replicas }}', debug: '{{ debug }}' }, lookup);
    assert.deepEqual(rendered, { env: { A: 'b', HOME: '/home/app' }, args: ['run', '--fast'], replicas: 3, debug: false });
  });

  it('removes a key, or a list item, whose whole-value placeholder has no value', () => {
    assert.deepEqual(renderTemplate({ ttl: '{{ missing }}', keep: 1 }, lookup), { keep: 1 });
    assert.deepEqual(renderTemplate(['{{ missing }}', '{{ image }}', 'x'], lookup), ['repo/app:1.0', 'x']);
    assert.equal(renderTemplate('{{ missing }}', lookup), UNSET);
  });

  it('writes the text of a placeholder inside a longer string, and nothing when it has no value', () => {
    assert.deepEqual(renderTemplate({ memory: '{{ memory }}Mi', tag: 'v{{ missing }}-{{ replicas }}', flag: '--debug={{ debug }}' }, lookup),
      { memory: '512Mi', tag: 'v-3', flag: '--debug=false' });
    assert.equal(renderTemplate('{{ image }}{{ image }}', lookup), 'repo/app:1.0repo/app:1.0');
    assert.equal(renderTemplate(' {{ replicas }}', lookup), ' 3');
  });

  it('writes mappings and lists inside text as JSON, or as the text option says', () => {
    assert.equal(renderTemplate('env={{ env }}', lookup), 'env={"A":"b","HOME":"/home/app"}');
    assert.equal(renderTemplate('debug={{ debug }}', lookup, { text: (value) => (value === false ? 'False' : textOf(value)) }), 'debug=False');
  });

  it('reads dotted and indexed names, whole or inside text', () => {
    assert.deepEqual(renderTemplate({ home: '{{ env.HOME }}', first: 'name={{ nested.list[0].name }}', gone: '{{ env.NOPE }}' }, lookup),
      { home: '/home/app', first: 'name=first' });
  });

  it('renders each value once: a value that itself holds {{ }} stays as it is', () => {
    const twice = (name: string) => ({ a: '{{ b }}', b: 'B' } as Record<string, string>)[name];
    assert.equal(renderTemplate('{{ a }}', twice), '{{ b }}');
    assert.equal(renderTemplate('x {{ a }} {{ b }}', twice), 'x {{ b }} B');
  });

  it('copies what has no placeholders and never changes its inputs', () => {
    const template = { spec: { n: 1, on: true, none: null, list: [1, 'a'], env: '{{ env }}' } };
    const before = JSON.stringify(template);
    const rendered = renderTemplate(template, lookup) as any;
    assert.equal(JSON.stringify(template), before);
    rendered.spec.env.A = 'changed';
    assert.equal((values.env as Record<string, string>).A, 'b');
    assert.deepEqual(rendered.spec.list, [1, 'a']);
    assert.equal(rendered.spec.none, null);
  });

  it('leaves trees without placeholders equal to themselves', () => {
    const plain = fc.jsonValue().filter((value) => !JSON.stringify(value).includes('{{'));
    fc.assert(fc.property(plain, (tree) => {
      assert.deepEqual(renderTemplate(tree, () => 'x'), tree);
    }));
  });
});

describe('lookupPath', () => {
  it('walks mappings and lists and stops at anything missing', () => {
    assert.equal(lookupPath(values, 'nested.list[0].name'), 'first');
    assert.equal(lookupPath(values, 'nested.list.0.name'), 'first');
    assert.equal(lookupPath(values, 'nested.list[5].name'), undefined);
    assert.equal(lookupPath(values, 'image.length'), undefined);
    assert.equal(lookupPath(values, 'empty'), '');
  });

  it('reads only own keys, never the prototype', () => {
    assert.equal(lookupPath(values, 'constructor'), undefined);
    assert.equal(lookupPath(values, '__proto__'), undefined);
    assert.equal(lookupPath(values, 'env.toString'), undefined);
  });
});

describe('renderTemplate with maxSize', () => {
  const big = { blob: 'x'.repeat(1000), items: ['y'.repeat(500)] };
  const lookup = (name: string) => lookupPath(big, name);

  it('renders within the bound, counting each use of a value', () => {
    const tree = { a: '{{ blob }}', b: ['{{ blob }}', 'pre {{ items }}'] };
    assert.deepEqual(renderTemplate(tree, lookup, { maxSize: 10_000 }), renderTemplate(tree, lookup));
  });

  it('stops before writing past the bound, naming the placeholder, its uses and where', () => {
    const tree = { env: Array.from({ length: 20 }, () => ({ value: '{{ blob }}' })) };
    assert.throws(() => renderTemplate(tree, lookup, { maxSize: 5_500 }), (error: unknown) => {
      assert.ok(error instanceof RenderLimitError);
      assert.equal(error.variable, 'blob');
      assert.equal(error.uses, 6);
      assert.equal(error.limit, 5_500);
      assert.deepEqual(error.path, ['env', 5, 'value']);
      return true;
    });
  });

  it('counts a mapping or list by its JSON size, wherever it is used', () => {
    assert.throws(() => renderTemplate(['{{ items }}', 'a {{ items }}'], lookup, { maxSize: 1_000 }), RenderLimitError);
  });
});
