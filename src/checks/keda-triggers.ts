import type { QueueTriggerProps } from '../constructs/queue-scaler';
import { didYouMean, expectedOneOf } from '../config/suggest';
import { scalerRules } from './keda-scaler-rules';
import { KEDA_VERSION, scalerKeys, ScalerSpec, scalerSpec } from './keda-scalers';

import type { Path, Report } from './report';

export type { Path, Report };

/** What a trigger can see of the container it scales. */
export interface TriggerContext {
  /** Env var names of the target's main container; undefined when envFrom makes them unknowable. */
  readonly envNames?: ReadonlySet<string>;
  /** The main container's name. */
  readonly containerName: string;
}

/** A trigger's values as KEDA reads them: metadata as strings, auth parameters by where they come from. */
export class TriggerValues {
  public readonly metadata: Readonly<Record<string, string>>;
  /** Auth parameters the TriggerAuthentication supplies; undefined when it is one that exists already. */
  public readonly auth?: ReadonlySet<string>;

  constructor(public readonly trigger: QueueTriggerProps) {
    this.metadata = Object.fromEntries(Object.entries(trigger.metadata).map(([key, value]) => [key, String(value).trim()]));
    this.auth = trigger.authenticationRef ? undefined : authParameters(trigger);
  }

  /** The non-empty metadata value of a key. */
  public get(key: string): string | undefined {
    const value = this.metadata[key];
    return value === undefined || value === '' ? undefined : value;
  }

  /** Whether a parameter is supplied by any of these metadata keys or auth parameters (an unknown TriggerAuthentication may supply any). */
  public has(metadataKeys: readonly string[], authParams: readonly string[] = []): boolean {
    if (metadataKeys.some((key) => this.get(key) !== undefined)) return true;
    if (!authParams.length) return false;
    return this.auth === undefined || authParams.some((param) => this.auth!.has(param));
  }

  /** A parameter read from metadata or, with the `…FromEnv` key, from the container (value unknown then). */
  public hasParam(param: string): boolean {
    return this.has([param, `${param}FromEnv`], [param]);
  }

  public get podIdentity(): string | undefined {
    return this.trigger.podIdentity?.provider;
  }
}

function authParameters(trigger: QueueTriggerProps): Set<string> {
  const parameters = new Set<string>();
  for (const field of AUTH_FIELDS) {
    const map = trigger[field];
    if (map) for (const parameter of Object.keys(map)) parameters.add(parameter);
  }
  return parameters;
}

const AUTH_FIELDS = ['secretAuth', 'configMapAuth', 'envAuth'] as const;

/** Checks one trigger against what KEDA's scaler of its type accepts. */
export function checkTrigger(trigger: QueueTriggerProps, context: TriggerContext, path: Path, report: Report): void {
  const spec = scalerSpec(trigger.type);
  if (!spec) return;
  const values = new TriggerValues(trigger);
  checkMetadataKeys(trigger, spec, context, path, report);
  checkAuthParameters(trigger, spec, path, report);
  checkEnums(values, spec, path, report);
  checkRequired(values, spec, path, report);
  checkMetricType(trigger, spec, path, report);
  checkAuthenticationForms(trigger, context, path, report);
  for (const problem of scalerRules(trigger.type, values)) report([...path, ...problem.path], `KEDA ${KEDA_VERSION}'s ${trigger.type} scaler ${problem.message}`);
}

function checkMetadataKeys(trigger: QueueTriggerProps, spec: ScalerSpec, context: TriggerContext, path: Path, report: Report): void {
  const keys = scalerKeys(spec);
  for (const [key, value] of Object.entries(trigger.metadata)) {
    const refused = keys.refused.get(key);
    if (refused !== undefined) {
      report([...path, 'metadata', key], `KEDA ${KEDA_VERSION} refuses metadata key ${JSON.stringify(key)} on a ${trigger.type} trigger: ${refused}`, true);
      continue;
    }
    if (!keys.metadata.has(key) && !spec.openMetadata) {
      const suggestion = didYouMean(key, spec.metadata);
      const hint = suggestion || (keys.auth.has(key) ? ` (${key} is an auth parameter: set it in secretAuth, configMapAuth or envAuth)` : '');
      report([...path, 'metadata', key], `KEDA ${KEDA_VERSION}'s ${trigger.type} scaler has no metadata key ${JSON.stringify(key)}${hint}; KEDA ignores unknown keys silently and runs on its defaults: ${expectedOneOf(key, spec.metadata, 'metadata keys')}`, true);
      continue;
    }
    const fromEnv = keys.fromEnv.has(key) || (spec.openMetadata && key.endsWith('FromEnv'));
    if (fromEnv && context.envNames && !context.envNames.has(String(value))) {
      report([...path, 'metadata', key], `received ${JSON.stringify(String(value))}, but KEDA reads ${key} from an env var of the target container ${JSON.stringify(context.containerName)}, which has no such variable: expected one of ${[...context.envNames].sort().join(', ') || '(none: set env, secretEnv or downwardEnv)'}`);
    }
  }
}

function checkAuthParameters(trigger: QueueTriggerProps, spec: ScalerSpec, path: Path, report: Report): void {
  if (spec.openMetadata) return;
  const keys = scalerKeys(spec);
  for (const field of AUTH_FIELDS) {
    for (const parameter of Object.keys(trigger[field] ?? {})) {
      if (keys.auth.has(parameter)) continue;
      const expected = spec.auth.length ? expectedOneOf(parameter, spec.auth, 'auth parameters') : 'expected none: it reads no auth parameters';
      report([...path, field, parameter], `KEDA ${KEDA_VERSION}'s ${trigger.type} scaler has no auth parameter ${JSON.stringify(parameter)}${didYouMean(parameter, spec.auth)}; KEDA ignores it silently: ${expected}`, true);
    }
  }
}

function checkEnums(values: TriggerValues, spec: ScalerSpec, path: Path, report: Report): void {
  for (const [param, allowed] of Object.entries(spec.enums)) {
    for (const key of allowed.metadata) {
      const value = values.get(key);
      if (value === undefined) continue;
      const items = allowed.separator !== undefined || allowed.exclusive ? value.split(allowed.separator ?? ',').map((item) => item.trim()) : [value];
      for (const item of items.filter((item) => !allowed.values.includes(item))) {
        report([...path, 'metadata', key], `received ${JSON.stringify(item)}, but KEDA ${KEDA_VERSION}'s ${values.trigger.type} scaler accepts ${param} only as one of ${allowed.values.join(', ')} (exact case)`);
      }
      const exclusive = items.filter((item) => allowed.exclusive?.includes(item));
      if (exclusive.length > 1) report([...path, 'metadata', key], `received ${exclusive.join(' and ')}, but KEDA ${KEDA_VERSION}'s ${values.trigger.type} scaler takes at most one of ${allowed.exclusive!.join(', ')}`);
    }
  }
}

function checkRequired(values: TriggerValues, spec: ScalerSpec, path: Path, report: Report): void {
  for (const required of spec.required) {
    if (values.has(required.metadata, required.auth)) continue;
    const where = [
      required.metadata.length ? `metadata ${required.metadata.join(' or ')}` : '',
      required.auth.length ? `auth parameter ${required.auth.join(' or ')}` : '',
    ].filter(Boolean).join(', or ');
    report([...path, 'metadata'], `KEDA ${KEDA_VERSION}'s ${values.trigger.type} scaler refuses a trigger without ${required.param}: expected ${where}`);
  }
}

function checkMetricType(trigger: QueueTriggerProps, spec: ScalerSpec, path: Path, report: Report): void {
  if (!spec.metricTypes) {
    if (trigger.metricType !== undefined) report([...path, 'metricType'], `KEDA's ${trigger.type} scaler sets its own metric type and ignores metricType: expected none`);
    return;
  }
  const expected = spec.metricTypes.join(' or ');
  if (trigger.metricType !== undefined && !spec.metricTypes.includes(trigger.metricType)) {
    report([...path, 'metricType'], `received ${trigger.metricType}, but KEDA refuses it when it builds the ${trigger.type} scaler (Utilization is for cpu and memory only): expected ${expected}`);
  } else if (trigger.metricType === undefined && spec.metricTypeRequired) {
    report([...path, 'metricType'], `KEDA refuses a ${trigger.type} trigger without metricType when it builds the scaler: expected ${expected}`);
  }
}

function checkAuthenticationForms(trigger: QueueTriggerProps, context: TriggerContext, path: Path, report: Report): void {
  if (trigger.authenticationRef) {
    for (const field of [...AUTH_FIELDS, 'podIdentity'] as const) {
      if (trigger[field] !== undefined) report([...path, field], `a trigger with authenticationRef uses that ${trigger.authenticationRef.kind ?? 'TriggerAuthentication'} only, so ${field} would be ignored: expected one or the other`);
    }
  }
  for (const [parameter, name] of Object.entries(trigger.envAuth ?? {})) {
    if (context.envNames && !context.envNames.has(name)) {
      report([...path, 'envAuth', parameter], `received ${JSON.stringify(name)}, but KEDA reads env auth parameters from the target container ${JSON.stringify(context.containerName)}, which has no such variable: expected one of ${[...context.envNames].sort().join(', ') || '(none)'}`);
    }
  }
  const identity = trigger.podIdentity;
  if (identity?.roleArn !== undefined && identity.identityOwner !== undefined) {
    report([...path, 'podIdentity'], 'the TriggerAuthentication CRD says roleArn and identityOwner are mutually exclusive: expected one of them');
  }
  if (identity && identity.provider !== 'aws' && (identity.roleArn !== undefined || identity.identityOwner !== undefined)) {
    report([...path, 'podIdentity', 'provider'], `roleArn and identityOwner are for the aws provider, received provider ${identity.provider}`);
  }
  if (identity && (identity.identityTenantId !== undefined || identity.identityAuthorityHost !== undefined) && identity.provider !== 'azure-workload') {
    report([...path, 'podIdentity', 'provider'], `identityTenantId and identityAuthorityHost are for the azure-workload provider, received provider ${identity.provider}`);
  }
  if (identity?.identityAuthorityHost !== undefined && identity.identityTenantId === undefined) {
    report([...path, 'podIdentity', 'identityTenantId'], 'the TriggerAuthentication CRD requires identityTenantId with identityAuthorityHost');
  }
  if (identity?.identityTenantId !== undefined && identity.identityId === undefined) {
    report([...path, 'podIdentity', 'identityId'], 'the TriggerAuthentication CRD requires identityId with identityTenantId');
  }
}
