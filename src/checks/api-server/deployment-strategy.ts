/** A Deployment's strategy as pkg/apis/apps/validation (Kubernetes 1.28) checks it (ValidateDeploymentStrategy). */
import type { DeploymentStrategyProps } from '../../build/deployment-strategy';
import { at, Path, Report, shown } from '../report';
import { isZeroIntOrPercent, validateIntOrPercent } from './int-or-percent';

const STRATEGY_TYPES = ['RollingUpdate', 'Recreate'];
const API_SERVER = '(the API server refuses it)';

/** Checks `strategy`: its type, and a rolling update that can make progress. */
export function validateDeploymentStrategy(strategy: DeploymentStrategyProps, path: Path, report: Report): void {
  const type = strategy.type ?? 'RollingUpdate';
  if (!STRATEGY_TYPES.includes(type)) {
    report(at(path, 'type'), `received ${shown(type)}, expected RollingUpdate or Recreate ${API_SERVER}`);
    return;
  }
  const rolling = strategy.rollingUpdate;
  if (!rolling) return;
  if (type === 'Recreate') {
    report(at(path, 'rollingUpdate'), `received rollingUpdate with type Recreate, expected no rollingUpdate: Recreate stops every pod first ${API_SERVER}`);
    return;
  }
  if (rolling.maxSurge !== undefined) validateIntOrPercent(rolling.maxSurge, at(path, 'rollingUpdate', 'maxSurge'), report);
  if (rolling.maxUnavailable !== undefined) validateIntOrPercent(rolling.maxUnavailable, at(path, 'rollingUpdate', 'maxUnavailable'), report, true);
  // Each left out defaults to 25%, so only both given as zero stall the rollout.
  if (rolling.maxSurge !== undefined && rolling.maxUnavailable !== undefined && isZeroIntOrPercent(rolling.maxSurge) && isZeroIntOrPercent(rolling.maxUnavailable)) {
    report(at(path, 'rollingUpdate', 'maxUnavailable'), `received ${shown(rolling.maxUnavailable)} with maxSurge ${shown(rolling.maxSurge)}, expected at least one of them above 0: the rollout could neither add a pod nor take one away ${API_SERVER}`);
  }
}
