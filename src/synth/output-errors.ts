import * as fs from 'fs';
import { InputError, inputError } from '../config/errors';

/** What an entry on disk is, for messages. */
export function kindOf(stat: fs.Stats): string {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFile()) return 'a file';
  return 'a special file';
}

/** What the file system said, and what the output needs instead. */
const EXPLANATIONS: Readonly<Record<string, (path: string) => string>> = {
  ENOSPC: (path) => `no space left on the device holding ${path} (ENOSPC), expected room for the output`,
  EDQUOT: (path) => `disk quota exceeded writing ${path} (EDQUOT), expected room for the output`,
  EBUSY: (path) => `${path} is busy (EBUSY), expected a path synth can write (a mount point or open file cannot be replaced)`,
  ENAMETOOLONG: (path) => `the name ${path} is too long for its file system (ENAMETOOLONG), expected a shorter --out or shorter object names`,
  EISDIR: (path) => `${path} is a directory, expected a file`,
  ENOTDIR: (path) => `a part of ${path} is not a directory (ENOTDIR), expected a directory path`,
  EACCES: (path) => `permission denied on ${path} (EACCES), expected a directory the current user can write`,
  EPERM: (path) => `operation not permitted on ${path} (EPERM), expected a directory the current user can write`,
  EROFS: (path) => `${path} is on a read-only file system (EROFS), expected a writable directory`,
  ELOOP: (path) => `${path} is a loop of symbolic links (ELOOP), expected a directory`,
  ENOENT: (path) => `${path} vanished while synth wrote (ENOENT), expected the output directory to stay in place`,
  EMFILE: (path) => `too many open files writing ${path} (EMFILE), expected the process to be allowed more`,
  EIO: (path) => `input/output error on ${path} (EIO), expected a working disk`,
};

/**
 * A file-system failure while writing output, as an input error naming the path (exit 2); any other error is
 * returned as it is. `after` is added to the message, e.g. the state the output directory was left in.
 */
export function outputFailure(error: unknown, fallbackPath: string, after = ''): unknown {
  if (error instanceof InputError) return error;
  const { code, path } = error as NodeJS.ErrnoException;
  const explain = code === undefined ? undefined : EXPLANATIONS[code];
  if (!explain) return error;
  return inputError({ path: '', message: `${explain(path ?? fallbackPath)}${after ? `; ${after}` : ''}` });
}

/** The working directory, or an input error when it has been deleted. */
export function workingDirectory(): string {
  try {
    return process.cwd();
  } catch (error) {
    throw inputError({
      path: '',
      message: `the current working directory no longer exists (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected one to resolve the output path against; cd to an existing directory or pass an absolute --out`,
    });
  }
}
