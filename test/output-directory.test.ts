import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BIN, cli, cliProcess, expectInputError } from './support/cli';
import { tempDir, writeTemp } from './support/files';
import { assertOneCompleteRun, fleetConfig, JOURNAL, LOCK, manifestFiles, OWNERSHIP, ownedNames } from './support/output-dir';
import { commitSwap, StagedFiles } from '../src/synth/journal';

const TWO_POOLS = 'pools:\n  - {name: a, image: "img:1", job: {}}\n  - {name: b, image: "img:1", job: {}}\n';
const ONE_POOL = 'pools:\n  - {name: a, image: "img:2", job: {}}\n';
const twoPools = writeTemp('workers.yaml', TWO_POOLS);
const onePool = writeTemp('workers.yaml', ONE_POOL);
const perResource = (config: string, out: string) => cli('synth', '--config', config, '--out', out, '--layout', 'per-resource');

describe('output directory: written inside, never replaced', () => {
  it('writes into the working directory with --out ., keeping the directory and its other files', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'README.md'), 'mine');
    const before = fs.statSync(cwd);
    const result = cliProcess(['synth', '--config', twoPools, '--out', '.'], { cwd });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(fs.statSync(cwd).ino, before.ino);
    assert.deepEqual(fs.readdirSync(cwd).sort(), [OWNERSHIP, 'README.md', 'workers.k8s.yaml']);
    assert.deepEqual(fs.readdirSync(path.dirname(cwd)).filter((name) => name.startsWith(`.${path.basename(cwd)}`)), []);
  });

  it('writes through a symbolic link to a directory, which stays a link', () => {
    const real = tempDir();
    const link = path.join(tempDir(), 'out');
    fs.symlinkSync(real, link);
    assert.equal(perResource(twoPools, link).code, 0);
    assert.equal(perResource(onePool, link).code, 0);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.deepEqual(Object.keys(assertOneCompleteRun(real)), ['job-a-worker.yaml']);
  });

  it('keeps the directory itself: inode, mode, owner and group', () => {
    const out = path.join(tempDir(), 'out');
    fs.mkdirSync(out);
    fs.chmodSync(out, 0o2751);
    if (process.getuid?.() === 0) fs.chownSync(out, 4242, 4343);
    const before = fs.statSync(out);
    assert.equal(perResource(twoPools, out).code, 0);
    assert.equal(perResource(onePool, out).code, 0);
    const after = fs.statSync(out);
    assert.deepEqual([after.ino, after.mode, after.uid, after.gid], [before.ino, before.mode, before.uid, before.gid]);
  });

  it('leaves foreign files alone, and they do not weaken the swap', () => {
    const out = tempDir();
    for (const name of ['README.md', '.gitkeep', '.DS_Store']) fs.writeFileSync(path.join(out, name), name);
    assert.equal(perResource(twoPools, out).code, 0);
    assert.equal(perResource(onePool, out).code, 0);
    assert.deepEqual(Object.keys(assertOneCompleteRun(out, ['README.md', '.gitkeep', '.DS_Store'])), ['job-a-worker.yaml']);
    for (const name of ['README.md', '.gitkeep', '.DS_Store']) assert.equal(fs.readFileSync(path.join(out, name), 'utf8'), name);
  });

  it('leaves files whose content did not change as they are, and replaces the others', () => {
    const out = tempDir();
    assert.equal(perResource(twoPools, out).code, 0);
    const [a, b] = ['job-a-worker.yaml', 'job-b-worker.yaml'].map((name) => fs.statSync(path.join(out, name)).ino);
    assert.equal(perResource(writeTemp('workers.yaml', TWO_POOLS.replace(/img:1(?=.*\n$)/, 'img:2')), out).code, 0);
    assert.equal(fs.statSync(path.join(out, 'job-a-worker.yaml')).ino, a);
    assert.notEqual(fs.statSync(path.join(out, 'job-b-worker.yaml')).ino, b);
    assert.match(fs.readFileSync(path.join(out, 'job-b-worker.yaml'), 'utf8'), /image: img:2/);
  });

  it('cleans what an earlier version left beside the output when it was killed', () => {
    const parent = tempDir();
    const out = path.join(parent, 'out');
    for (const left of ['.out.staging-Ab12Cd', '.out.staging-Ab12Cd.old']) {
      fs.mkdirSync(path.join(parent, left));
      fs.writeFileSync(path.join(parent, left, 'job-x-worker.yaml'), 'kind: Job');
      fs.writeFileSync(path.join(parent, left, OWNERSHIP), 'job-x-worker.yaml\n');
    }
    fs.mkdirSync(path.join(parent, '.out.staging-Zz99Zz', 'keep'), { recursive: true });
    assert.equal(perResource(twoPools, out).code, 0);
    assert.deepEqual(fs.readdirSync(parent).sort(), ['.out.staging-Zz99Zz', 'out']);
  });
});

describe('output directory: trusts and deletes only what it wrote', () => {
  it('does not trust an ownership file that is a symbolic link', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'prod.yaml'), 'kind: Secret');
    fs.symlinkSync(writeTemp('list', 'prod.yaml\n'), path.join(out, OWNERSHIP));
    expectInputError(perResource(onePool, out), `${path.join(out, OWNERSHIP)} is a symbolic link`, 'not trusted');
    assert.deepEqual(fs.readdirSync(out).sort(), [OWNERSHIP, 'prod.yaml']);
  });

  it('does not trust an ownership file that is a directory', () => {
    const out = tempDir();
    fs.mkdirSync(path.join(out, OWNERSHIP));
    fs.writeFileSync(path.join(out, 'prod.yaml'), 'kind: Secret');
    expectInputError(perResource(onePool, out), `${path.join(out, OWNERSHIP)} is a directory`);
    assert.deepEqual(fs.readdirSync(out).sort(), [OWNERSHIP, 'prod.yaml']);
  });

  it('never deletes a foreign directory named like a file it wrote', () => {
    const out = tempDir();
    assert.equal(perResource(twoPools, out).code, 0);
    fs.rmSync(path.join(out, 'job-b-worker.yaml'));
    fs.mkdirSync(path.join(out, 'job-b-worker.yaml'));
    fs.writeFileSync(path.join(out, 'job-b-worker.yaml', 'notes'), 'mine');
    assert.equal(perResource(onePool, out).code, 0);
    assert.equal(fs.readFileSync(path.join(out, 'job-b-worker.yaml', 'notes'), 'utf8'), 'mine');
    assert.deepEqual(ownedNames(out), ['job-a-worker.yaml']);
  });

  it('never follows a subdirectory it writes into when it has become a link elsewhere', () => {
    const out = tempDir();
    const namespaces = writeTemp('workers.yaml', 'namespace: batch\ncreateNamespaces: true\npools:\n  - {name: a, image: "img:1", job: {}}\n  - {name: b, namespace: web, image: "img:1", job: {}}\n');
    assert.equal(cli('synth', '--config', namespaces, '--out', out, '--layout', 'kustomize').code, 0);
    const written = ownedNames(out).filter((name) => name.startsWith('namespaces/'));
    assert.ok(written.length >= 2);
    const elsewhere = tempDir();
    for (const name of written) fs.writeFileSync(path.join(elsewhere, path.basename(name)), 'mine');
    fs.rmSync(path.join(out, 'namespaces'), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(out, 'namespaces'));
    expectInputError(cli('synth', '--config', namespaces, '--out', out, '--layout', 'kustomize'), `${path.join(out, 'namespaces')} is a symbolic link, expected a directory to write`);
    assert.equal(cli('synth', '--config', onePool, '--out', out, '--layout', 'kustomize').code, 0);
    for (const name of written) assert.equal(fs.readFileSync(path.join(elsewhere, path.basename(name)), 'utf8'), 'mine');
    assert.ok(fs.lstatSync(path.join(out, 'namespaces')).isSymbolicLink());
  });

  it('refuses to write over a directory (EISDIR), changing nothing', () => {
    const out = tempDir();
    fs.mkdirSync(path.join(out, 'workers.k8s.yaml'));
    expectInputError(cli('synth', '--config', onePool, '--out', out), `${path.join(out, 'workers.k8s.yaml')} is a directory, expected a file cdk8s-workers wrote`);
    assert.deepEqual(fs.readdirSync(out), ['workers.k8s.yaml']);
  });

  it('refuses to overwrite a file it did not write', () => {
    const out = tempDir();
    assert.equal(perResource(onePool, out).code, 0);
    fs.writeFileSync(path.join(out, 'job-b-worker.yaml'), 'mine');
    expectInputError(perResource(twoPools, out), 'job-b-worker.yaml exists and cdk8s-workers did not write it');
    assert.equal(fs.readFileSync(path.join(out, 'job-b-worker.yaml'), 'utf8'), 'mine');
  });

  it('does not trust a journal that is a symbolic link, nor one it cannot read', () => {
    const out = tempDir();
    assert.equal(perResource(twoPools, out).code, 0);
    fs.symlinkSync(writeTemp('journal', '{}'), path.join(out, JOURNAL));
    expectInputError(perResource(onePool, out), `${path.join(out, JOURNAL)} is a symbolic link`);
    fs.rmSync(path.join(out, JOURNAL));
    fs.writeFileSync(path.join(out, JOURNAL), '{"format":"cdk8s-workers-journal/1","install":["../../etc/passwd"],"remove":[]}');
    expectInputError(perResource(onePool, out), 'is not a journal cdk8s-workers wrote');
    assert.deepEqual(Object.keys(manifestFiles(out)), ['job-a-worker.yaml', 'job-b-worker.yaml']);
  });
});

/** Stages one file and an ownership list in `out`, as a synth killed before its commit leaves them. */
function stageOneFile(out: string, text: string, ownership: string): void {
  const staged = new StagedFiles(out);
  staged.add(text);
  staged.finish([ownership]);
}

describe('output directory: the journal', () => {
  it('hides staged files from kubectl, and the next synth completes a committed swap first', (t) => {
    const out = tempDir();
    assert.equal(perResource(twoPools, out).code, 0);
    const old = manifestFiles(out);
    stageOneFile(out, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', 'job-c-worker.yaml\n');
    commitSwap(out, { install: ['job-c-worker.yaml'], remove: ['job-a-worker.yaml', 'job-b-worker.yaml'] });
    assert.deepEqual(manifestFiles(out), old, 'until completed, the old files are in place');
    const kubectl = spawnSync('kubectl', ['label', '--local', '-R', '-f', out, 'probe=x', '-o', 'name'], { encoding: 'utf8' });
    if (kubectl.error) t.diagnostic('kubectl not found: skipped reading the directory back through kubectl');
    else assert.deepEqual(kubectl.stdout.trim().split('\n').sort(), ['job.batch/a-worker', 'job.batch/b-worker']);
    const next = perResource(onePool, out);
    assert.equal(next.code, 0);
    assert.match(next.stderr, new RegExp(`^note: completed the swap an interrupted synth left in ${escape(out)}\n`));
    assert.deepEqual(Object.keys(assertOneCompleteRun(out)), ['job-a-worker.yaml']);
  });

  it('discards what a run killed before its commit staged', () => {
    const out = tempDir();
    assert.equal(perResource(twoPools, out).code, 0);
    stageOneFile(out, 'x', 'job-z-worker.yaml\n');
    const pid = deadPid();
    fs.writeFileSync(path.join(out, LOCK), JSON.stringify({ pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', token: 'x' }));
    const next = perResource(onePool, out);
    assert.equal(next.code, 0);
    assert.match(next.stderr, new RegExp(`^note: took over the lock of pid ${pid} on host .+ since 2026-01-01T00:00:00.000Z, which is no longer running\nnote: discarded the files an interrupted synth had staged in ${escape(out)} `));
    assert.deepEqual(Object.keys(assertOneCompleteRun(out)), ['job-a-worker.yaml']);
  });
});

describe('output directory: the lock', () => {
  it('waits a bounded time for a live holder, then exits 2 naming it', () => {
    const out = tempDir();
    const since = new Date().toISOString();
    fs.writeFileSync(path.join(out, LOCK), JSON.stringify({ pid: process.pid, host: os.hostname(), since, token: 'held' }));
    const started = Date.now();
    const result = spawnSync(process.execPath, [BIN, 'synth', '--config', onePool, '--out', out], { encoding: 'utf8', env: { ...process.env, CDK8S_WORKERS_LOCK_TIMEOUT: '0.5' } });
    expectInputError({ code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }, `is locked by another synth (pid ${process.pid} on host ${os.hostname()} since ${since}`, 'waited 0.5 s');
    assert.ok(Date.now() - started >= 500);
    assert.deepEqual(fs.readdirSync(out), [LOCK]);
  });

  it('takes over the lock of a dead holder, and removes a takeover guard a dead run left', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, LOCK), JSON.stringify({ pid: deadPid(), host: os.hostname(), since: '2026-01-01T00:00:00.000Z', token: 'dead' }));
    fs.writeFileSync(path.join(out, `${LOCK}-takeover`), JSON.stringify({ pid: deadPid(), host: os.hostname(), since: '2026-01-01T00:00:00.000Z', token: 'dead' }));
    assert.equal(perResource(onePool, out).code, 0);
    assert.deepEqual(Object.keys(assertOneCompleteRun(out)), ['job-a-worker.yaml']);
  });

  it('refuses a lock that is not a regular file, and a bad timeout', () => {
    const out = tempDir();
    fs.mkdirSync(path.join(out, LOCK));
    expectInputError(perResource(onePool, out), `${path.join(out, LOCK)} is a directory, expected the regular lock file`);
    const result = spawnSync(process.execPath, [BIN, 'synth', '--config', onePool, '--out', tempDir()], { encoding: 'utf8', env: { ...process.env, CDK8S_WORKERS_LOCK_TIMEOUT: 'soon' } });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /CDK8S_WORKERS_LOCK_TIMEOUT: received "soon", expected a number of seconds/);
  });
});

describe('output directory: what the file system refuses is exit 2 naming the path', () => {
  it('no space left on the device (a 64 KiB tmpfs): the previous output stays as it was', (t) => {
    withTmpfs(t, (mount) => {
      const out = path.join(mount, 'out');
      assert.equal(perResource(onePool, out).code, 0);
      const before = manifestFiles(out);
      expectInputError(perResource(writeTemp('workers.yaml', fleetConfig(0, 200, 'img:1')), out), 'no space left on the device holding', mount, 'the previous output in');
      assert.deepEqual(assertOneCompleteRun(out), before);
    });
  });

  it('writes into a mount point, which stays mounted', (t) => {
    withTmpfs(t, (mount) => {
      const device = fs.statSync(mount).dev;
      assert.equal(perResource(twoPools, mount).code, 0);
      assert.equal(perResource(onePool, mount).code, 0);
      assert.equal(fs.statSync(mount).dev, device);
      assert.notEqual(fs.statSync(path.dirname(mount)).dev, device);
      assert.deepEqual(Object.keys(assertOneCompleteRun(mount)), ['job-a-worker.yaml']);
    });
  });

  it('refuses, before changing anything, to replace a file mounted in the directory (EBUSY)', (t) => {
    const out = tempDir();
    assert.equal(perResource(twoPools, out).code, 0);
    const before = manifestFiles(out);
    const mounted = spawnSync('mount', ['--bind', writeTemp('other.yaml', 'kind: ConfigMap\n'), path.join(out, 'job-b-worker.yaml')], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      t.skip(`cannot bind-mount a file here (${(mounted.stderr || mounted.error?.message || '').trim()}); run the tests as root to check a mounted file`);
      return;
    }
    try {
      expectInputError(perResource(onePool, out), `${path.join(out, 'job-b-worker.yaml')} is a mount point (EBUSY`);
      assert.deepEqual(fs.readdirSync(out).sort(), [OWNERSHIP, ...Object.keys(before)]);
      assert.equal(fs.readFileSync(path.join(out, 'job-a-worker.yaml'), 'utf8'), before['job-a-worker.yaml']);
    } finally {
      spawnSync('umount', [path.join(out, 'job-b-worker.yaml')]);
    }
  });

  it('a directory it may not write (EPERM on an immutable directory)', (t) => {
    const out = tempDir();
    assert.equal(perResource(twoPools, out).code, 0);
    const before = manifestFiles(out);
    const locked = spawnSync('chattr', ['+i', out], { encoding: 'utf8' });
    if (locked.status !== 0) {
      t.skip(`cannot make a directory immutable here (${(locked.stderr || locked.error?.message || '').trim()})`);
      return;
    }
    try {
      expectInputError(perResource(onePool, out), 'operation not permitted on', out);
    } finally {
      spawnSync('chattr', ['-i', out]);
    }
    assert.deepEqual(assertOneCompleteRun(out), before);
  });

  it('a name too long for the file system (ENAMETOOLONG)', () => {
    const out = path.join(tempDir(), 'x'.repeat(300));
    expectInputError(cli('synth', '--config', onePool, '--out', out), `the name ${out} is too long for its file system (ENAMETOOLONG)`);
  });

  it('a deleted working directory', () => {
    const gone = tempDir();
    const result = spawnSync('sh', ['-c', `cd "${gone}" && rmdir "${gone}" && exec "${process.execPath}" "${BIN}" synth --config "${onePool}" --out dist`], { encoding: 'utf8' });
    expectInputError({ code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }, 'the current working directory no longer exists');
  });

  it('a symbolic link to a directory that does not exist', () => {
    const link = path.join(tempDir(), 'out');
    fs.symlinkSync(path.join(tempDir(), 'missing'), link);
    expectInputError(cli('synth', '--config', onePool, '--out', link), `output path ${link} is a symbolic link to`, 'which does not exist');
  });
});

/** Runs `check` on a fresh 64 KiB tmpfs; skips, saying why, where mounting is not permitted. */
function withTmpfs(t: { skip: (message: string) => void }, check: (mount: string) => void): void {
  const mount = tempDir();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    t.skip(`cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || '').trim()}); run the tests as root to check this`);
    return;
  }
  try {
    check(mount);
  } finally {
    spawnSync('umount', [mount]);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}
