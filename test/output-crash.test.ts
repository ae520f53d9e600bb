import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import { cliProcess } from './support/cli';
import {
  assertOneCompleteRun, fleetConfig, scratchDir, JOURNAL, LOCK, manifestFiles, manifestPathsRecursive, ownedNames, seededRandom, STAGING, startCli,
} from './support/output-dir';

/** Enough pools that writing takes a while (a file each); old and new runs share half their names. */
const POOLS = 300;
const SEED = 20261124;
const ROUNDS = 6;
const AIMS = ['staging', 'swap', 'anywhere'] as const;

describe('output directory: synth killed at random points, and two synths at once', () => {
  // On a memory file system where one exists, so that the time goes into killing, not into waiting for the disk.
  const work = scratchDir();
  const out = path.join(work, 'out');
  const configs = { a: path.join(work, 'a.yaml'), b: path.join(work, 'b.yaml') };
  const synthArgs = (config: string, dir = out) => ['synth', '--config', config, '--out', dir, '--layout', 'per-resource'];
  const expected: Record<string, Record<string, string>> = {};
  let writeWindowMs = 0;

  before(async () => {
    fs.writeFileSync(configs.a, fleetConfig(0, POOLS, 'registry.example/worker:a'));
    fs.writeFileSync(configs.b, fleetConfig(POOLS / 2, POOLS, 'registry.example/worker:b'));
    const first = startCli(synthArgs(configs.a));
    await waitFor(path.join(out, LOCK), first);
    const writing = Date.now();
    assert.equal((await first.done).code, 0);
    writeWindowMs = Date.now() - writing;
    expected.a = assertOneCompleteRun(out);
    const reference = path.join(scratchDir(), 'b');
    assert.equal(cliProcess(synthArgs(configs.b, reference)).code, 0);
    expected.b = assertOneCompleteRun(reference);
    assert.equal(Object.keys(expected.a).length, POOLS);
  });

  it('leaves exactly one run\'s files (or a journal the next run completes), and the next synth completes it', async (t) => {
    const random = seededRandom(SEED);
    const outcomes: string[] = [];
    let before = 'a';
    for (let round = 0; round < ROUNDS; round++) {
      const after = before === 'a' ? 'b' : 'a';
      const signal = random() < 0.5 ? 'SIGKILL' : 'SIGTERM';
      const running = startCli(synthArgs(configs[after]));
      // The rounds take turns: kill while files are staged, once the swap is committed, or anywhere in the write.
      const aim = AIMS[round % AIMS.length];
      if (aim === 'staging') await waitForStaged(Math.floor(random() * POOLS * 0.5), running);
      else await waitFor(path.join(out, aim === 'swap' ? JOURNAL : LOCK), running);
      await sleep(aim === 'staging' ? 0 : Math.floor(random() * (aim === 'swap' ? 30 : writeWindowMs)));
      running.child.kill(signal);
      const result = await running.done;

      assert.deepEqual(fs.readdirSync(work).sort(), ['a.yaml', 'b.yaml', 'out'], 'nothing beside the output directory');
      assert.ok(manifestPathsRecursive(out).every((name) => !name.includes(path.sep)), 'kubectl apply -R finds no staged file');
      const found = manifestFiles(out);
      if (fs.existsSync(path.join(out, JOURNAL))) {
        outcomes.push(`${aim}: ${signal} mid-swap`);
        const journal = JSON.parse(fs.readFileSync(path.join(out, JOURNAL), 'utf8'));
        assert.ok(journal.install.every((name: string) => name in expected[after]), 'the journal installs only the new run\'s files');
        for (const [name, content] of Object.entries(found)) assert.ok(expected[before][name] === content || expected[after][name] === content, `${name} is from neither run`);
      } else if (result.code === 0) {
        outcomes.push(`${aim}: ${signal} too late`);
        assert.deepEqual(assertOneCompleteRun(out), expected[after]);
      } else {
        const whole = JSON.stringify(found) === JSON.stringify(expected[before]) ? before : JSON.stringify(found) === JSON.stringify(expected[after]) ? after : undefined;
        assert.ok(whole, `round ${round}: after ${signal} the directory holds a mix of runs`);
        assert.deepEqual(ownedNames(out), Object.keys(found));
        outcomes.push(`${aim}: ${signal} ${whole === before ? 'old kept' : 'new in place'}`);
      }

      const again = cliProcess(synthArgs(configs[after]));
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(assertOneCompleteRun(out), expected[after]);
      before = after;
    }
    t.diagnostic(`write window ${writeWindowMs} ms; outcomes: ${outcomes.join(', ')}`);
  });

  it('two synths at once: both finish one after the other, and one run\'s files remain', async () => {
    const dir = path.join(scratchDir(), 'race');
    const runs = [startCli(synthArgs(configs.a, dir)), startCli(synthArgs(configs.b, dir))];
    const results = await Promise.all(runs.map((run) => run.done));
    results.forEach((result) => assert.equal(result.code, 0, result.stderr));
    const found = assertOneCompleteRun(dir);
    assert.ok([expected.a, expected.b].some((run) => JSON.stringify(run) === JSON.stringify(found)), 'the files of exactly one run');
  });

  it('two synths at once without waiting: the loser exits 2 naming the holder (or a lock file still being written), or they did not overlap', async () => {
    const dir = path.join(scratchDir(), 'race');
    const runs = [startCli(synthArgs(configs.a, dir), { CDK8S_WORKERS_LOCK_TIMEOUT: '0' }), startCli(synthArgs(configs.b, dir), { CDK8S_WORKERS_LOCK_TIMEOUT: '0' })];
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) {
      if (result.code === 0) continue;
      assert.equal(result.code, 2, result.stderr);
      // The loser may look while the winner's lock file is created but not yet filled in.
      assert.match(result.stderr, /is locked by another synth \((?:pid \d+ on host \S+ since \d{4}-\d\d-\d\dT|a run whose lock file is still being written;)/);
    }
    assert.ok(results.some((result) => result.code === 0));
    const found = assertOneCompleteRun(dir);
    assert.ok([expected.a, expected.b].some((run) => JSON.stringify(run) === JSON.stringify(found)), 'the files of exactly one run');
  });

  async function waitForStaged(count: number, running: ReturnType<typeof startCli>): Promise<void> {
    const staging = path.join(out, STAGING);
    const until = Date.now() + 15_000;
    while (Date.now() < until && running.child.exitCode === null) {
      if (stagedCount(staging) >= count || fs.existsSync(path.join(out, JOURNAL))) return;
      await nextTurn();
    }
  }
});

async function waitFor(file: string, running: ReturnType<typeof startCli>): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until && running.child.exitCode === null) {
    if (fs.existsSync(file)) return;
    await nextTurn();
  }
}


function stagedCount(staging: string): number {
  try {
    return fs.readdirSync(staging).length;
  } catch {
    return 0;
  }
}

/** Polls as often as the event loop turns (the write being aimed at lasts milliseconds), still seeing the child exit. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
