import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from './plain';
import { PodProps } from './pod-props';
import { secretKeyRef } from './secret-ref';

/** The container's env: plain, secret and downward-API variables, sorted by name for stable output. */
export function buildEnv(props: PodProps): Plain<k8s.EnvVar>[] | undefined {
  const env: Plain<k8s.EnvVar>[] = [
    ...Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value: String(value) })),
    ...Object.entries(props.secretEnv ?? {}).map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: secretKeyRef(ref) } })),
    ...Object.entries(props.downwardEnv ?? {}).map(([name, fieldPath]) => ({ name, valueFrom: { fieldRef: { fieldPath } } })),
  ];
  const twice = env.map((variable) => variable.name).filter((name, index, names) => names.indexOf(name) !== index);
  if (twice.length) {
    throw new Error(`the API server refuses a variable name twice in one container: ${[...new Set(twice)].join(', ')} set in more than one of env, secretEnv and downwardEnv`);
  }
  return env.length ? env.sort((a, b) => compareNames(a.name, b.name)) : undefined;
}

/** Secrets whose keys all become env, in the order given. */
export function buildEnvFrom(props: PodProps): Plain<k8s.EnvFromSource>[] | undefined {
  const secrets = props.envFromSecrets ?? [];
  return secrets.length ? secrets.map((name) => ({ secretRef: { name } })) : undefined;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
