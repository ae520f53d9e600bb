// What each step of `synth` costs in time and in memory kept alive, on a bench fleet.
// usage: node --expose-gc bench/phases.cjs CONFIG OUTDIR [single|per-resource|kustomize]
// The steps are those of `cdk8s-workers synth --config CONFIG --out OUTDIR --layout L`: the config is loaded
// and kept; building and writing stream one pool at a time, so each is timed alone and then together as synth
// runs them; live heap is measured after a full GC.
const { rmSync } = require('node:fs');

const [config, outDir, layout = 'single'] = process.argv.slice(2);
const started = process.hrtime.bigint();
let last = started;
const rows = [];

function step(name, run) {
  const value = run();
  const now = process.hrtime.bigint();
  global.gc();
  const { heapUsed, external, rss } = process.memoryUsage();
  rows.push({ name, ms: Number(now - last) / 1e6, liveMb: (heapUsed + external) / 2 ** 20, rssMb: rss / 2 ** 20 });
  last = process.hrtime.bigint();
  return value;
}

const lib = step('load modules (config loader, builders, writer)', () => ({
  ...require('../lib/config/load.js'),
  ...require('../lib/build/fleet.js'),
  ...require('../lib/synth/synth.js'),
  ...require('../lib/synth/yaml.js'),
}));
const fleet = step('read, parse and check the config', () => lib.loadFleetConfig(config));
step('build every object, one pool at a time (nothing kept)', () => {
  for (const manifest of lib.fleetManifests(fleet)) void manifest;
});
step('build and write YAML text (nothing kept)', () => {
  for (const manifest of lib.fleetManifests(fleet)) lib.manifestToYaml(manifest);
});
rmSync(outDir, { recursive: true, force: true });
step(`synth: build, write YAML and files (${layout} layout), streamed`, () => lib.writeManifests(lib.fleetManifests(fleet), { outDir, layout, namespaces: lib.fleetNamespaces(fleet) }));

console.log(`| step | ms | live heap after, MB | RSS after, MB |\n|---|---:|---:|---:|`);
for (const row of rows) console.log(`| ${row.name} | ${row.ms.toFixed(0)} | ${row.liveMb.toFixed(0)} | ${row.rssMb.toFixed(0)} |`);
const total = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`| total (GCs between steps not counted) | ${rows.reduce((sum, row) => sum + row.ms, 0).toFixed(0)} of ${total.toFixed(0)} | | peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`);
