/** HorizontalPodAutoscaler behavior as pkg/apis/autoscaling/validation (Kubernetes 1.28) checks it. */
import { at, Path, Report, shown } from '../report';

export const MAX_PERIOD_SECONDS = 1800;
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const POLICY_TYPES = ['Pods', 'Percent'];
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];
const API_SERVER = '(the API server refuses it)';

/** Checks `behavior` (scaleUp, scaleDown) of an HPA, or of a ScaledObject that passes it to its HPA. */
export function validateHpaBehavior(behavior: Record<string, any>, path: Path, report: Report): void {
  for (const direction of ['scaleUp', 'scaleDown'] as const) {
    const rules = behavior[direction];
    if (isObject(rules)) validateScalingRules(rules, at(path, direction), report);
  }
}

function validateScalingRules(rules: Record<string, any>, path: Path, report: Report): void {
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && !(Number.isInteger(window) && window >= 0 && window <= MAX_STABILIZATION_WINDOW_SECONDS)) {
    report(at(path, 'stabilizationWindowSeconds'), `received ${shown(window)}, expected seconds from 0 to ${MAX_STABILIZATION_WINDOW_SECONDS} ${API_SERVER}`);
  }
  if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) {
    report(at(path, 'selectPolicy'), `received ${shown(rules.selectPolicy)}, expected one of ${SELECT_POLICIES.join(', ')} ${API_SERVER}`);
  }
  // Left out, the API server's defaulting fills in the default policies; only an explicit empty list is refused.
  const policies: unknown[] = Array.isArray(rules.policies) ? rules.policies : [];
  if (rules.policies !== undefined && !policies.length) report(at(path, 'policies'), `received no policies, expected at least one policy (type, value, periodSeconds), or policies left out for the defaults ${API_SERVER}`);
  policies.forEach((policy, index) => {
    if (isObject(policy)) validateScalingPolicy(policy, at(path, 'policies', index), report);
  });
}

function validateScalingPolicy(policy: Record<string, any>, path: Path, report: Report): void {
  if (!POLICY_TYPES.includes(policy.type)) report(at(path, 'type'), `received ${shown(policy.type)}, expected Pods or Percent ${API_SERVER}`);
  if (!(typeof policy.value === 'number' && policy.value > 0)) report(at(path, 'value'), `received ${shown(policy.value)}, expected a value above 0 ${API_SERVER}`);
  const period = policy.periodSeconds;
  if (!(typeof period === 'number' && period >= 1 && period <= MAX_PERIOD_SECONDS)) {
    report(at(path, 'periodSeconds'), `received ${shown(period)}, expected seconds from 1 to ${MAX_PERIOD_SECONDS} ${API_SERVER}`);
  }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
