import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadFleetConfig } from '../src/config/load';
import { Layout, LAYOUTS } from '../src/synth/layout';
import { Manifest, renderFleet } from '../src/synth/render';
import { manifestsAsYaml, writeManifests, writeManifestStream } from '../src/synth/synth';
import { BIN } from './support/cli';
import { tempDir, writeTemp } from './support/files';
import { expectReadBack } from './support/kubectl';
import { assertOneCompleteRun, fleetConfig } from './support/output-dir';
import { assertValidManifests } from './support/strict-schema';

/** Objects in two namespaces, and the Namespaces: file names start with `<namespace>.`. */
const SPANNING = `namespace: queue
createNamespaces: true
pools:
  - name: drain
    image: registry.example.com/drain:2.1.0
    job: {workers: 3}
    follow: {}
  - {name: front, namespace: edge, image: registry.example.com/front:2.1.0, serve: {port: 9000}}
`;

/** Every file below `dir`, hidden ones included, by relative path, with its bytes. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const file = path.join(dir, name);
    files[name] = fs.lstatSync(file).isDirectory() ? '<directory>' : fs.readFileSync(file, 'latin1');
  }
  return files;
}

/** The objects as an iterable that can be read only once, as a renderer's generator is. */
function once(manifests: readonly Manifest[]): Iterable<Manifest> {
  let read = false;
  return {
    [Symbol.iterator]() {
      assert.equal(read, false, 'the objects were read twice');
      read = true;
      return manifests[Symbol.iterator]();
    },
  };
}

/** Yields the first `count` objects, then fails as a renderer would midway. */
function* failingAfter(manifests: readonly Manifest[], count: number): Generator<Manifest> {
  yield* manifests.slice(0, count);
  throw new Error('rendering failed midway');
}

function render(config: string): Manifest[] {
  const manifests = renderFleet(loadFleetConfig(writeTemp('workers.yaml', config)));
  assertValidManifests(manifests);
  return manifests;
}

describe('output: objects streamed into every layout', () => {
  let spanning: Manifest[];
  let many: Manifest[];
  before(() => {
    spanning = render(SPANNING);
    many = render(fleetConfig(0, 400, 'registry.example/worker:a'));
    expectReadBack(manifestsAsYaml(many), many);
  });

  for (const layout of LAYOUTS) {
    it(`writes the same bytes from objects read once as from an array (${layout})`, () => {
      const fromArray = tempDir();
      const fromStream = tempDir();
      const collected = tempDir();
      assert.equal(writeManifests(spanning, { outDir: fromArray, layout }).objects, spanning.length);
      assert.equal(writeManifests(once(spanning), { outDir: fromStream, layout, namespaces: ['queue', 'edge'] }).objects, spanning.length);
      writeManifests(once(spanning), { outDir: collected, layout });
      assert.deepEqual(tree(fromStream), tree(fromArray));
      assert.deepEqual(tree(collected), tree(fromArray));
      const names = Object.keys(tree(fromArray));
      if (layout !== 'single') assert.ok(names.includes('queue.job-drain-worker.yaml') && names.includes('edge.service-front-serve.yaml'), names.join(', '));
      if (layout === 'kustomize') assert.ok(names.includes('namespaces/00-namespace-edge.yaml'), names.join(', '));
    });

    it(`leaves the output exactly as it was when the objects fail midway (${layout})`, () => {
      const out = tempDir();
      writeManifests(spanning, { outDir: out, layout });
      const previous = tree(out);
      // More than a 64 KiB chunk of the single file is staged before the failure.
      assert.throws(() => writeManifests(failingAfter(many, many.length - 1), { outDir: out, layout, namespaces: [] }), /^Error: rendering failed midway$/);
      assert.deepEqual(tree(out), previous);
      const fresh = path.join(tempDir(), 'out');
      assert.throws(() => writeManifests(failingAfter(many, 10), { outDir: fresh, layout, namespaces: [] }), /rendering failed midway/);
      assert.deepEqual(tree(fresh), {});
    });
  }

  it('writes a single file of many chunks, and leaves it untouched when a synth writes the same again', () => {
    const out = tempDir();
    const file = path.join(out, 'workers.k8s.yaml');
    writeManifests(once(many), { outDir: out });
    const text = manifestsAsYaml(many);
    assert.ok(Buffer.byteLength(text) > 4 * 64 * 1024, `only ${Buffer.byteLength(text)} bytes`);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    const written = fs.statSync(file);
    writeManifests(once(many), { outDir: out });
    assert.equal(fs.statSync(file).ino, written.ino, 'an unchanged file is not replaced');
    const changed = many.map((manifest, index) => (index === many.length - 1 ? { ...manifest, metadata: { ...manifest.metadata, labels: { changed: 'yes' } } } : manifest));
    writeManifests(once(changed), { outDir: out });
    assert.notEqual(fs.statSync(file).ino, written.ino);
    assert.equal(fs.readFileSync(file, 'utf8'), manifestsAsYaml(changed));
    const shorter = many.slice(0, -1);
    writeManifests(once(shorter), { outDir: out });
    assert.equal(fs.readFileSync(file, 'utf8'), manifestsAsYaml(shorter), 'a file that is a prefix of the previous one is written');
  });

  it('prints the stream in chunks of about 64 KiB that join to the single file', () => {
    const chunks: string[] = [];
    const count = writeManifestStream(once(many), (chunk) => chunks.push(chunk));
    assert.equal(count, many.length);
    assert.equal(chunks.join(''), manifestsAsYaml(many));
    assert.ok(chunks.length > 4);
    const longestDocument = Math.max(...many.map((manifest) => manifestsAsYaml([manifest]).length + 4));
    for (const chunk of chunks.slice(0, -1)) assert.ok(chunk.length >= 64 * 1024 && chunk.length < 64 * 1024 + longestDocument, `a chunk of ${chunk.length} characters`);
    assert.ok(chunks.at(-1)!.length < 64 * 1024 + longestDocument);
    assert.equal(writeManifestStream([], () => assert.fail('no chunk for no objects')), 0);
  });

  it('refuses two objects with one file name before anything is swapped in', () => {
    const out = tempDir();
    const layout: Layout = 'per-resource';
    writeManifests(spanning, { outDir: out, layout });
    const previous = tree(out);
    const twice = [...spanning, spanning[spanning.length - 1]];
    assert.throws(() => writeManifests(once(twice), { outDir: out, layout, namespaces: ['queue', 'edge'] }), /two objects map to one output file \((?:edge|queue)\.[\w.-]+\.yaml\)/);
    assert.deepEqual(tree(out), previous);
  });

  it('flushes each staged file where the file system cannot be flushed at once (no sync command)', () => {
    const config = writeTemp('workers.yaml', fleetConfig(0, 30, 'registry.example/worker:a'));
    const withSync = tempDir();
    const withoutSync = tempDir();
    const synth = (out: string, env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [BIN, 'synth', '--config', config, '--out', out, '--layout', 'per-resource'], { encoding: 'utf8', env });
    assert.equal(synth(withSync, process.env).status, 0);
    const result = synth(withoutSync, { ...process.env, PATH: path.join(tempDir(), 'empty') });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(assertOneCompleteRun(withoutSync), assertOneCompleteRun(withSync));
    assert.equal(Object.keys(assertOneCompleteRun(withSync)).length, 30);
  });
});
