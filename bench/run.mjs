// npm run bench: cdk8s-workers synth against its floor, plain cdk8s-plus-28, the start-up floor and
// `kubectl kustomize`, in one run, printed as one table with the target ratios. Linux: peak memory comes from
// GNU time (/usr/bin/time) and the kustomize cap from coreutils' timeout.
//
// BENCH_RUNS=3              fresh processes per figure (the median is shown; a first run over 10 s is not repeated)
// BENCH_LARGE=1             adds 100 000 pools (many minutes); BENCH_SIZES=1000,10000 sets the sizes outright
// BENCH_PLAIN_SIZES=300,1000    plain cdk8s-plus-28 grows with the square: larger sizes are estimated, not run
// BENCH_KUSTOMIZE_SIZES=100,300,1000  BENCH_KUSTOMIZE_CAP=60   seconds; larger sizes are skipped once one exceeds it
// BENCH_DIR=/tmp           where configs and output go; default /dev/shm (memory) when there is one, so that
//                          a shared disk's speed does not blur the program's (deleting 60 000 files can take minutes)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetYaml } from './fleet.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'lib', 'cli', 'bin.js');
const FLOOR = join(REPO, 'bench', 'floor.cjs');
const PLAIN = join(REPO, 'bench', 'plain-cdk8s-plus.cjs');
const EXAMPLE = join(REPO, 'examples', 'workers.yaml');
const sizes = (name, fallback) => (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number);
const SIZES = sizes('BENCH_SIZES', process.env.BENCH_LARGE ? '1000,10000,100000' : '1000,10000');
const PLAIN_SIZES = sizes('BENCH_PLAIN_SIZES', '300,1000');
const KUSTOMIZE_SIZES = sizes('BENCH_KUSTOMIZE_SIZES', '100,300,1000');
const KUSTOMIZE_CAP = Number(process.env.BENCH_KUSTOMIZE_CAP ?? 60);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ONCE_OVER_SECONDS = 10;
const OBJECTS_PER_POOL = 6;
const BENCH_DIR = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
const work = mkdtempSync(join(BENCH_DIR, 'cdk8s-workers-bench-'));
const path = (name) => join(work, name);
process.on('SIGINT', () => {
  rmSync(work, { recursive: true, force: true });
  process.exit(130);
});

/** One fresh process under GNU time: wall seconds, peak RSS, or why it failed. */
function runOnce(command, args, { capSeconds, fresh, env } = {}) {
  if (fresh) rmSync(fresh, { recursive: true, force: true });
  const rssFile = path('rss');
  const capped = capSeconds ? ['timeout', String(capSeconds), command] : [command];
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, ...capped, ...args], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path('cache'), ...env } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakMb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
  if (result.status === 124 && capSeconds) return { seconds, peakMb, failed: `stopped at the ${capSeconds} s cap` };
  if (result.status !== 0) return { seconds, peakMb, failed: firstLine(result.stderr) };
  return { seconds, peakMb };
}

const firstLine = (text) => (text.split('\n').find((line) => line.trim() && !line.startsWith('Command exited')) ?? 'failed').replaceAll(`${work}/`, '');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Medians of RUNS fresh processes; a failure or a first run over ONCE_OVER_SECONDS is not repeated. */
function measure(command, args, options = {}) {
  const first = runOnce(command, args, options);
  if (first.failed || first.seconds > ONCE_OVER_SECONDS) return { ...first, runs: 1 };
  const samples = [first, ...Array.from({ length: RUNS - 1 }, () => runOnce(command, args, options))];
  const failed = samples.find((sample) => sample.failed);
  if (failed) return { ...failed, runs: samples.length };
  return { seconds: median(samples.map((s) => s.seconds)), peakMb: median(samples.map((s) => s.peakMb)), runs: RUNS };
}

const rows = [];
const record = (what, pools, result) => {
  rows.push({ what, pools, ...result });
  process.stderr.write(`bench: ${what} ${pools ?? ''}: ${result.failed ?? `${result.seconds.toFixed(2)} s`}\n`);
  return result;
};
const find = (what, pools) => rows.find((row) => row.what === what && row.pools === pools && !row.failed && !row.estimated);
const synthArgs = (config, out, ...flags) => [BIN, 'synth', '--config', config, '--out', out, ...flags];
const checks = [];
const loadAtStart = loadavg();

// The CLI's compile cache is kept between runs, as a user's is: a first, unmeasured run writes it, so that every
// measured run (each a fresh process) finds it, whatever BENCH_RUNS is.
runOnce(process.execPath, synthArgs(EXAMPLE, path('example')), { fresh: path('example') });

// Ours against the floor, same configs.
const largest = Math.max(...SIZES);
// Memory of every layout and --stdout: at 10 000 pools (the 300 MB target) and above.
for (const pools of SIZES) {
  const config = path(`fleet-${pools}.yaml`);
  writeFileSync(config, fleetYaml(pools));
  const ours = record('synth, single layout', pools, measure(process.execPath, synthArgs(config, path(`single-${pools}`)), { fresh: path(`single-${pools}`) }));
  record('floor: js-yaml + literals + JSON.stringify', pools, measure(process.execPath, [FLOOR, config, path(`floor-${pools}.json`), 'json']));
  const floorYaml = record('floor with our YAML writer', pools, measure(process.execPath, [FLOOR, config, path(`floor-${pools}.yaml`), 'yaml']));
  record('validate (read, parse, check; writes nothing)', pools, measure(process.execPath, [BIN, 'validate', '--config', config]));
  record('floor: js-yaml parse only', pools, measure(process.execPath, [FLOOR, config, '-', 'parse']));
  if (!ours.failed && !floorYaml.failed) checkFloor(pools);
  if (pools >= Math.min(10000, largest)) {
    record('synth, per-resource layout', pools, measure(process.execPath, synthArgs(config, path('per-resource'), '--layout', 'per-resource'), { fresh: path('per-resource') }));
    record('synth, kustomize layout', pools, measure(process.execPath, synthArgs(config, path('kustomize'), '--layout', 'kustomize'), { fresh: path('kustomize') }));
    record('synth --stdout', pools, measure(process.execPath, [BIN, 'synth', '--config', config, '--stdout']));
  }
  rmSync(path(`single-${pools}`), { recursive: true, force: true });
  rmSync(path(`floor-${pools}.json`), { force: true });
  rmSync(path(`floor-${pools}.yaml`), { force: true });
  rmSync(path('per-resource'), { recursive: true, force: true });
  rmSync(path('kustomize'), { recursive: true, force: true });
}

/** The floors build the objects synth writes: the YAML floor byte for byte, the JSON floor the same kinds in order. */
function checkFloor(pools) {
  const same = spawnSync('cmp', ['-s', path(`single-${pools}/workers.k8s.yaml`), path(`floor-${pools}.yaml`)]).status === 0;
  checks.push(`${pools} pools: the YAML floor's output is ${same ? 'byte-identical to' : 'DIFFERENT from'} synth's workers.k8s.yaml`);
  if (pools !== Math.min(...SIZES)) return;
  const ourKinds = readFileSync(path(`single-${pools}/workers.k8s.yaml`), 'utf8').match(/^kind: .*$/gm).map((line) => line.slice(6));
  const floorKinds = readFileSync(path(`floor-${pools}.json`), 'utf8').trim().split('\n').map((line) => JSON.parse(line).kind);
  const equal = ourKinds.length === pools * OBJECTS_PER_POOL && ourKinds.join() === floorKinds.join();
  const tally = new Map();
  for (const kind of ourKinds) tally.set(kind, (tally.get(kind) ?? 0) + 1);
  const counts = [...tally].map(([kind, count]) => `${count} ${kind}`).join(', ');
  checks.push(`${pools} pools: the JSON floor writes ${floorKinds.length} objects, synth ${ourKinds.length} (${counts}): ${equal ? 'same kinds in the same order' : 'MISMATCH'}`);
}

// Plain cdk8s-plus-28: its time grows with the square of the pools, so larger sizes are fitted, not run.
for (const pools of PLAIN_SIZES) record('plain cdk8s-plus-28', pools, measure(process.execPath, [PLAIN, String(pools), path('plain')], { fresh: path('plain') }));
rmSync(path('plain'), { recursive: true, force: true });
const [small, big] = PLAIN_SIZES.length < 2 ? [] : PLAIN_SIZES.slice(-2).map((pools) => find('plain cdk8s-plus-28', pools));
for (const pools of small && big ? SIZES.filter((n) => n > big.pools) : []) {
  const exponent = Math.log(big.seconds / small.seconds) / Math.log(big.pools / small.pools);
  rows.push({ what: 'plain cdk8s-plus-28', pools, seconds: big.seconds * (pools / big.pools) ** exponent, estimated: `not run: t ∝ n^${exponent.toFixed(2)} fitted on ${small.pools} and ${big.pools}` });
}

// Start-up: a bare node against a cold synth and validate of the bundled example.
const startRuns = { runs: Math.max(RUNS, 5) };
const startup = (args, env) => {
  const samples = Array.from({ length: startRuns.runs }, () => runOnce(process.execPath, args, { fresh: path('example'), env }));
  return { seconds: median(samples.map((s) => s.seconds)), peakMb: median(samples.map((s) => s.peakMb)), ...startRuns };
};
record('node -e 0', undefined, startup(['-e', '0']));
record('synth of examples/workers.yaml (cold)', undefined, startup(synthArgs(EXAMPLE, path('example'))));
record('synth of examples/workers.yaml (cold, compile cache off)', undefined, startup(synthArgs(EXAMPLE, path('example')), { CDK8S_WORKERS_NO_COMPILE_CACHE: '1' }));
record('validate of examples/workers.yaml (cold)', undefined, startup([BIN, 'validate', '--config', EXAMPLE]));

// kubectl kustomize on our kustomize layout, up to a time cap.
for (const pools of KUSTOMIZE_SIZES) {
  const config = path(`kustomize-${pools}.yaml`);
  writeFileSync(config, fleetYaml(pools));
  if (runOnce(process.execPath, synthArgs(config, path('kbase'), '--layout', 'kustomize'), { fresh: path('kbase') }).failed) break;
  const result = record('kubectl kustomize, kustomize layout', pools, measure('kubectl', ['kustomize', path('kbase')], { capSeconds: KUSTOMIZE_CAP }));
  if (result.failed) break;
}

printTable();
rmSync(work, { recursive: true, force: true });
if (checks.some((line) => /DIFFERENT|MISMATCH/.test(line))) process.exitCode = 1;

function ratio(what, figure, target, pass) {
  rows.push({ what, ratio: figure, target, result: figure === undefined ? 'not measured' : pass ? 'PASS' : 'MISS' });
}

function printTable() {
  const seconds = (what, pools) => find(what, pools)?.seconds;
  const div = (a, b) => (a === undefined || b === undefined ? undefined : a / b);
  for (const pools of [1000, 10000]) {
    const [synth, floor, floorYaml, validate, parse] = [
      'synth, single layout', 'floor: js-yaml + literals + JSON.stringify', 'floor with our YAML writer',
      'validate (read, parse, check; writes nothing)', 'floor: js-yaml parse only',
    ].map((what) => seconds(what, pools));
    const r = div(synth, floor);
    ratio(`synth / floor (JSON.stringify), ${pools} pools`, r && `${r.toFixed(2)}x`, '≤ 1.5x', r <= 1.5);
    const y = div(synth, floorYaml);
    if (y) rows.push({ what: `synth / floor with our YAML writer, ${pools} pools`, ratio: `${y.toFixed(2)}x`, target: '—', result: '' });
    // What checking costs: validate does what synth does up to the first object, the parse-only floor no more than parse.
    if ([synth, floor, validate, parse].every((figure) => figure !== undefined)) {
      const checking = validate - parse;
      rows.push({ what: `checking the config (validate − parse only), ${pools} pools`, ratio: `${checking.toFixed(3)} s = ${(checking / floor).toFixed(2)}x the floor`, target: '—', result: '' });
      rows.push({ what: `synth without its checking (synth − checking) / floor (JSON.stringify), ${pools} pools`, ratio: `${((synth - checking) / floor).toFixed(2)}x`, target: '—', result: '' });
    }
  }
  const plainRatio = div(seconds('plain cdk8s-plus-28', 1000), seconds('synth, single layout', 1000));
  ratio('plain cdk8s-plus-28 / synth, 1000 pools', plainRatio && `${plainRatio.toFixed(1)}x`, '≥ 12x', plainRatio >= 12);
  for (const [pools, limit] of [[10000, 300], [100000, 1536]]) {
    const synths = rows.filter((row) => row.pools === pools && row.what.startsWith('synth'));
    if (!synths.length) {
      rows.push({ what: `peak MB of synth, ${pools} pools`, ratio: pools > 10000 ? 'not run (BENCH_LARGE=1 runs it)' : 'not run', target: `≤ ${limit} MB`, result: '' });
      continue;
    }
    const failed = synths.find((row) => row.failed);
    const peak = !failed ? Math.max(...synths.map((row) => row.peakMb)) : undefined;
    const which = synths.length > 1 ? 'all layouts and --stdout' : 'single layout';
    ratio(`peak MB of synth, ${pools} pools (${which})`, failed ? `fails: ${failed.failed}` : peak && `${peak.toFixed(0)} MB`, `≤ ${limit} MB`, peak <= limit);
  }
  const cold = div(seconds('synth of examples/workers.yaml (cold)'), seconds('node -e 0'));
  ratio('cold synth of the example / node -e 0', cold && `${cold.toFixed(2)}x`, '≤ 1.7x', cold <= 1.7);
  const uncached = div(seconds('synth of examples/workers.yaml (cold, compile cache off)'), seconds('node -e 0'));
  if (uncached) rows.push({ what: 'cold synth, compile cache off / node -e 0', ratio: `${uncached.toFixed(2)}x`, target: '—', result: '' });

  const kubectl = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  const kubectlVersion = kubectl.status === 0 ? JSON.parse(kubectl.stdout).clientVersion.gitVersion : 'not found';
  const load = (values) => values.map((value) => value.toFixed(2)).join(' ');
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, kubectl ${kubectlVersion}`);
  console.log(`load average (1, 5, 15 min): ${load(loadAtStart)} at the start, ${load(loadavg())} at the end; output in ${BENCH_DIR}; medians of ${RUNS} fresh processes (start-up: ${startRuns.runs}; a first run over ${ONCE_OVER_SECONDS} s: once)`);
  console.log('');
  console.log('| what | pools | objects | s | peak MB | runs | figure | target | result |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|---|');
  const cell = (value, digits) => (value === undefined ? '' : value.toFixed(digits));
  for (const row of rows) {
    const objects = row.pools === undefined ? '' : row.pools * OBJECTS_PER_POOL;
    const s = row.estimated ? `≈ ${cell(row.seconds, 0)}` : row.failed ? '' : cell(row.seconds, row.seconds < 1 ? 3 : 2);
    const mb = row.estimated || row.failed ? '' : cell(row.peakMb, 0);
    const figure = row.ratio ?? row.failed ?? row.estimated ?? '';
    console.log(`| ${row.what} | ${row.pools ?? ''} | ${row.ratio ? '' : objects} | ${s} | ${mb} | ${row.runs ?? ''} | ${figure} | ${row.target ?? ''} | ${row.result ?? ''} |`);
  }
  console.log('');
  for (const line of checks) console.log(`check: ${line}`);
}
