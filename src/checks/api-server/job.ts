/** Job fields as pkg/apis/batch/validation (Kubernetes 1.28) checks them. */
import { at, Path, Report } from '../report';

/**
 * Checks the exit codes of a podFailurePolicy `onExitCodes` rule: the API server refuses duplicates,
 * 0 with operator In, and codes out of order (rendering sorts them, so only duplicates and 0 are reported).
 */
export function validateExitCodes(codes: readonly number[], path: Path, report: Report): void {
  const seen = new Set<number>();
  codes.forEach((code, index) => {
    if (code === 0) report(at(path, index), 'received 0, expected a failing exit code: 0 is success, and the API server refuses it in an onExitCodes rule with operator In');
    if (seen.has(code)) report(at(path, index), `received exit code ${code} a second time, expected each code once (the API server refuses duplicate onExitCodes values)`);
    seen.add(code);
  });
}

/** Exit codes as the API server requires them in onExitCodes: ascending. */
export function sortedExitCodes(codes: readonly number[]): number[] {
  return [...codes].sort((a, b) => a - b);
}
