// npm run bench: cdk8s-workers synth against plain cdk8s-plus-28 on the same fleets, side by side in one run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'lib', 'cli', 'bin.js');
const PEAK = join(REPO, 'bench', 'peak-rss.cjs');
const PLAIN = join(REPO, 'bench', 'plain-cdk8s-plus.cjs');
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,3000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PLAIN_MAX_SECONDS_FOR_REPEATS = 20;
const work = mkdtempSync(join(tmpdir(), 'cdk8s-workers-bench-'));

function fleetYaml(pools) {
  const lines = ['namespace: bench', 'pools:'];
  for (let index = 0; index < pools; index++) {
    lines.push(
      `  - name: pool-${index}`,
      `    image: ghcr.io/example/worker:${index}`,
      `    command: [worker, pool-${index}]`,
      '    env: {LOG_LEVEL: info}',
      '    resources: {cpu: "1", memory: 4Gi}',
      '    job: {workers: 8}',
      '    follow:',
      `      args: [--follow]`,
      '      autoscale:',
      '        maxReplicas: 50',
      '        triggers:',
      '          - type: postgresql',
      '            metadata: {query: "SELECT COUNT(*) FROM queue", targetQueryValue: "10"}',
      '            secretAuth: {connection: "db:url"}',
      `    serve: {command: [serve, pool-${index}], port: 8000}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function timeProcess(args, cwd = work) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`);
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', PEAK, ...args], { cwd, encoding: 'utf8', env: { ...process.env, BENCH_RSS_FILE: rssFile } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  return { seconds, peakMb: Number(readFileSync(rssFile, 'utf8')) / 2 ** 20 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(args, runs, cwd = work) {
  const samples = Array.from({ length: runs }, () => timeProcess(args, cwd));
  return { seconds: median(samples.map((s) => s.seconds)), peakMb: median(samples.map((s) => s.peakMb)), runs };
}

const rows = [];
for (const pools of SIZES) {
  const config = join(work, `fleet-${pools}.yaml`);
  writeFileSync(config, fleetYaml(pools));
  const ours = measure([BIN, 'synth', '--config', config, '--out', join(work, `out-${pools}`)], RUNS);
  const first = timeProcess([PLAIN, String(pools), join(work, `plain-${pools}`)]);
  const plain = first.seconds > PLAIN_MAX_SECONDS_FOR_REPEATS ? { ...first, runs: 1 } : measure([PLAIN, String(pools), join(work, `plain-${pools}`)], RUNS);
  rows.push({ pools, ours, plain });
  rmSync(join(work, `plain-${pools}`), { recursive: true, force: true });
}

const floor = measure(['-e', "require('cdk8s-plus-28')"], Math.max(RUNS, 5), REPO);
const cold = measure([BIN, 'synth', '--config', join(REPO, 'examples', 'workers.yaml'), '--out', join(work, 'example')], Math.max(RUNS, 5));
const validate = measure([BIN, 'validate', '--config', join(REPO, 'examples', 'workers.yaml')], Math.max(RUNS, 5));

const fmt = (n, digits = 2) => n.toFixed(digits);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, node ${process.version}; medians of ${RUNS} fresh processes (plain runs over ${PLAIN_MAX_SECONDS_FOR_REPEATS} s: once)`);
console.log('');
console.log('| pools | objects | cdk8s-workers s | plain cdk8s-plus s | ratio | cdk8s-workers peak MB |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const { pools, ours, plain } of rows) {
  console.log(`| ${pools} | ${pools * 6} | ${fmt(ours.seconds)} | ${fmt(plain.seconds)}${plain.runs === 1 ? ' (1 run)' : ''} | ${fmt(plain.seconds / ours.seconds, 1)}x | ${fmt(ours.peakMb, 0)} |`);
}
const at = (pools) => rows.find((row) => row.pools === pools);
if (at(100) && at(1000)) console.log(`\nlinearity: t(1000) / t(100) = ${fmt(at(1000).ours.seconds / at(100).ours.seconds, 1)} (linear is 10)`);
console.log('');
console.log('| start-up | s | x require(cdk8s-plus-28) |');
console.log('|---|---:|---:|');
console.log(`| node -e "require('cdk8s-plus-28')" | ${fmt(floor.seconds, 3)} | 1.00x |`);
console.log(`| cdk8s-workers synth (bundled example) | ${fmt(cold.seconds, 3)} | ${fmt(cold.seconds / floor.seconds)}x |`);
console.log(`| cdk8s-workers validate (bundled example) | ${fmt(validate.seconds, 3)} | ${fmt(validate.seconds / floor.seconds)}x |`);
rmSync(work, { recursive: true, force: true });
