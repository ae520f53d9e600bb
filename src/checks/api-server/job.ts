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

/** Completion modes of a Job: NonIndexed (the default), or Indexed (each pod gets an index). */
export const COMPLETION_MODES = ['NonIndexed', 'Indexed'] as const;
/** The most pods an Indexed Job may run at once (maxParallelismForIndexedJob). */
export const MAX_INDEXED_PARALLELISM = 100000;

/** The parts of a Job spec its completion mode constrains. */
export interface CompletionModeFields {
  readonly completionMode?: string;
  readonly completions?: number;
  readonly workers?: number;
}

/** Checks completionMode: a known mode; Indexed needs completions and at most 100000 pods at once. */
export function validateCompletionMode(job: CompletionModeFields, path: Path, report: Report): void {
  if (job.completionMode === undefined) return;
  if (!(COMPLETION_MODES as readonly string[]).includes(job.completionMode)) {
    report(at(path, 'completionMode'), `received ${JSON.stringify(job.completionMode)}, expected ${COMPLETION_MODES.join(' or ')} (the API server refuses other modes)`);
    return;
  }
  if (job.completionMode !== 'Indexed') return;
  if (job.completions === undefined) {
    report(at(path, 'completionMode'), 'received completionMode Indexed without completions, expected completions: the number of indexes, 0 to completions - 1 (the API server requires completions when completion mode is Indexed)');
  }
  if (job.workers !== undefined && job.workers > MAX_INDEXED_PARALLELISM) {
    report(at(path, 'workers'), `received ${job.workers}, expected at most ${MAX_INDEXED_PARALLELISM} with completionMode Indexed (the API server refuses more parallelism for an Indexed Job)`);
  }
}
