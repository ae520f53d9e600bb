import * as fs from 'fs';
import { inputError } from './errors';

/** The most bytes read from one input (a config, a dialect file, --values), whatever kind of file it is. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

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

/**
 * Reads `file` (or standard input for `-`) as UTF-8 text, at most MAX_INPUT_BYTES of it. Devices, FIFOs
 * and pipes are read in chunks and refused as soon as they give one byte more than the limit.
 */
export function readInputText(file: string): string {
  const name = inputName(file);
  const bytes = file === STDIN_PATH ? readStdin() : readFile(file);
  return decodeText(name, bytes);
}

function readFile(file: string): Buffer {
  if (file === '') throw inputError({ path: '', message: 'received an empty file name, expected the path of a YAML file (or - for standard input)' });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw inputError({ file, path: '', message: 'no such file' });
  }
  if (stat.isDirectory()) throw inputError({ file, path: '', message: 'is a directory, expected a YAML file' });
  if (stat.isFile() && stat.size > MAX_INPUT_BYTES) throw tooLarge(file, `${stat.size} bytes`);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    return readCapped(file, fd);
  } finally {
    fs.closeSync(fd);
  }
}

function readStdin(): Buffer {
  if (stdinTaken) throw inputError({ file: STDIN_NAME, path: '', message: 'standard input was already read for another input, expected "-" only once' });
  stdinTaken = true;
  return readCapped(STDIN_NAME, 0);
}

/** Reads `fd` to its end or to one byte past the limit, whichever comes first. */
function readCapped(name: string, fd: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, MAX_INPUT_BYTES + 1 - total));
    const count = readChunk(name, fd, chunk);
    if (count === 0) break;
    chunks.push(chunk.subarray(0, count));
    total += count;
    if (total > MAX_INPUT_BYTES) throw tooLarge(name, `more than ${MAX_INPUT_BYTES} bytes (reading stopped there)`);
  }
  return Buffer.concat(chunks, total);
}

function readChunk(name: string, fd: number, chunk: Buffer): number {
  for (;;) {
    try {
      return fs.readSync(fd, chunk, 0, chunk.length, null);
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

function tooLarge(name: string, received: string) {
  return inputError({ file: name, path: '', message: `received ${received}, expected at most ${MAX_INPUT_BYTES} bytes (${MAX_INPUT_BYTES / 1024 / 1024} MiB) of YAML` });
}

function unreadable(name: string, error: unknown) {
  return inputError({ file: name, path: '', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` });
}
