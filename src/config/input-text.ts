import * as fs from 'fs';
import { getHeapStatistics } from 'v8';
import { inputError } from './errors';

/**
 * Heap bytes allowed for each byte of input. A synth is held to about 30 bytes of memory for each byte of
 * its config (1.5 GB for the 49 MB of 100 000 pools); as much again is the garbage collector's headroom.
 */
export const HEAP_BYTES_PER_INPUT_BYTE = 64;
/** The environment variable that sets the input limit in bytes instead. */
export const MAX_INPUT_BYTES_VARIABLE = 'CDK8S_WORKERS_MAX_INPUT_BYTES';

/** `--config -` (or `--values -`) reads standard input. */
export const STDIN_PATH = '-';
/** How messages name standard input. */
export const STDIN_NAME = '<stdin>';

const CHUNK_BYTES = 64 * 1024;
let stdinTaken = false;

/** The name a message uses for `file`. */
export function inputName(file: string): string {
  return file === STDIN_PATH ? STDIN_NAME : file;
}

/** The input limit and where it comes from, for messages. */
interface InputLimit {
  readonly bytes: number;
  readonly source: string;
}

/**
 * The most bytes read from one input (a config, a dialect file, --values), whatever kind of file it is:
 * CDK8S_WORKERS_MAX_INPUT_BYTES when set, else 1/64 of the heap this Node.js process may use (V8's
 * heap_size_limit, which `--max-old-space-size` raises).
 */
export function maxInputBytes(): number {
  return inputLimit().bytes;
}

function inputLimit(): InputLimit {
  const text = process.env[MAX_INPUT_BYTES_VARIABLE];
  if (text === undefined || text === '') {
    return { bytes: Math.floor(getHeapStatistics().heap_size_limit / HEAP_BYTES_PER_INPUT_BYTE), source: `1/${HEAP_BYTES_PER_INPUT_BYTE} of the heap Node.js may use` };
  }
  const bytes = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw inputError({ path: '', message: `${MAX_INPUT_BYTES_VARIABLE}: received ${JSON.stringify(text)}, expected a whole number of bytes (1 or more)` });
  }
  return { bytes, source: `set by ${MAX_INPUT_BYTES_VARIABLE}` };
}

/**
 * Reads `file` (or standard input for `-`) as UTF-8 text, at most maxInputBytes() of it. Devices, FIFOs
 * and pipes are read in chunks and refused as soon as they give one byte more than the limit.
 */
export function readInputText(file: string): string {
  const name = inputName(file);
  const limit = inputLimit();
  const bytes = file === STDIN_PATH ? readStdin(limit) : readFile(file, limit);
  return decodeText(name, bytes);
}

function readFile(file: string, limit: InputLimit): Buffer {
  if (file === '') throw inputError({ path: '', message: 'received an empty file name, expected the path of a YAML file (or - for standard input)' });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw inputError({ file, path: '', message: 'no such file' });
  }
  if (stat.isDirectory()) throw inputError({ file, path: '', message: 'is a directory, expected a YAML file' });
  if (stat.isFile() && stat.size > limit.bytes) throw tooLarge(file, `${stat.size} bytes`, limit);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    // A regular file is read into one buffer of its size (and a byte more, should it have grown).
    return readCapped(file, fd, limit, stat.isFile() ? Math.max(stat.size + 1, CHUNK_BYTES) : CHUNK_BYTES);
  } finally {
    fs.closeSync(fd);
  }
}

function readStdin(limit: InputLimit): Buffer {
  if (stdinTaken) throw inputError({ file: STDIN_NAME, path: '', message: 'standard input was already read for another input, expected "-" only once' });
  stdinTaken = true;
  return readCapped(STDIN_NAME, 0, limit, CHUNK_BYTES);
}

/**
 * Reads `fd` to its end or to one byte past the limit, whichever comes first, into a buffer that starts
 * at `initialBytes` and doubles when full.
 */
function readCapped(name: string, fd: number, limit: InputLimit, initialBytes: number): Buffer {
  let buffer: Buffer = Buffer.allocUnsafe(Math.min(initialBytes, limit.bytes + 1));
  let total = 0;
  for (;;) {
    if (total === buffer.length) buffer = grown(buffer, Math.min(2 * buffer.length, limit.bytes + 1));
    const count = readChunk(name, fd, buffer, total);
    if (count === 0) return buffer.subarray(0, total);
    total += count;
    if (total > limit.bytes) throw tooLarge(name, `more than ${limit.bytes} bytes (reading stopped there)`, limit);
  }
}

function grown(buffer: Buffer, bytes: number): Buffer {
  const larger = Buffer.allocUnsafe(bytes);
  buffer.copy(larger);
  return larger;
}

function readChunk(name: string, fd: number, buffer: Buffer, offset: number): number {
  for (;;) {
    try {
      return fs.readSync(fd, buffer, offset, buffer.length - offset, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EOF') return 0;
      // A non-blocking pipe or terminal with nothing to read yet: wait briefly and read again.
      if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      else throw unreadable(name, error);
    }
  }
}

function decodeText(name: string, bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw inputError({ file: name, path: '', message: 'is UTF-16 text (it starts with a UTF-16 byte order mark), expected YAML text in UTF-8' });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw inputError({ file: name, path: '', message: `is a binary file (a NUL byte at offset ${nul}), expected YAML text` });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw inputError({ file: name, path: '', message: `is not UTF-8 text (an invalid byte sequence on line ${lineAt(bytes, firstInvalidOffset(bytes))}), expected YAML text in UTF-8` });
  }
}

/** Where the first invalid byte sequence starts. */
function firstInvalidOffset(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  // The longest prefix without an invalid sequence, by bisection (streaming: a character cut at the end is no error).
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (decodes(bytes.subarray(0, middle), true)) low = middle;
    else high = middle - 1;
  }
  if (decodes(bytes.subarray(0, low), false)) return low;
  // The prefix ends inside a character whose next byte does not continue it: the sequence starts at its lead byte.
  let start = low - 1;
  while (start > 0 && bytes[start] < 0xc0) start--;
  return start;
}

function decodes(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/** The 1-based line of byte `offset`. */
function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let index = bytes.indexOf(10); index >= 0 && index < offset; index = bytes.indexOf(10, index + 1)) line++;
  return line;
}

function tooLarge(name: string, received: string, limit: InputLimit) {
  return inputError({ file: name, path: '', message: `received ${received}, expected at most ${limit.bytes} bytes (${readableSize(limit.bytes)}, ${limit.source}) of YAML` });
}

/** `64.8 MiB`, `1 KiB`, `300 B`. */
function readableSize(bytes: number): string {
  const [amount, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'MiB'] : bytes >= 1024 ? [bytes / 1024, 'KiB'] : [bytes, 'B'];
  return `${amount.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

function unreadable(name: string, error: unknown) {
  return inputError({ file: name, path: '', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` });
}
