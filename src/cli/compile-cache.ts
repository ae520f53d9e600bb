import * as fs from 'fs';
import { createRequire, wrap } from 'module';
import * as os from 'os';
import * as path from 'path';
import { Script } from 'vm';

/** Set to anything but empty or 0 to compile the command line afresh on every run. */
export const NO_COMPILE_CACHE = 'CDK8S_WORKERS_NO_COMPILE_CACHE';

/**
 * Runs a CommonJS file as `require` would, with V8's compiled code for it kept between runs in the user's
 * cache directory (`$XDG_CACHE_HOME/cdk8s-workers`, else `~/.cache/cdk8s-workers`): Node.js 20 has no compile
 * cache of its own. V8 checks the cached code against the source and its flags and compiles afresh when they
 * differ; a cache that cannot be read or written is simply not used.
 */
export function runWithCompileCache(file: string): void {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheFileFor(file, source);
  const cachedData = cacheFile === undefined ? undefined : readOwnFile(cacheFile);
  const script = new Script(wrap(source), { filename: file, cachedData });
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('exit', () => writeCache(cacheFile, script));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

function cacheFileFor(file: string, source: string): string | undefined {
  const setting = process.env[NO_COMPILE_CACHE];
  if (setting !== undefined && setting !== '' && setting !== '0') return undefined;
  const home = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const identity = [path.basename(file, '.js'), source.length, fs.statSync(file).mtimeMs, process.version, process.arch].join('-');
  return path.join(home, 'cdk8s-workers', `${identity.replace(/[^\w.-]/g, '_')}.v8cache`);
}

/** The file's bytes, when this user owns it and nobody else may write it; else undefined. */
function readOwnFile(file: string): Buffer | undefined {
  try {
    const stat = fs.statSync(file);
    const owned = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    return owned && (stat.mode & 0o022) === 0 ? fs.readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole under a temporary name, then renamed, so that a concurrent run reads all or nothing. */
function writeCache(file: string, script: Script): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    // A cache that cannot be written only costs the next run its compile time.
  }
}
