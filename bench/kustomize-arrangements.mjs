// How the arrangement of the kustomize layout's files changes what `kubectl kustomize` costs.
//
//   npm run build && node bench/kustomize-arrangements.mjs
//
// For each size it synthesizes the bench fleet (bench/fleet.mjs, six objects a pool) with `--layout kustomize`,
// rearranges the SAME object files into the arrangements below, and times `kubectl kustomize DIR` on each
// (wall seconds, median of the runs; a first run over ONCE_OVER seconds is not repeated; a run over the cap is
// killed and shown as ">cap"). CPU seconds (user + system, from GNU time) are printed beside the wall time,
// since on a shared machine they move less than the wall clock.
//
// Every build is checked: it must give the same set of objects as the synthesized files (compared as sorted,
// key-sorted JSON). At the smallest size, where its build is short, each arrangement is also built through an
// overlay (`resources: [../base]`, `namePrefix: p-`, `namespace: other`), which must rename every object and
// rewrite each ScaledObject's spec.scaleTargetRef.name and spec.triggers[].authenticationRef.name to the renamed
// Deployment and TriggerAuthentication (what kustomizeconfig.yaml teaches kustomize), and give the same objects
// as the overlay over today's arrangement. Arrangements marked "roots" are several kustomize roots, built (and
// overlaid) one by one; their figures are the sums.
//
// KA_SIZES=100,300,1000   pools per fleet          KA_CAP=120        seconds before a build is killed
// KA_RUNS=3               runs per figure          KA_ONCE_OVER=20   seconds: a first run this long is not repeated
// KA_ONLY=a,c,d           arrangements to run      KA_DIR=/dev/shm/kustomize-arrangements   work directory
// KUBECTL=kubectl         the kubectl to time      KA_JSON=FILE      also write the results as JSON
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { fleetYaml } from './fleet.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'lib', 'cli', 'bin.js');
const SIZES = (process.env.KA_SIZES ?? '100,300,1000').split(',').map(Number);
const CAP = Number(process.env.KA_CAP ?? 120);
const RUNS = Number(process.env.KA_RUNS ?? 3);
const ONCE_OVER = Number(process.env.KA_ONCE_OVER ?? 20);
const WORK = process.env.KA_DIR ?? (existsSync('/dev/shm') ? '/dev/shm/kustomize-arrangements' : join(REPO, '.bench-kustomize'));
const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const POOL_LABEL = 'app.kubernetes.io/name';
const CONFIG = 'kustomizeconfig.yaml';

/** A kustomization's text; `extra` holds more top-level fields. */
function kustomization(resources, extra = {}) {
  const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', ...resources.map((path) => `  - ${path}`)];
  for (const [key, value] of Object.entries(extra)) lines.push(`${key}: ${JSON.stringify(value)}`);
  return `${lines.join('\n')}\n`;
}

/** YAML documents joined into one multi-document text. */
const joinDocuments = (texts) => texts.join('---\n');

/** Writes files (relative path → text) under dir, which is emptied first. */
function writeTree(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The object files of today's layout, in kustomization order: [{ path, text, pool }]. */
function todaysObjects(dir) {
  const { resources } = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
  return resources.map((path) => {
    const text = readFileSync(join(dir, path), 'utf8');
    return { path, text, pool: parse(text).metadata.labels[POOL_LABEL] };
  });
}

function byPool(objects) {
  const pools = new Map();
  for (const object of objects) pools.set(object.pool, [...(pools.get(object.pool) ?? []), object]);
  return pools;
}

/** Pools in chunks of `size`, in the order they first appear. */
function chunks(pools, size) {
  const entries = [...pools.values()];
  const result = [];
  for (let index = 0; index < entries.length; index += size) result.push(entries.slice(index, index + size).flat());
  return result;
}

const chunkName = (index) => `pools-${String(index).padStart(3, '0')}`;

/** Every `size` pools a kustomization of its own, with its own copy of kustomizeconfig.yaml. */
function standaloneChunks(objects, config, size) {
  return chunks(byPool(objects), size).flatMap((members, index) => [
    ...members.map(({ path, text }) => [`${chunkName(index)}/${path}`, text]),
    [`${chunkName(index)}/kustomization.yaml`, kustomization(members.map(({ path }) => path), { configurations: [CONFIG] })],
    [`${chunkName(index)}/${CONFIG}`, config],
  ]);
}

/** Each arrangement: the files it writes, from today's object files and kustomizeconfig.yaml. */
const ARRANGEMENTS = {
  a: {
    title: 'today: a file per object, configurations (the files synth writes)',
    files: (objects, config, today) => [...objects.map(({ path, text }) => [path, text]), ['kustomization.yaml', today], [CONFIG, config]],
  },
  b: {
    title: 'as (a) without configurations',
    files: (objects) => [...objects.map(({ path, text }) => [path, text]), ['kustomization.yaml', kustomization(objects.map(({ path }) => path))]],
  },
  c: {
    title: 'one file holding every object',
    files: (objects, config) => [['workers.yaml', joinDocuments(objects.map(({ text }) => text))], ['kustomization.yaml', kustomization(['workers.yaml'], { configurations: [CONFIG] })], [CONFIG, config]],
  },
  d: {
    title: 'a file per pool (its 6 objects)',
    files: (objects, config) => {
      const pools = [...byPool(objects)].map(([pool, members]) => [`${pool}.yaml`, joinDocuments(members.map(({ text }) => text))]);
      return [...pools, ['kustomization.yaml', kustomization(pools.map(([path]) => path), { configurations: [CONFIG] })], [CONFIG, config]];
    },
  },
  e1: {
    title: 'a sub-kustomization per pool (a file per object)',
    files: (objects, config) => {
      const files = [];
      for (const [pool, members] of byPool(objects)) {
        files.push(...members.map(({ path, text }) => [`pools/${pool}/${path}`, text]));
        files.push([`pools/${pool}/kustomization.yaml`, kustomization(members.map(({ path }) => path))]);
      }
      const dirs = [...byPool(objects).keys()].map((pool) => `pools/${pool}`);
      return [...files, ['kustomization.yaml', kustomization(dirs, { configurations: [CONFIG] })], [CONFIG, config]];
    },
  },
  e100: {
    title: 'a sub-kustomization per 100 pools (a file per object)',
    files: (objects, config) => {
      const groups = chunks(byPool(objects), 100);
      const files = groups.flatMap((members, index) => [
        ...members.map(({ path, text }) => [`${chunkName(index)}/${path}`, text]),
        [`${chunkName(index)}/kustomization.yaml`, kustomization(members.map(({ path }) => path))],
      ]);
      return [...files, ['kustomization.yaml', kustomization(groups.map((_, index) => chunkName(index)), { configurations: [CONFIG] })], [CONFIG, config]];
    },
  },
  e100f: {
    title: 'a sub-kustomization per 100 pools, each one file',
    files: (objects, config) => {
      const groups = chunks(byPool(objects), 100);
      const files = groups.flatMap((members, index) => [
        [`${chunkName(index)}/workers.yaml`, joinDocuments(members.map(({ text }) => text))],
        [`${chunkName(index)}/kustomization.yaml`, kustomization(['workers.yaml'])],
      ]);
      return [...files, ['kustomization.yaml', kustomization(groups.map((_, index) => chunkName(index)), { configurations: [CONFIG] })], [CONFIG, config]];
    },
  },
  fifo: {
    title: 'as (a) with sortOptions: {order: fifo}',
    files: (objects, config) => [...objects.map(({ path, text }) => [path, text]), ['kustomization.yaml', kustomization(objects.map(({ path }) => path), { configurations: [CONFIG], sortOptions: { order: 'fifo' } })], [CONFIG, config]],
  },
  cfifo: {
    title: 'as (c) with sortOptions: {order: fifo}',
    files: (objects, config) => [['workers.yaml', joinDocuments(objects.map(({ text }) => text))], ['kustomization.yaml', kustomization(['workers.yaml'], { configurations: [CONFIG], sortOptions: { order: 'fifo' } })], [CONFIG, config]],
  },
  norestrict: {
    title: 'as (a), built with --load-restrictor LoadRestrictionsNone',
    flags: ['--load-restrictor', 'LoadRestrictionsNone'],
    files: (objects, config, today) => ARRANGEMENTS.a.files(objects, config, today),
  },
  split100: {
    title: 'a separate kustomize root per 100 pools (a file per object), built one after another',
    roots: true,
    files: (objects, config) => standaloneChunks(objects, config, 100),
  },
  split10: {
    title: 'a separate kustomize root per 10 pools (a file per object), built one after another',
    roots: true,
    files: (objects, config) => standaloneChunks(objects, config, 10),
  },
  hybrid100: {
    title: 'the roots of split100 as sub-kustomizations of one top kustomization, built at the top',
    files: (objects, config) => {
      const files = standaloneChunks(objects, config, 100);
      const dirs = [...new Set(files.map(([path]) => path.split('/')[0]))];
      return [...files, ['kustomization.yaml', kustomization(dirs)]];
    },
  },
};

const ONLY = process.env.KA_ONLY?.split(',') ?? Object.keys(ARRANGEMENTS);

/** Runs `kubectl kustomize dir`, killing it after the cap; resolves to { seconds, cpu, stdout, error }. */
function build(dir, flags = [], cap = CAP) {
  const command = [KUBECTL, 'kustomize', ...flags, dir];
  const argv = GNU_TIME ? [GNU_TIME, '-f', '@@cpu %U %S', ...command] : command;
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    let killed = false;
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => { err += chunk; });
    const timer = setTimeout(() => { killed = true; process.kill(-child.pid, 'SIGKILL'); }, cap * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const match = /@@cpu ([\d.]+) ([\d.]+)/.exec(err);
      const cpu = match ? Number(match[1]) + Number(match[2]) : undefined;
      const error = killed ? `over ${cap} s` : code ? err.replace(/@@cpu.*\n?/, '').trim().slice(0, 400) : undefined;
      resolve({ seconds, cpu, stdout: Buffer.concat(out).toString('utf8'), error });
    });
  });
}

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  return value;
}

/** The objects of a multi-document YAML text as sorted canonical JSON lines. */
function objectSet(text) {
  return parseAllDocuments(text).map((document) => document.toJS()).filter(Boolean)
    .map((object) => JSON.stringify(canonical(object))).sort();
}

function sameSet(a, b) {
  if (a.length !== b.length) return `${a.length} objects, expected ${b.length}`;
  const index = a.findIndex((line, i) => line !== b[i]);
  return index < 0 ? undefined : `object ${index} differs: ${a[index].slice(0, 160)}`;
}

/** What is wrong with an overlay's output (namePrefix p-, namespace other) over `objects`. */
function overlayProblems(text, objects) {
  const output = parseAllDocuments(text).map((document) => document.toJS()).filter(Boolean);
  const names = new Set(output.map(({ kind, metadata }) => `${kind}/${metadata.name}`));
  const problems = [];
  if (output.length !== objects.length) problems.push(`${output.length} objects, expected ${objects.length}`);
  for (const { kind, metadata, spec } of output) {
    if (!metadata.name.startsWith('p-') || metadata.namespace !== 'other') problems.push(`${kind}/${metadata.name} not renamed into other`);
    if (kind !== 'ScaledObject') continue;
    const target = `Deployment/${spec.scaleTargetRef.name}`;
    if (!names.has(target)) problems.push(`${metadata.name}: scaleTargetRef.name ${spec.scaleTargetRef.name} names no object`);
    for (const trigger of spec.triggers ?? []) {
      const auth = trigger.authenticationRef?.name;
      if (auth !== undefined && !names.has(`TriggerAuthentication/${auth}`)) problems.push(`${metadata.name}: authenticationRef.name ${auth} names no object`);
    }
  }
  return problems;
}

/** The median; of an even count, the mean of the middle two. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
}

/** Builds each root in turn: the times add up, the outputs are joined. */
async function buildRoots(dirs, flags) {
  const total = { seconds: 0, cpu: 0, stdout: '' };
  for (const dir of dirs) {
    const result = await build(dir, flags, CAP - total.seconds);
    if (result.error) return { ...result, seconds: total.seconds + result.seconds };
    total.seconds += result.seconds;
    total.cpu += result.cpu ?? NaN;
    total.stdout += `---\n${result.stdout}`;
  }
  return total;
}

/**
 * Times every arrangement in rounds (each round builds each arrangement once, in turn), so that a change in the
 * machine's load falls on all of them alike. An arrangement leaves the rounds once it fails or takes too long.
 */
async function timeInRounds(trials) {
  for (let round = 0; round < RUNS; round++) {
    for (const trial of trials) {
      const last = trial.runs.at(-1);
      if (last && (last.error || last.seconds > ONCE_OVER)) continue;
      const result = await buildRoots(trial.dirs, trial.flags);
      trial.stdout ??= result.stdout;
      trial.runs.push({ seconds: result.seconds, cpu: result.cpu, error: result.error, load: loadavg()[0] });
    }
  }
}

function summary({ runs }) {
  const failed = runs.find(({ error }) => error);
  const load = median(runs.map(({ load }) => load));
  if (failed) return { error: failed.error, runs: runs.length, load };
  return { seconds: median(runs.map(({ seconds }) => seconds)), cpu: median(runs.map(({ cpu }) => cpu ?? NaN)), runs: runs.length, load };
}

function synth(pools) {
  const config = join(WORK, `fleet-${pools}.yaml`);
  const out = join(WORK, `synth-${pools}`);
  writeFileSync(config, fleetYaml(pools));
  rmSync(out, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [BIN, 'synth', '--config', config, '--out', out, '--layout', 'kustomize'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`synth failed: ${result.stderr}`);
  return out;
}

let overlayReference;

/** Builds an overlay (namePrefix p-, namespace other) over each root of dir/base and says what is wrong with it. */
async function checkOverlay(dir, roots, flags, objects, isReference) {
  const overlay = join(dir, 'overlay');
  const baseOf = (root) => (root === '.' ? '../base' : `../../base/${root}`);
  writeTree(overlay, roots.map((root) => [join(root, 'kustomization.yaml'), kustomization([baseOf(root)], { namePrefix: 'p-', namespace: 'other' })]));
  const built = await buildRoots(roots.map((root) => join(overlay, root)), flags);
  if (built.error) return `error: ${built.error}`;
  const problems = overlayProblems(built.stdout, objects);
  const set = objectSet(built.stdout);
  if (isReference) overlayReference = set;
  const differs = overlayReference && sameSet(set, overlayReference);
  return problems.length ? `${problems.length} problems, e.g. ${problems[0]}` : differs ? `refs ok, differs from (a): ${differs}` : 'ok';
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const version = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' }).stdout.trim().replace(/\n/g, ', ');
  console.log(`${version}; ${cpus().length} × ${cpus()[0]?.model}; load ${loadavg().map((load) => load.toFixed(2)).join(' ')}; cap ${CAP} s; work ${WORK}`);
  const results = [];
  const smallest = Math.min(...SIZES);
  for (const pools of SIZES) {
    const synthDir = synth(pools);
    const objects = todaysObjects(synthDir);
    const config = readFileSync(join(synthDir, CONFIG), 'utf8');
    const today = readFileSync(join(synthDir, 'kustomization.yaml'), 'utf8');
    const expected = objectSet(joinDocuments(objects.map(({ text }) => text)));
    const trials = ONLY.map((key) => {
      const arrangement = ARRANGEMENTS[key];
      const base = join(WORK, String(pools), key, 'base');
      const files = arrangement.files(objects, config, today);
      writeTree(base, files);
      const roots = arrangement.roots ? [...new Set(files.map(([path]) => path.split('/')[0]))] : ['.'];
      return { key, arrangement, roots, dirs: roots.map((root) => join(base, root)), flags: arrangement.flags, runs: [] };
    });
    await timeInRounds(trials);
    for (const { key, arrangement, roots, stdout, ...trial } of trials) {
      const row = { pools, objects: objects.length, arrangement: key, title: arrangement.title, ...summary(trial) };
      if (!row.error) row.sameObjects = sameSet(objectSet(stdout), expected) ?? 'yes';
      if (pools === smallest && !row.error && row.seconds <= ONCE_OVER) row.overlay = await checkOverlay(join(WORK, String(pools), key), roots, arrangement.flags, objects, key === 'a');
      rmSync(join(WORK, String(pools), key), { recursive: true, force: true });
      results.push(row);
      const figure = row.error ? (row.error.startsWith('over') ? `>${CAP}` : 'error') : `${row.seconds.toFixed(2)} s wall, ${row.cpu?.toFixed(2)} s cpu`;
      console.log(`${String(pools).padStart(5)} pools  ${key.padEnd(10)} ${figure.padEnd(28)} runs ${row.runs}  load ${row.load.toFixed(2)}  same objects: ${row.sameObjects ?? '-'}${row.overlay ? `  overlay: ${row.overlay}` : ''}${row.error && !row.error.startsWith('over') ? `  ${row.error}` : ''}  — ${arrangement.title}`);
    }
  }
  if (process.env.KA_JSON) writeFileSync(process.env.KA_JSON, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
