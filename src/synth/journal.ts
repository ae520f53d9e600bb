import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inputError } from '../config/errors';
import { JOURNAL_FILE, OWNERSHIP_FILE, STAGING_DIR } from './control-files';
import type { FileText } from './layout';
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

/**
 * The files one swap installs, staged as they come (`add`), flushed to disk together when all are there
 * (`finish`), before the swap is committed. The staged copy of the i-th file added is named `i`.
 */
export class StagedFiles {
  /** How many files have been staged. */
  public count = 0;
  private readonly staging: string;
  /** Flushed as each file is written, where the file system cannot be flushed at once. */
  private readonly flushEach = process.platform !== 'linux';

  constructor(dir: string) {
    this.staging = path.join(dir, STAGING_DIR);
    fs.mkdirSync(this.staging, { mode: 0o700 });
  }

  /**
   * Stages `text` as the next file, unless `current` (the file it replaces) holds exactly this text already:
   * then nothing is staged and it returns false.
   */
  public add(text: FileText, current?: string): boolean {
    const file = path.join(this.staging, String(this.count));
    if (typeof text === 'string') {
      if (current !== undefined && holds(current, text)) return false;
      writeFile(file, [text], this.flushEach);
    } else if (writeFile(file, text, this.flushEach, current)) {
      fs.unlinkSync(file);
      return false;
    }
    this.count++;
    return true;
  }

  /** Stages the ownership list, and flushes every staged file and the staging directory to disk. */
  public finish(ownership: Iterable<string>): void {
    writeFile(path.join(this.staging, STAGED_OWNERSHIP), ownership, true);
    if (!this.flushEach) this.flushStaged();
    syncToDisk(this.staging);
  }

  /**
   * A few files are flushed one by one; many at once, with one syncfs(2) of their file system (`sync -f`),
   * which costs a fraction of a flush per file. Where syncfs may hide a failed write (Linux before 5.8) or
   * `sync -f` fails, each file is flushed after all.
   */
  private flushStaged(): void {
    if (this.count > FLUSHED_ONE_BY_ONE && SYNCFS_REPORTS_ERRORS && syncFileSystem(this.staging)) return;
    for (let index = 0; index < this.count; index++) syncToDisk(path.join(this.staging, String(index)));
  }
}

const FLUSHED_ONE_BY_ONE = 8;

/** Linux reports a failed write to syncfs(2) since 5.8; before, only to the flush of the file itself. */
const SYNCFS_REPORTS_ERRORS = kernelAtLeast(os.release(), 5, 8);

function kernelAtLeast(release: string, major: number, minor: number): boolean {
  const [found, foundMajor, foundMinor] = /^(\d+)\.(\d+)/.exec(release) ?? [];
  return found !== undefined && (Number(foundMajor) > major || (Number(foundMajor) === major && Number(foundMinor) >= minor));
}
const BLOCK = 64 * 1024;

/** Whether the file at `file` holds exactly `text`. */
function holds(file: string, text: string): boolean {
  return fs.statSync(file).size === Buffer.byteLength(text) && fs.readFileSync(file, 'utf8') === text;
}

/**
 * Creates `file` holding the chunks, written in blocks of about 64 KiB; flushes it to disk when `flush`.
 * With `current`, returns whether that file holds the same bytes, compared block by block as they are written.
 */
function writeFile(file: string, chunks: Iterable<string>, flush: boolean, current?: string): boolean {
  const fd = fs.openSync(file, 'wx', 0o666);
  const comparison = current === undefined ? undefined : fs.openSync(current, 'r');
  let same = comparison !== undefined;
  let position = 0;
  const compared = same ? Buffer.allocUnsafe(BLOCK) : undefined;
  const writeBlock = (block: Buffer) => {
    fs.writeSync(fd, block);
    if (same) same = holdsAt(comparison!, compared!, block, position);
    position += block.length;
  };
  try {
    for (const chunk of chunks) writeBlock(Buffer.from(chunk, 'utf8'));
    if (same) same = fs.fstatSync(comparison!).size === position;
    if (flush) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
    if (comparison !== undefined) fs.closeSync(comparison);
  }
  return same;
}

/** Whether the file open as `fd` holds `block` at `position`; read into `buffer` a part at a time. */
function holdsAt(fd: number, buffer: Buffer, block: Buffer, position: number): boolean {
  for (let offset = 0; offset < block.length; offset += buffer.length) {
    const part = block.subarray(offset, offset + buffer.length);
    const read = fs.readSync(fd, buffer, 0, part.length, position + offset);
    if (read !== part.length || buffer.compare(part, 0, part.length, 0, read) !== 0) return false;
  }
  return true;
}

/** Flushes the whole file system holding `dir` (syncfs(2), through coreutils' `sync -f`); false when it could not. */
function syncFileSystem(dir: string): boolean {
  // child_process is loaded only here, for outputs of more than a few files.
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const result = spawnSync('sync', ['-f', dir], { stdio: 'ignore' });
  return result.status === 0;
}

/** Records `swap` in the journal: from here on the swap happens, whatever interrupts it. */
export function commitSwap(dir: string, swap: Swap): void {
  const staged = path.join(dir, STAGING_DIR, STAGED_JOURNAL);
  writeDurably(staged, `${JSON.stringify({ format: JOURNAL_FORMAT, ...swap })}\n`);
  fs.renameSync(staged, path.join(dir, JOURNAL_FILE));
}

/** Moves the staged files into place, removes stale ones, then the journal. Safe to repeat after a crash. */
export function completeSwap(dir: string, swap: Swap): void {
  syncToDisk(dir);
  const staging = path.join(dir, STAGING_DIR);
  for (const subdirectory of subdirectories(swap.install)) ensureDirectory(path.join(dir, subdirectory));
  swap.install.forEach((name, index) => moveIfStaged(path.join(staging, String(index)), path.join(dir, name)));
  for (const name of swap.remove) {
    if (isRegularFile(path.join(dir, name))) fs.unlinkSync(path.join(dir, name));
  }
  for (const subdirectory of subdirectories(swap.remove)) removeIfEmpty(path.join(dir, subdirectory));
  moveIfStaged(path.join(staging, STAGED_OWNERSHIP), path.join(dir, OWNERSHIP_FILE));
  syncToDisk(dir);
  fs.unlinkSync(path.join(dir, JOURNAL_FILE));
  discardStaging(dir);
  syncToDisk(dir);
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
  return fs.lstatSync(file, { throwIfNoEntry: false });
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
  writeFile(file, [content], true);
}

/** Flushes a file or a directory (its entries) to disk. */
function syncToDisk(entry: string): void {
  const fd = fs.openSync(entry, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
