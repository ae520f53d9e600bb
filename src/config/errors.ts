import { redactCredentials } from '../checks/credentials';

/** A position in a source file, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly col: number;
}

/** One thing wrong with the input, located as precisely as the input allows. */
export interface Problem {
  /** The file the value came from; omitted for flags. */
  readonly file?: string;
  /** Where in the file; omitted when the file has no text position (a directory, a binary file). */
  readonly position?: SourcePosition;
  /** Dotted path of the bad value, e.g. `pools[0].resources.memory`; empty for the whole document. */
  readonly path: string;
  /** What is wrong: what was received and what was expected. */
  readonly message: string;
}

/** Bad input: a config, a dialect file or flags. The CLI prints every problem and exits 2. */
export class InputError extends Error {
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const redacted = problems.map((problem) => ({ ...problem, path: redactCredentials(problem.path), message: redactCredentials(problem.message) }));
    super(redacted.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = redacted;
  }
}

/** An input error about one value. */
export function inputError(problem: Problem): InputError {
  return new InputError([problem]);
}

/** An input error about a command-line flag. */
export function usageError(message: string): InputError {
  return new InputError([{ path: '', message }]);
}

/** `file:line:col: path: message`, leaving out the parts a problem does not have. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.position?.line, problem.position?.col].filter((part) => part !== undefined).join(':');
  const prefix = [where, problem.path].filter((part) => part !== undefined && part !== '').join(': ');
  return prefix ? `${prefix}: ${problem.message}` : problem.message;
}

/** Formats a value as a person would read it in an error message, with any credential in it masked. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const text = redactCredentials(value);
    return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Renders `[a, 0, b]` as `a[0].b`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const key = /^[A-Za-z_][\w-]*$/.test(segment) ? segment : JSON.stringify(segment);
    if (!text) return key;
    return key.startsWith('"') ? `${text}[${key}]` : `${text}.${key}`;
  }, '');
}
