import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { FLEET_SCHEMA } from '../src';
import { cliProcess, REPO } from './support/cli';
import { tempDir } from './support/files';
import { assertValidManifests } from './support/strict-schema';

const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

/** The fenced blocks of one language in a Markdown file. */
function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]);
}

/** Every key the schema declares, at any depth, but not inside the Kubernetes definitions it borrows. */
function schemaKeys(schema: any, keys = new Set<string>()): Set<string> {
  if (!schema || typeof schema !== 'object') return keys;
  for (const [key, value] of Object.entries<any>(schema.properties ?? {})) {
    keys.add(key);
    schemaKeys(value, keys);
  }
  for (const nested of [schema.items, ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) schemaKeys(nested, keys);
  return keys;
}

function yamlObjects(dir: string): any[] {
  return fs.readdirSync(dir).filter((file) => file.endsWith('.yaml')).flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((doc) => doc.toJS()));
}

/**
 * Runs a page's TypeScript examples as one program: imports hoisted and merged, each block in a scope of its
 * own with a chart of its own in a shared App (which blocks that make their own App leave alone).
 */
function runExamples(blocks: string[], cwd: string): void {
  const named = new Map<string, Set<string>>();
  const bodies = blocks.map((block) => block.replace(/^import \{([^}]+)\} from '([^']+)';\n/gm, (_, names: string, from: string) => {
    const module = from === 'cdk8s-workers' ? path.join(REPO, 'src') : from;
    const set = named.get(module) ?? new Set(['App', 'Chart'].filter(() => module === 'cdk8s'));
    for (const name of names.split(',').map((part) => part.trim()).filter(Boolean)) set.add(name);
    named.set(module, set);
    return '';
  }));
  named.set('cdk8s', new Set([...named.get('cdk8s') ?? [], 'App', 'Chart']));
  const program = [
    ...[...named].map(([module, names]) => `import { ${[...names].join(', ')} } from ${JSON.stringify(path.isAbsolute(module) ? module : path.join(REPO, 'node_modules', module))};`),
    "const shared = new App({ outdir: 'shared' });",
    ...bodies.map((body, index) => {
      const chart = /\bconst chart\b/.test(body) ? '' : `const chart = new Chart(shared, 'example-${index}', { disableResourceNameHashes: true });\n`;
      return `{\n${chart}${body}\n}`;
    }),
    'shared.synth();',
  ].join('\n');
  const file = path.join(cwd, 'examples.ts');
  fs.writeFileSync(file, program);
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, file], { cwd, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `${result.stderr}\n--- program ---\n${program}`);
}

describe('the README', () => {
  it('gives the two commands verbatim, and what must exist before kubectl apply', () => {
    const readme = read('README.md');
    assert.ok(readme.includes('npm ci && npm run synth'));
    assert.ok(readme.includes('npm ci && npm test'));
    const before = readme.indexOf('### Before `kubectl apply`');
    assert.ok(before > 0 && before < readme.indexOf('kubectl apply -f dist/'));
    for (const need of ['namespace', 'Secret', 'KEDA']) assert.match(readme.slice(before, readme.indexOf('kubectl apply -f dist/')), new RegExp(need));
    assert.ok(Buffer.byteLength(readme) < 8000, 'the README is meant to be read in five minutes');
  });

  it("renders its fleet, valid and restricted", () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'workers.yaml'), codeBlocks(read('README.md'), 'yaml')[0]);
    const result = cliProcess(['synth', '--stdout'], { cwd });
    assert.equal(result.code, 0, result.stderr);
    const objects = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    assert.deepEqual(objects.map((object) => `${object.kind}/${object.metadata.name}`), ['Job/sims-worker', 'Deployment/sims-follow', 'ScaledObject/sims-follow-scaler']);
    assertValidManifests(objects);
  });

  it('runs its constructs example', () => {
    const cwd = tempDir();
    runExamples(codeBlocks(read('README.md'), 'ts'), cwd);
    const objects = yamlObjects(path.join(cwd, 'dist'));
    assert.deepEqual(objects.map((object) => `${object.kind}/${object.metadata.name}`), ['Job/sims-worker']);
    assertValidManifests(objects);
  });
});

describe('docs/config.md', () => {
  it('explains every key of the schema', () => {
    const page = read('docs/config.md');
    const missing = [...schemaKeys(FLEET_SCHEMA)].filter((key) => !page.includes(`\`${key}\``));
    assert.deepEqual(missing, []);
  });

  it('gives examples that validate', () => {
    for (const [index, block] of codeBlocks(read('docs/config.md'), 'yaml').entries()) {
      const cwd = tempDir();
      const component = /^(job|follow|serve):/m.test(block) ? '' : '    job: {}\n';
      const fleet = /^\s*pools:/m.test(block) ? block : `pools:\n  - name: example\n    image: registry.example.com/example:1.0.0\n${component}${block.replace(/^/gm, '    ')}`;
      fs.writeFileSync(path.join(cwd, 'workers.yaml'), fleet);
      const result = cliProcess(['validate'], { cwd });
      assert.equal(result.code, 0, `block ${index}:\n${block}\n${result.stderr}`);
    }
  });
});

describe('docs/constructs.md', () => {
  it('documents every prop of every construct', () => {
    const page = read('docs/constructs.md');
    const sources = ['pod/pod-props.ts', ...fs.readdirSync(path.join(REPO, 'src', 'constructs')).map((file) => `constructs/${file}`)];
    const props = new Set(sources.flatMap((file) => [...read(path.join('src', file)).matchAll(/^\s+readonly (\w+)\??:/gm)].map((match) => match[1])));
    assert.ok(props.size > 60, `found only ${props.size} props`);
    assert.deepEqual([...props].filter((prop) => !page.includes(`\`${prop}\``)), []);
  });

  it('runs every example, into valid, restricted objects', () => {
    const cwd = tempDir();
    fs.copyFileSync(path.join(REPO, 'examples', 'workers.yaml'), path.join(cwd, 'workers.yaml'));
    runExamples(codeBlocks(read('docs/constructs.md'), 'ts'), cwd);
    const objects = [...yamlObjects(path.join(cwd, 'shared')), ...yamlObjects(path.join(cwd, 'dist'))];
    const kinds = new Set(objects.map((object) => object.kind));
    for (const kind of ['Job', 'Deployment', 'Service', 'ScaledObject', 'TriggerAuthentication', 'Namespace', 'StateMachine']) assert.ok(kinds.has(kind), kind);
    assertValidManifests(objects);
  });
});
