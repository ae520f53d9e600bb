import * as fs from 'fs';
import { CliStreams } from './run';

const STDOUT_FD = 1;
const STDERR_FD = 2;

/** Why standard output could not take what was written: closed by the reader, or a failure to report. */
export type OutputFailure = { readonly kind: 'closed' } | { readonly kind: 'failed'; readonly message: string };

/**
 * The process's standard streams, written synchronously. A reader that goes away (`| head -1`) stops
 * the output quietly, as it does for Unix tools; any other write failure (a full disk) is remembered
 * for `failure()`, so the CLI can exit 2 with a message instead of a stack.
 */
export class ProcessStreams implements CliStreams {
  private outputFailure: OutputFailure | undefined;

  public readonly stdout = (text: string): void => {
    if (this.outputFailure) return;
    try {
      writeAll(STDOUT_FD, text);
    } catch (error) {
      this.outputFailure = describeFailure(error as NodeJS.ErrnoException);
    }
  };

  public readonly stderr = (text: string): void => {
    try {
      writeAll(STDERR_FD, text);
    } catch {
      // Nowhere left to say it.
    }
  };

  /** What went wrong with standard output, if anything. */
  public failure(): OutputFailure | undefined {
    return this.outputFailure;
  }
}

/** The exit code once the command returned `code`: unchanged when the reader closed early, 2 when output failed. */
export function finalExitCode(code: number, streams: ProcessStreams): number {
  const failure = streams.failure();
  if (!failure || failure.kind === 'closed') return code;
  streams.stderr(`cdk8s-workers: ${failure.message}\n`);
  return 2;
}

function describeFailure(error: NodeJS.ErrnoException): OutputFailure {
  if (error.code === 'EPIPE') return { kind: 'closed' };
  return { kind: 'failed', message: `cannot write to standard output: ${ERRNO_TEXT.get(error.code ?? '') ?? error.code ?? error.message}` };
}

const ERRNO_TEXT = new Map([
  ['ENOSPC', 'no space left on device'],
  ['EDQUOT', 'disk quota exceeded'],
  ['EIO', 'input/output error'],
  ['EFBIG', 'file too large'],
  ['EBADF', 'it is closed'],
  ['EACCES', 'permission denied'],
]);

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      // A non-blocking pipe whose reader is slow: wait briefly and write the rest.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
