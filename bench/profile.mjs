// Where the time goes: `node --cpu-prof` of `cdk8s-workers synth` on a bench fleet, summed up.
// usage: node bench/profile.mjs [POOLS [SYNTH FLAGS...]]   e.g. 10000 --layout per-resource
//   POOLS defaults to 10000; 0 profiles synth and validate of examples/workers.yaml.
// Prints self time by package (our lib by file), inclusive time of our functions and of module loading, and
// the modules each command loads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetYaml } from './fleet.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'lib', 'cli', 'bin.js');
const pools = Number(process.argv[2] ?? 10000);
const work = mkdtempSync(join(tmpdir(), 'cdk8s-workers-profile-'));
const config = pools ? join(work, 'fleet.yaml') : join(REPO, 'examples', 'workers.yaml');
if (pools) writeFileSync(config, fleetYaml(pools));

const flags = process.argv.slice(3);
const out = flags.includes('--stdout') ? [] : ['--out', join(work, 'out')];
const commands = pools ? { synth: ['synth', ...out, ...flags] } : { synth: ['synth', '--out', join(work, 'out')], validate: ['validate'] };
for (const [name, args] of Object.entries(commands)) {
  const dir = join(work, name);
  const listing = join(work, `${name}.modules`);
  const preload = `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(listing)}, Object.keys(require.cache).join('\\n')))`;
  const result = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '500', '--require', writePreload(preload), BIN, ...args, '--config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${name} failed`);
  const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
  console.log(`## ${name} ${flags.join(' ')}, ${pools ? `${pools} pools` : 'examples/workers.yaml'}\n`);
  summarize(profile);
  modules(readFileSync(listing, 'utf8').split('\n').filter((file) => file.startsWith(REPO)));
}
rmSync(work, { recursive: true, force: true });

function writePreload(source) {
  const file = join(work, 'preload.cjs');
  writeFileSync(file, source);
  return file;
}

/** Which part of the program a profile node belongs to. */
function category({ functionName, url }) {
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (!url) return functionName === '(program)' ? 'V8/native (program)' : functionName || '(native)';
  const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((match) => match[1]);
  if (packages.length) return packages.join(' > ');
  const ours = url.match(/\/lib\/(.+)\.js$/);
  if (ours) return `lib/${ours[1]}`;
  if (url.startsWith('node:internal/modules')) return 'node: module loader';
  return url.startsWith('node:') ? 'node: other' : url;
}

function summarize({ nodes, samples, timeDeltas, startTime, endTime }) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const inclusive = new Map();
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  samples.forEach((id, index) => {
    const ms = (timeDeltas[index + 1] ?? 0) / 1000;
    add(self, category(byId.get(id).callFrame), ms);
    const seen = new Set();
    const chain = [];
    for (let at = id; at !== undefined; at = parent.get(at)) chain.unshift(byId.get(at).callFrame);
    let inRequire = false;
    for (const { functionName, url, lineNumber } of chain) {
      if (functionName === 'require' && url.startsWith('node:internal/modules')) {
        inRequire = true;
        seen.add('require() (module loading)');
      } else if (inRequire && !functionName && lineNumber === 0 && url.startsWith('file:')) {
        seen.add(`loading ${category({ functionName, url })}`);
      } else if (url.includes('/lib/') && !url.includes('node_modules')) {
        seen.add(`${functionName || '(anonymous)'} (lib/${url.split('/lib/').pop()}:${lineNumber + 1})`);
      }
    }
    for (const key of seen) add(inclusive, key, ms);
  });
  const total = (endTime - startTime) / 1000;
  const pct = (ms) => `${((100 * ms) / total).toFixed(1)} %`;
  console.log(`profiled ${(total / 1000).toFixed(2)} s (sampling every 0.5 ms)\n`);
  console.log('| self time by package | ms | share |\n|---|---:|---:|');
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`| ${key} | ${ms.toFixed(0)} | ${pct(ms)} |`);
  console.log('\n| inclusive time (our functions; module loading, by package, including what it loads) | ms | share |\n|---|---:|---:|');
  for (const [key, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`| ${key} | ${ms.toFixed(0)} | ${pct(ms)} |`);
  console.log('');
}

function modules(files) {
  const count = new Map();
  for (const file of files) {
    const key = category({ url: `file://${file}`, functionName: '' }).replace(/^lib\/([^/]+)\/.*/, 'lib/$1/');
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  console.log(`modules loaded: ${files.length} files\n`);
  console.log(`${[...count].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ${n}`).join(', ')}\n`);
}
