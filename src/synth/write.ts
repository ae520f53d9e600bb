import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../config/errors';
import { JOURNAL_FILE, OWNERSHIP_FILE, STAGING_DIR } from './control-files';
import {
  commitSwap, completeSwap, discardStaging, isOutputFileName, lstatIfPresent, notOurs, recoverOutputDirectory, StagedFiles, subdirectoryOf, Swap,
} from './journal';
import { OutputStream } from './layout';
import { mountPointsIn } from './mounts';
import { acquireLock, assertLockHeld, describeHolder, HeldLock, releaseLock } from './lock';
import { outputFailure, workingDirectory } from './output-errors';

export { OWNERSHIP_FILE } from './control-files';

/** How the output directory is written. */
export interface WriteOptions {
  /**
   * Seconds to wait while another synth holds the directory's lock.
   * @default the CDK8S_WORKERS_LOCK_TIMEOUT environment variable, else 30
   */
  readonly lockTimeoutSeconds?: number;
}

/** What a write found and did besides writing the files, for the user to hear about. */
export interface WriteReport {
  /** Sentences such as "completed the swap an interrupted synth left in dist". */
  readonly notes: readonly string[];
}

/**
 * Replaces what the last synth wrote in `outDir` with the files of `stream`, each staged as it comes. Writes
 * inside the directory, never replacing it: the files are staged in it, then swapped in under a journal that
 * the next synth completes if this one is killed. When the stream throws, nothing changes but that the staged
 * files are gone. Stale files go; files the tool did not write stay untouched. Holds the directory's lock meanwhile.
 */
export function writeOutput(outDir: string, stream: OutputStream, options: WriteOptions = {}): WriteReport {
  const target = path.resolve(workingDirectory(), outDir);
  prepareDirectory(target);
  const lock = withOutputErrors(target, () => acquireLock(target, options.lockTimeoutSeconds));
  const notes = lock.tookOverFrom ? [`took over the lock of ${describeHolder(lock.tookOverFrom)}, which is no longer running`] : [];
  try {
    const recovered = replaceOutput(target, stream, lock);
    if (recovered) notes.push(RECOVERY_NOTES[recovered](target));
  } finally {
    releaseLock(lock);
  }
  return { notes };
}

/** Writes the files; returns what was done first about an interrupted synth, if anything. */
function replaceOutput(target: string, stream: OutputStream, lock: HeldLock): keyof typeof RECOVERY_NOTES | undefined {
  const recovered = withOutputErrors(target, () => recoverOutputDirectory(target), `an interrupted synth's swap is recorded in ${path.join(target, JOURNAL_FILE)}; the next synth into ${target} completes it`);
  removeLegacyStaging(target);
  const previous = withOutputErrors(target, () => ownedFiles(target));
  let swap: Swap;
  try {
    swap = stageStream(target, stream, previous);
  } catch (error) {
    discardQuietly(target);
    throw outputFailure(error, path.join(target, STAGING_DIR), `the previous output in ${target} is unchanged`);
  }
  assertLockHeld(lock);
  try {
    commitSwap(target, swap);
  } catch (error) {
    discardQuietly(target);
    throw outputFailure(error, path.join(target, JOURNAL_FILE), `the previous output in ${target} is unchanged`);
  }
  withOutputErrors(target, () => completeSwap(target, swap), `the swap is recorded in ${path.join(target, JOURNAL_FILE)}; the next synth into ${target} completes it`);
  return recovered;
}

const RECOVERY_NOTES = {
  completed: (dir: string) => `completed the swap an interrupted synth left in ${dir}`,
  discarded: (dir: string) => `discarded the files an interrupted synth had staged in ${dir} (its output was never swapped in)`,
};

/**
 * Stages each file of `stream` that is new or changed, as it comes, after checking that writing it touches
 * nothing that is not ours; returns the swap that installs them and removes the files the previous synth
 * (which wrote `previous`) wrote and this one does not.
 */
function stageStream(target: string, stream: OutputStream, previous: readonly string[] | undefined): Swap {
  const owned = new Set(previous);
  const mounted = mountPointsIn(target);
  const present = new EntriesPresent(target);
  const staged = new StagedFiles(target);
  const install: string[] = [];
  let next = stream.next();
  for (; !next.done; next = stream.next()) {
    const { name, text } = next.value;
    const current = checkTarget(target, name, owned, mounted, present);
    if (staged.add(text, current)) install.push(name);
  }
  const names = next.value;
  const written = new Set(names);
  const remove = [...owned].filter((name) => !written.has(name) && isOutputFileName(name) && inRealSubdirectory(target, name));
  refuseMountPoints(target, remove, mounted);
  if (previous === undefined) refuseForeignManifests(target);
  staged.finish(ownershipText(names));
  return { install, remove };
}

/**
 * Checks that `name` may be written in `target`: a name synth writes, not a mount point, not in a foreign
 * subdirectory, and new or a file the last synth wrote. Returns the path of the file it replaces, if any.
 */
function checkTarget(target: string, name: string, owned: ReadonlySet<string>, mounted: ReadonlySet<string>, present: EntriesPresent): string | undefined {
  if (!isOutputFileName(name)) throw new Error(`refusing to write output file ${JSON.stringify(name)}`);
  refuseMountPoints(target, [name], mounted);
  refuseForeignSubdirectory(target, name);
  if (!present.mayHold(name)) return undefined;
  const file = path.join(target, name);
  const stat = lstatIfPresent(file);
  if (!stat) return undefined;
  if (!stat.isFile()) throw notOurs(file, stat, `a file cdk8s-workers wrote, to replace with ${name}`);
  if (!owned.has(name)) {
    throw inputError({ path: '', message: `${file} exists and cdk8s-workers did not write it (it is not listed in ${OWNERSHIP_FILE}), expected to write ${name} there; it was left alone, move it or choose another --out` });
  }
  return file;
}

/**
 * The names in the output directory (and its subdirectories) when synth started, read once a directory instead
 * of one lstat a file: a per-resource output of 60 000 files is mostly new files. Compared without case, so
 * that a case-insensitive file system's `Job-a.yaml` still counts as `job-a.yaml`; a name found is looked at.
 */
class EntriesPresent {
  private readonly listings = new Map<string, ReadonlySet<string>>();

  constructor(private readonly target: string) {}

  /** Whether an entry of this name (in any case) was there when synth started. */
  public mayHold(name: string): boolean {
    const subdirectory = subdirectoryOf(name) ?? '';
    let listing = this.listings.get(subdirectory);
    if (!listing) {
      listing = lowerCaseEntries(path.join(this.target, subdirectory));
      this.listings.set(subdirectory, listing);
    }
    return listing.has(path.posix.basename(name).toLowerCase());
  }
}

function lowerCaseEntries(dir: string): ReadonlySet<string> {
  try {
    return new Set(fs.readdirSync(dir).map((entry) => entry.toLowerCase()));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
}

/** Whether `name` is directly in `target`, or in a subdirectory of it that is a directory (not a link elsewhere). */
function inRealSubdirectory(target: string, name: string): boolean {
  const subdirectory = subdirectoryOf(name);
  return subdirectory === undefined || (lstatIfPresent(path.join(target, subdirectory))?.isDirectory() ?? false);
}

function refuseForeignSubdirectory(target: string, name: string): void {
  const subdirectory = subdirectoryOf(name);
  if (subdirectory === undefined) return;
  const stat = lstatIfPresent(path.join(target, subdirectory));
  if (stat && !stat.isDirectory()) throw notOurs(path.join(target, subdirectory), stat, `a directory to write ${name} into`);
}

/** Checked before the swap is committed: a mount point would make it fail halfway (EBUSY). */
function refuseMountPoints(target: string, names: readonly string[], mounted: ReadonlySet<string>): void {
  const busy = names.find((name) => mounted.has(name));
  if (busy === undefined) return;
  throw inputError({ path: '', message: `${path.join(target, busy)} is a mount point (EBUSY: it cannot be replaced or removed), expected a file synth can replace; unmount it or choose another --out` });
}

/** The files the last synth wrote into `dir`; undefined when none did. Trusts only a regular ownership file. */
function ownedFiles(dir: string): string[] | undefined {
  const file = path.join(dir, OWNERSHIP_FILE);
  const stat = lstatIfPresent(file);
  if (!stat) return undefined;
  if (!stat.isFile()) throw notOurs(file, stat, 'the regular file in which cdk8s-workers lists what it wrote');
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
}

/** A directory no synth wrote may hold other files, but none that `kubectl apply -f DIR` would read with ours. */
function refuseForeignManifests(dir: string): void {
  const manifests = fs.readdirSync(dir).filter((name) => /\.(?:json|ya?ml)$/i.test(name));
  if (!manifests.length) return;
  const listed = manifests.slice(0, 3).join(', ') + (manifests.length > 3 ? `, and ${manifests.length - 3} more` : '');
  throw inputError({
    path: '',
    message: `output directory ${dir} holds files cdk8s-workers did not write (${listed}), expected an empty or new directory, one an earlier synth wrote, or one without .yaml, .yml or .json files (kubectl apply -f would read them with the output)`,
  });
}

/** Makes sure `target` is a directory (creating it and its parents), following a symbolic link to one. */
function prepareDirectory(target: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw outputFailure(error, target);
    refuseFileAncestor(target);
    const link = lstatIfPresent(target);
    if (link?.isSymbolicLink()) {
      throw inputError({ path: '', message: `output path ${target} is a symbolic link to ${fs.readlinkSync(target)}, which does not exist, expected it to point to a directory` });
    }
    withOutputErrors(target, () => fs.mkdirSync(target, { recursive: true }));
    return;
  }
  if (!stat.isDirectory()) throw inputError({ path: '', message: `output path ${target} is a file, expected a directory (or a path that does not exist yet)` });
}

function refuseFileAncestor(target: string): void {
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch {
      continue;
    }
    if (stat.isDirectory()) return;
    throw inputError({ path: '', message: `cannot write output to ${target}: ${dir} is a file, expected a directory` });
  }
}

/**
 * Removes what an earlier version of this tool left beside the output when killed: `.<out>.staging-XXXXXX`
 * directories holding its files. Only files it could have written go; anything else keeps its directory.
 */
function removeLegacyStaging(target: string): void {
  const parent = path.dirname(target);
  const pattern = new RegExp(`^\\.${path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.staging-[A-Za-z0-9]{6}(?:\\.old)?$`);
  try {
    for (const entry of fs.readdirSync(parent).filter((name) => pattern.test(name))) {
      const dir = path.join(parent, entry);
      if (!fs.lstatSync(dir).isDirectory()) continue;
      for (const name of fs.readdirSync(dir)) {
        if ((isOutputFileName(name) || name === OWNERSHIP_FILE) && fs.lstatSync(path.join(dir, name)).isFile()) fs.unlinkSync(path.join(dir, name));
      }
      fs.rmdirSync(dir);
    }
  } catch {
    // Best effort: a directory that holds something else, or an unreadable parent, stays as it is.
  }
}

function discardQuietly(target: string): void {
  try {
    discardStaging(target);
  } catch {
    // The next synth discards it; the error being reported matters more.
  }
}

function withOutputErrors<T>(target: string, action: () => T, after?: string): T {
  try {
    return action();
  } catch (error) {
    throw outputFailure(error, target, after);
  }
}

/** The ownership list, a line a file, in chunks. */
function* ownershipText(names: readonly string[]): Generator<string> {
  yield '# written by cdk8s-workers synth; files listed here are replaced or removed by the next synth\n';
  if (!names.length) yield '\n';
  for (let start = 0; start < names.length; start += OWNERSHIP_LINES_A_CHUNK) yield `${names.slice(start, start + OWNERSHIP_LINES_A_CHUNK).join('\n')}\n`;
}

const OWNERSHIP_LINES_A_CHUNK = 1024;
