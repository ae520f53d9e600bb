import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../config/errors';
import { JOURNAL_FILE, OWNERSHIP_FILE, STAGING_DIR } from './control-files';
import { OutputFiles } from './layout';
import { kindOf } from './output-errors';

const STAGED_OWNERSHIP = 'ownership';
const STAGED_JOURNAL = 'journal';
const STAGED_NAME = /^(?:\d+|ownership|journal)$/;
const JOURNAL_FORMAT = 'cdk8s-workers-journal/1';

/** One synth's change to an output directory. */
export interface Swap {
  /** The new and changed files to move in, in order; the staged copy of `install[i]` is named `i`. */
  readonly install: readonly string[];
  /** Files the previous synth wrote that this one does not. */
  readonly remove: readonly string[];
}

/** Whether `name` is a file name synth writes: at most one plain subdirectory, nothing hidden, nothing to escape with. */
export function isOutputFileName(name: string): boolean {
  return /^(?:[A-Za-z0-9][\w.-]*\/)?[A-Za-z0-9][\w.-]*$/.test(name);
}

/** The subdirectory part of an output file name (`namespaces` of `namespaces/a.yaml`), if any. */
export function subdirectoryOf(name: string): string | undefined {
  const slash = name.indexOf('/');
  return slash < 0 ? undefined : name.slice(0, slash);
}

/** Writes the files `swap` installs and the ownership list into the staging directory of `dir`, each flushed to disk. */
export function stageFiles(dir: string, swap: Swap, files: OutputFiles, ownership: string): void {
  const staging = path.join(dir, STAGING_DIR);
  fs.mkdirSync(staging, { mode: 0o700 });
  swap.install.forEach((name, index) => writeDurably(path.join(staging, String(index)), files.get(name) ?? ''));
  writeDurably(path.join(staging, STAGED_OWNERSHIP), ownership);
  syncDirectory(staging);
}

/** Records `swap` in the journal: from here on the swap happens, whatever interrupts it. */
export function commitSwap(dir: string, swap: Swap): void {
  const staged = path.join(dir, STAGING_DIR, STAGED_JOURNAL);
  writeDurably(staged, `${JSON.stringify({ format: JOURNAL_FORMAT, ...swap })}\n`);
  fs.renameSync(staged, path.join(dir, JOURNAL_FILE));
}

/** Moves the staged files into place, removes stale ones, then the journal. Safe to repeat after a crash. */
export function completeSwap(dir: string, swap: Swap): void {
  syncDirectory(dir);
  const staging = path.join(dir, STAGING_DIR);
  for (const subdirectory of subdirectories(swap.install)) ensureDirectory(path.join(dir, subdirectory));
  swap.install.forEach((name, index) => moveIfStaged(path.join(staging, String(index)), path.join(dir, name)));
  for (const name of swap.remove) {
    if (isRegularFile(path.join(dir, name))) fs.unlinkSync(path.join(dir, name));
  }
  for (const subdirectory of subdirectories(swap.remove)) removeIfEmpty(path.join(dir, subdirectory));
  moveIfStaged(path.join(staging, STAGED_OWNERSHIP), path.join(dir, OWNERSHIP_FILE));
  syncDirectory(dir);
  fs.unlinkSync(path.join(dir, JOURNAL_FILE));
  discardStaging(dir);
  syncDirectory(dir);
}

/**
 * Finishes what an interrupted synth left in `dir`: completes a committed swap, discards an uncommitted one.
 * Returns what it did, or undefined when there was nothing to do.
 */
export function recoverOutputDirectory(dir: string): 'completed' | 'discarded' | undefined {
  const swap = readJournal(dir);
  if (swap) {
    completeSwap(dir, swap);
    return 'completed';
  }
  return discardStaging(dir) ? 'discarded' : undefined;
}

/** Removes the staging directory and the staged files in it; refuses to touch anything else found there. */
export function discardStaging(dir: string): boolean {
  const staging = path.join(dir, STAGING_DIR);
  const stat = lstatIfPresent(staging);
  if (!stat) return false;
  if (!stat.isDirectory()) throw notOurs(staging, stat, 'the staging directory cdk8s-workers creates');
  for (const entry of fs.readdirSync(staging)) {
    const file = path.join(staging, entry);
    if (!STAGED_NAME.test(entry) || !isRegularFile(file)) {
      throw inputError({ path: '', message: `${file} is not a file cdk8s-workers staged, expected ${staging} to hold only staged files; remove it to let synth write here` });
    }
    fs.unlinkSync(file);
  }
  fs.rmdirSync(staging);
  return true;
}

/** The entry at `file`, or undefined when there is none. */
export function lstatIfPresent(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** An input error for an entry that has one of our names but is not what we would have put there. */
export function notOurs(file: string, stat: fs.Stats, expected: string) {
  return inputError({ path: '', message: `${file} is ${kindOf(stat)}, expected ${expected}; it is not trusted and was left alone (remove it to let synth write here)` });
}

function readJournal(dir: string): Swap | undefined {
  const file = path.join(dir, JOURNAL_FILE);
  const stat = lstatIfPresent(file);
  if (!stat) return undefined;
  if (!stat.isFile()) throw notOurs(file, stat, 'the regular journal file cdk8s-workers writes');
  const swap = parseJournal(fs.readFileSync(file, 'utf8'));
  if (!swap) throw inputError({ path: '', message: `${file} is not a journal cdk8s-workers wrote, expected the record of an interrupted synth; it was left alone (remove it to let synth write here)` });
  return swap;
}

function parseJournal(text: string): Swap | undefined {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const names = (list: unknown): list is string[] => Array.isArray(list) && list.every((name) => typeof name === 'string' && isOutputFileName(name));
  if (value?.format !== JOURNAL_FORMAT || !names(value.install) || !names(value.remove)) return undefined;
  return { install: value.install, remove: value.remove };
}

function subdirectories(names: readonly string[]): Set<string> {
  return new Set(names.map(subdirectoryOf).filter((name): name is string => name !== undefined));
}

function ensureDirectory(dir: string): void {
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Removes a subdirectory the last of whose files went; one holding anything else, or mounted, stays. */
function removeIfEmpty(dir: string): void {
  if (!lstatIfPresent(dir)?.isDirectory() || fs.readdirSync(dir).length) return;
  try {
    fs.rmdirSync(dir);
  } catch {
    // A mount point (EBUSY) or a file created meanwhile: it stays, which harms nothing.
  }
}

function moveIfStaged(staged: string, target: string): void {
  if (isRegularFile(staged)) fs.renameSync(staged, target);
}

function isRegularFile(file: string): boolean {
  return lstatIfPresent(file)?.isFile() ?? false;
}

function writeDurably(file: string, content: string): void {
  const fd = fs.openSync(file, 'wx', 0o666);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
