import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inputError } from '../config/errors';
import { LOCK_FILE, TAKEOVER_FILE } from './control-files';
import { kindOf } from './output-errors';


/** The environment variable that sets how long a synth waits for another one's lock, in seconds. */
export const LOCK_TIMEOUT_VARIABLE = 'CDK8S_WORKERS_LOCK_TIMEOUT';

/** How long a synth waits for another synth's lock on the same directory. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 30;

/** A lock file whose content could not be read is a run killed while creating it, once it is this old. */
const UNREADABLE_LOCK_GRACE_MS = 5_000;
const POLL_MS = 50;

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holder took the lock, ISO 8601. */
  readonly since: string;
  /** The holder's start time in clock ticks since boot, where the system tells it; tells a reused pid apart. */
  readonly started?: string;
  /** The holder's pid namespace, where the system tells it: containers sharing a host name do not share pids. */
  readonly pids?: string;
  /** Unique to one taking of the lock. */
  readonly token: string;
}

/** A lock this process holds. */
export interface HeldLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** The dead holder whose lock this one replaced, if any. */
  readonly tookOverFrom?: LockHolder;
}

/**
 * Takes the lock of `dir`, waiting up to `timeoutSeconds` for another synth to release it. A lock whose
 * holder is dead (a pid that no longer runs on this host) is taken over.
 */
export function acquireLock(dir: string, timeoutSeconds: number = lockTimeoutFromEnvironment()): HeldLock {
  const file = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + timeoutSeconds * 1000;
  let tookOverFrom: LockHolder | undefined;
  for (;;) {
    const lock = tryCreate(file);
    if (lock) {
      removeAbandonedTakeover(dir);
      return { ...lock, tookOverFrom };
    }
    const current = readLock(file);
    if (current === undefined) continue;
    if (isAbandoned(current) && removeAbandoned(dir, current)) {
      tookOverFrom = current.holder;
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(dir, current, timeoutSeconds);
    sleep(POLL_MS);
  }
}

/** Throws unless `lock` is still ours (a run that took it over for a dead holder would make it someone else's). */
export function assertLockHeld(lock: HeldLock): void {
  const current = readLock(lock.file);
  if (current?.holder?.token === lock.holder.token) return;
  throw inputError({
    path: '',
    message: `the lock ${lock.file} was taken over${current?.holder ? ` by ${describeHolder(current.holder)}` : ''} while this synth wrote, expected to hold it until done; the output directory was left as it was`,
  });
}

/** Releases `lock` if it is still ours. */
export function releaseLock(lock: HeldLock): void {
  if (readLock(lock.file)?.holder?.token === lock.holder.token) fs.rmSync(lock.file, { force: true });
}

/** The lock timeout from the environment, or the default; an error for a value that is not a number of seconds. */
export function lockTimeoutFromEnvironment(): number {
  const text = process.env[LOCK_TIMEOUT_VARIABLE];
  if (text === undefined || text === '') return DEFAULT_LOCK_TIMEOUT_SECONDS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw inputError({ path: '', message: `${LOCK_TIMEOUT_VARIABLE}: received ${JSON.stringify(text)}, expected a number of seconds (0 or more)` });
  }
  return seconds;
}

/** "pid 42 on host build-7 since 2026-01-02T03:04:05.000Z" */
export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on host ${holder.host} since ${holder.since}`;
}

function tryCreate(file: string): HeldLock | undefined {
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
    started: startTime(process.pid),
    pids: PID_NAMESPACE,
    token: lockToken(),
  };
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(holder)}\n`);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  return { file, holder };
}

/**
 * Unique to one taking of the lock: it tells this run's lock file from another's, which needs no secrecy,
 * so Math.random serves (node:crypto would add a few milliseconds to every run's start).
 */
function lockToken(): string {
  let token = process.hrtime.bigint().toString(36);
  for (let word = 0; word < 3; word++) token += `-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
  return token;
}

/** A lock file as found: who holds it (undefined while unreadable) and its identity on disk. */
interface FoundLock {
  readonly holder?: LockHolder;
  readonly text: string;
  readonly inode: number;
  readonly modified: number;
}

/** The lock at `file`; undefined when there is none; an error when something else has the lock's name. */
function readLock(file: string): FoundLock | undefined {
  let text: string;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
    if (!stat.isFile()) {
      throw inputError({ path: '', message: `${file} is ${kindOf(stat)}, expected the regular lock file cdk8s-workers creates; remove it to let synth write here` });
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { holder: parseHolder(text), text, inode: stat.ino, modified: stat.mtimeMs };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text);
    if (Number.isSafeInteger(value?.pid) && typeof value.host === 'string' && typeof value.since === 'string' && typeof value.token === 'string') return value;
  } catch {
    // an empty or partly written lock file
  }
  return undefined;
}

function isAbandoned(lock: FoundLock): boolean {
  if (!lock.holder) return Date.now() - lock.modified > UNREADABLE_LOCK_GRACE_MS;
  const { pid, host, started, pids } = lock.holder;
  if (host !== os.hostname() || (pids !== undefined && PID_NAMESPACE !== undefined && pids !== PID_NAMESPACE)) return false;
  if (pid === process.pid) return true;
  if (!isRunning(pid)) return true;
  const now = startTime(pid);
  return started !== undefined && now !== undefined && now !== started;
}

/** Removes an abandoned lock unless another run got there first; true when this run removed it. */
function removeAbandoned(dir: string, abandoned: FoundLock): boolean {
  const guard = tryCreate(path.join(dir, TAKEOVER_FILE));
  if (!guard) {
    const other = readLock(path.join(dir, TAKEOVER_FILE));
    if (other && isAbandoned(other)) fs.rmSync(path.join(dir, TAKEOVER_FILE), { force: true });
    return false;
  }
  try {
    const current = readLock(path.join(dir, LOCK_FILE));
    if (!current || current.inode !== abandoned.inode || current.text !== abandoned.text) return false;
    fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
    return true;
  } finally {
    releaseLock(guard);
  }
}

/** A takeover guard left by a run killed in the instant it held it. */
function removeAbandonedTakeover(dir: string): void {
  const guard = readLock(path.join(dir, TAKEOVER_FILE));
  if (guard && isAbandoned(guard)) fs.rmSync(path.join(dir, TAKEOVER_FILE), { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const PID_NAMESPACE = pidNamespace();

function pidNamespace(): string | undefined {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

/** A process's start time from /proc (Linux); undefined elsewhere. */
function startTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function lockedError(dir: string, lock: FoundLock, timeoutSeconds: number) {
  const holder = lock.holder ? describeHolder(lock.holder) : 'a run whose lock file is still being written';
  return inputError({
    path: '',
    message: `output directory ${dir} is locked by another synth (${holder}; lock file ${path.join(dir, LOCK_FILE)}); waited ${timeoutSeconds} s, expected it to be released (set ${LOCK_TIMEOUT_VARIABLE} to wait longer; remove the lock file only if that process is gone)`,
  });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
