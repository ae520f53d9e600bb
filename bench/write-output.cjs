// What writing synth's output costs, apart from rendering: POOLS pools of the bench fleet (six objects a
// pool) streamed one object at a time into a layout, or printed as with --stdout.
// usage: node bench/write-output.cjs POOLS single|per-resource|kustomize|stdout OUTDIR [LIB]
//   LIB: the compiled library to measure (default ../lib), e.g. another checkout's lib to compare with.
//   REVISION=N in the environment puts every object in namespace bench-N, so that every file changes.
// Prints wall time, the time spent making the objects (the same copies, written nowhere) and the peak RSS.
// The objects are copies of one rendered pool with the pool's name changed, so that rendering does not count.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

const [pools, layout, outDir, lib = path.join(__dirname, '..', 'lib')] = process.argv.slice(2);
const count = Number(pools);

async function main() {
  const { fleetYaml } = await import('./fleet.mjs');
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-workers-write-')), 'workers.yaml');
  fs.writeFileSync(config, fleetYaml(1));
  const { loadFleetConfig } = require(path.join(lib, 'config', 'load.js'));
  const { renderFleet } = require(path.join(lib, 'synth', 'render.js'));
  const synth = require(path.join(lib, 'synth', 'synth.js'));
  const namespace = process.env.REVISION ? `bench-${process.env.REVISION}` : 'bench';
  const template = JSON.stringify(renderFleet(loadFleetConfig(config))).replaceAll('"bench"', JSON.stringify(namespace));
  function* objects() {
    for (let index = 0; index < count; index++) yield* JSON.parse(template.replaceAll('pool-0', `pool-${index}`));
  }

  let started = process.hrtime.bigint();
  let made = 0;
  for (const object of objects()) made += object ? 1 : 0;
  const makingMs = Number(process.hrtime.bigint() - started) / 1e6;

  started = process.hrtime.bigint();
  // The library before streaming takes arrays only.
  const input = synth.writeManifestStream ? objects() : [...objects()];
  if (layout === 'stdout') {
    const fd = fs.openSync(outDir, 'w');
    if (synth.writeManifestStream) synth.writeManifestStream(input, (chunk) => fs.writeSync(fd, chunk));
    else fs.writeSync(fd, synth.manifestsAsYaml(input));
    fs.closeSync(fd);
  } else {
    synth.writeManifests(input, { outDir, layout, namespaces: [namespace] });
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ pools: count, objects: made, layout, wallMs: Math.round(wallMs), makingObjectsMs: Math.round(makingMs), peakRssMb: Math.round(peakMb) }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
