/** A PodDisruptionBudget's spec as pkg/apis/policy/validation (Kubernetes 1.28) checks it (ValidatePodDisruptionBudgetSpec). */
import type { DisruptionBudgetOptions } from '../../build/pdb';
import { at, Path, Report, shown } from '../report';
import { validateIntOrPercent } from './int-or-percent';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];
const API_SERVER = '(the API server refuses it)';

/** Checks the budget: minAvailable or maxUnavailable, not both, each a count or at most 100%. */
export function validateDisruptionBudget(budget: DisruptionBudgetOptions, path: Path, report: Report): void {
  if (budget.minAvailable !== undefined && budget.maxUnavailable !== undefined) {
    report(at(path, 'maxUnavailable'), `received both minAvailable and maxUnavailable, expected one of them ${API_SERVER}`);
  }
  if (budget.minAvailable !== undefined) validateIntOrPercent(budget.minAvailable, at(path, 'minAvailable'), report, true);
  if (budget.maxUnavailable !== undefined) validateIntOrPercent(budget.maxUnavailable, at(path, 'maxUnavailable'), report, true);
  if (budget.unhealthyPodEvictionPolicy !== undefined && !EVICTION_POLICIES.includes(budget.unhealthyPodEvictionPolicy)) {
    report(at(path, 'unhealthyPodEvictionPolicy'), `received ${shown(budget.unhealthyPodEvictionPolicy)}, expected ${EVICTION_POLICIES.join(' or ')} ${API_SERVER}`);
  }
}
