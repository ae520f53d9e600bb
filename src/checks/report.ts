import { formatPath } from '../config/errors';
import { redactCredentials } from './credentials';

/** Where a value sits in the input: keys and list indexes from the root. */
export type Path = readonly (string | number)[];

/** Receives each problem found, at the path of the bad value (`onKey` points at its key instead). */
export type Report = (path: Path, message: string, onKey?: boolean) => void;

/** Appends a segment to a path. */
export function at(path: Path, ...segments: (string | number)[]): Path {
  return [...path, ...segments];
}

/** Runs checks for a construct's `node.addValidation`: every problem as `path: message`, credentials redacted. */
export function problemsOf(check: (report: Report) => void): string[] {
  const problems: string[] = [];
  check((path, message) => problems.push(redactCredentials(path.length ? `${formatPath(path)}: ${message}` : message)));
  return problems;
}

export { describeValue as shown, formatPath } from '../config/errors';
