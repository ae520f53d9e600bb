/**
 * Int-or-percent fields as pkg/apis/apps/validation (Kubernetes 1.28) checks them for Deployments and
 * pkg/apis/policy/validation for PodDisruptionBudgets: ValidatePositiveIntOrPercent, IsNotMoreThan100Percent.
 */
import { Path, Report, shown } from '../report';

const PERCENT = /^[0-9]+%$/;
const INT32_MAX = 2147483647;
const API_SERVER = '(the API server refuses it)';

/** Checks a count (a whole number from 0) or a percentage such as "25%", at most 100% when `atMost100` is set. */
export function validateIntOrPercent(value: unknown, path: Path, report: Report, atMost100 = false): void {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > INT32_MAX) report(path, `received ${shown(value)}, expected a whole number of pods from 0 ${API_SERVER}`);
  } else if (typeof value !== 'string' || !PERCENT.test(value)) {
    report(path, `received ${shown(value)}, expected a whole number of pods or a percentage such as "25%" ${API_SERVER}`);
  } else if (atMost100 && Number(value.slice(0, -1)) > 100) {
    report(path, `received ${shown(value)}, expected a percentage of at most 100% ${API_SERVER}`);
  }
}

/** Whether an int-or-percent is zero as the API server reads it: 0 or "0%". */
export function isZeroIntOrPercent(value: unknown): boolean {
  return value === 0 || (typeof value === 'string' && PERCENT.test(value) && Number(value.slice(0, -1)) === 0);
}
