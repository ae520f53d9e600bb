import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../config/errors';
import { OutputFiles } from './layout';

/** The file in an output directory that lists what the last synth wrote there. */
export const OWNERSHIP_FILE = '.cdk8s-workers';

/**
 * Replaces what the last synth wrote in `outDir` with `files`: stale files go, files the tool did not
 * write stay untouched. Everything is written aside first, so a failure leaves the old output as it was.
 */
export function writeOutput(outDir: string, files: OutputFiles): void {
  const target = path.resolve(outDir);
  const previous = ownedFiles(target);
  checkFileNames(files);
  const staging = fs.mkdtempSync(path.join(path.dirname(ensureParent(target)), `.${path.basename(target)}.staging-`));
  try {
    fs.chmodSync(staging, 0o755);
    for (const [name, content] of files) {
      fs.mkdirSync(path.dirname(path.join(staging, name)), { recursive: true });
      fs.writeFileSync(path.join(staging, name), content);
    }
    fs.writeFileSync(path.join(staging, OWNERSHIP_FILE), ownershipText(files));
    if (previous === undefined || isWhollyOwned(target, previous)) swapDirectory(staging, target, previous !== undefined);
    else replaceFileByFile(staging, target, files, previous);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The files a previous synth wrote into `dir`; undefined when it does not exist; an error when someone else's. */
function ownedFiles(dir: string): string[] | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) throw inputError({ path: '', message: `output path ${dir} is a file, expected a directory (or a path that does not exist yet)` });
  const entries = fs.readdirSync(dir);
  if (!entries.includes(OWNERSHIP_FILE)) {
    if (!entries.length) return [];
    throw inputError({ path: '', message: `output directory ${dir} holds files cdk8s-workers did not write, expected an empty or new directory (or one an earlier synth wrote)` });
  }
  return fs.readFileSync(path.join(dir, OWNERSHIP_FILE), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
}

function ensureParent(target: string): string {
  const parent = path.dirname(target);
  if (fs.existsSync(parent) && !fs.statSync(parent).isDirectory()) {
    throw inputError({ path: '', message: `cannot write output to ${target}: ${parent} is a file, expected a directory` });
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.accessSync(path.dirname(target), fs.constants.W_OK);
  } catch (error) {
    throw inputError({ path: '', message: `cannot write output to ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected a writable directory` });
  }
  return target;
}

function checkFileNames(files: OutputFiles): void {
  for (const name of files.keys()) {
    if (!isPlainFileName(name)) throw new Error(`refusing to write output file ${JSON.stringify(name)}`);
  }
}

/** A plain file name, or one in a plain subdirectory (`namespaces/…`). */
function isPlainFileName(name: string): boolean {
  return /^(?:[A-Za-z0-9][\w.-]*\/)?[A-Za-z0-9][\w.-]*$/.test(name);
}

function isWhollyOwned(dir: string, owned: string[]): boolean {
  const known = new Set([...owned, OWNERSHIP_FILE]);
  const subdirectories = new Set([...known].filter((name) => name.includes('/')).map((name) => name.split('/')[0]));
  return fs.readdirSync(dir).every((entry) => known.has(entry) || (subdirectories.has(entry) && fs.readdirSync(path.join(dir, entry)).every((file) => known.has(`${entry}/${file}`))));
}

function swapDirectory(staging: string, target: string, exists: boolean): void {
  if (!exists) {
    fs.renameSync(staging, target);
    return;
  }
  const retired = `${staging}.old`;
  fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  fs.rmSync(retired, { recursive: true, force: true });
}

function replaceFileByFile(staging: string, target: string, files: OutputFiles, previous: string[]): void {
  for (const name of files.keys()) {
    fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    fs.renameSync(path.join(staging, name), path.join(target, name));
  }
  for (const stale of previous.filter((name) => !files.has(name) && isPlainFileName(name))) fs.rmSync(path.join(target, stale), { force: true });
  for (const subdirectory of new Set(previous.filter((name) => name.includes('/')).map((name) => path.join(target, path.dirname(name))))) {
    if (fs.existsSync(subdirectory) && fs.readdirSync(subdirectory).length === 0) fs.rmdirSync(subdirectory);
  }
  fs.renameSync(path.join(staging, OWNERSHIP_FILE), path.join(target, OWNERSHIP_FILE));
}

function ownershipText(files: OutputFiles): string {
  return `# written by cdk8s-workers synth; files listed here are replaced or removed by the next synth\n${[...files.keys()].join('\n')}\n`;
}
