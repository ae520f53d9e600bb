import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import type { ContainerOptions, EnvValue, EnvValueFromProps } from '../pod/pod-props';
import { Plain } from '../pod/plain';
import { secretKeyRef } from '../pod/secret-ref';
import { compareCodeUnits, setKey } from './object';

/** A container's env: plain, `valueFrom`, secret and downward-API variables, sorted by name for stable output. */
export function buildEnv(options: ContainerOptions): Plain<k8s.EnvVar>[] | undefined {
  const { env: values, secretEnv, downwardEnv } = options;
  if (!values && !secretEnv && !downwardEnv) return undefined;
  const env: Plain<k8s.EnvVar>[] = [];
  if (values) for (const name of Object.keys(values)) env.push(envVar(name, values[name]));
  if (secretEnv) for (const name of Object.keys(secretEnv)) env.push({ name, valueFrom: { secretKeyRef: secretKeyRef(secretEnv[name]) } });
  if (downwardEnv) for (const name of Object.keys(downwardEnv)) env.push({ name, valueFrom: { fieldRef: { fieldPath: downwardEnv[name] } } });
  if (!env.length) return undefined;
  return env.length > 1 ? env.sort(byName) : env;
}

function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return compareCodeUnits(a.name, b.name);
}

/** ConfigMaps and Secrets whose keys all become env: `envFrom` in the order given, then `envFromSecrets`. */
export function buildEnvFrom(options: ContainerOptions): Plain<k8s.EnvFromSource>[] | undefined {
  if (!options.envFrom?.length && !options.envFromSecrets?.length) return undefined;
  const sources: Plain<k8s.EnvFromSource>[] = [
    ...(options.envFrom ?? []).map((source) => copyPlain(source) as Plain<k8s.EnvFromSource>),
    ...(options.envFromSecrets ?? []).map((name) => ({ secretRef: { name } })),
  ];
  return sources.length ? sources : undefined;
}

/** Whether an env value reads from elsewhere rather than holding text. */
export function isValueFrom(value: EnvValue): value is EnvValueFromProps {
  return typeof value === 'object' && value !== null;
}

function envVar(name: string, value: EnvValue): Plain<k8s.EnvVar> {
  if (isValueFrom(value)) return { name, valueFrom: copyPlain(value.valueFrom) as Plain<k8s.EnvVarSource> };
  return { name, value: String(value) };
}

/** A deep copy of props in Kubernetes' shape, so rendered objects never share arrays with the props. */
export function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  // In key order, as synth writes maps: the YAML writer then takes them as they are.
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) setKey(copy, key, copyPlain(child));
  }
  return copy as T;
}
