// What each step of `synth` costs in time and in memory kept alive, on a bench fleet.
// usage: node --expose-gc bench/phases.cjs CONFIG OUTDIR [single|per-resource|kustomize]
// The steps are those of `cdk8s-workers synth --config CONFIG --out OUTDIR --layout L`, one after the other,
// each holding on to what it made as synth does; live heap is measured after a full GC.
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

const lib = step('load modules (cdk8s, constructs, config loader, writer)', () => ({
  App: require('cdk8s').App,
  ...require('../lib/config/load.js'),
  ...require('../lib/synth/render.js'),
  ...require('../lib/synth/layout.js'),
  ...require('../lib/synth/write.js'),
}));
const fleet = step('read, parse and check the config', () => lib.loadFleetConfig(config));
const chart = step('build the construct tree', () => new lib.WorkerFleetChart(new lib.App({ outdir: '.' }), 'workers', fleet));
const manifests = step('synthesize objects (chart.toJson)', () => chart.toJson());
const files = step(`write YAML text (${layout} layout)`, () => lib.layoutFiles(manifests, layout));
rmSync(outDir, { recursive: true, force: true });
step(`write files (${files.size})`, () => lib.writeOutput(outDir, files));

console.log(`| step | ms | live heap after, MB | RSS after, MB |\n|---|---:|---:|---:|`);
for (const row of rows) console.log(`| ${row.name} | ${row.ms.toFixed(0)} | ${row.liveMb.toFixed(0)} | ${row.rssMb.toFixed(0)} |`);
const total = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`| total (GCs between steps not counted) | ${rows.reduce((sum, row) => sum + row.ms, 0).toFixed(0)} of ${total.toFixed(0)} | | peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`);
