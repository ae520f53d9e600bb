import { parseSecretKeyRef } from '../../pod/secret-ref';
import { at, formatPath, Path, Report, shown } from '../report';
import { dnsSubdomainProblem, envNameProblem, secretKeyProblem } from './names';

/** Where a container's variables come from: the three maps of the config. */
export const ENV_SOURCES = ['env', 'secretEnv', 'downwardEnv'] as const;
export type EnvSource = (typeof ENV_SOURCES)[number];

/** One layer of pod options (defaults, a pool, a component) with its place in the config. */
export interface EnvLayer {
  readonly path: Path;
  readonly maps: Partial<Record<EnvSource, Readonly<Record<string, unknown>> | undefined>>;
}

/** Pod fields an env var may read through the downward API (validateObjectFieldSelector's list for env). */
const DOWNWARD_FIELDS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];
const DOWNWARD_FIELD_PATTERN = /^metadata\.(labels|annotations)\['[^']+'\]$/;

/** Checks a downward-API field path for an env var. */
export function validateDownwardField(fieldPath: string, path: Path, report: Report): void {
  if (!DOWNWARD_FIELDS.includes(fieldPath) && !DOWNWARD_FIELD_PATTERN.test(fieldPath)) {
    report(path, `received ${shown(fieldPath)}, expected a downward-API field: ${DOWNWARD_FIELDS.join(', ')}, metadata.labels['key'] or metadata.annotations['key'] (the API server refuses others)`);
  }
}

/** Checks a variable name against Kubernetes 1.28's rule (IsEnvVarName); `onKey` as the name is a map key. */
export function validateEnvVarName(name: string, path: Path, report: Report): void {
  const problem = envNameProblem(name);
  if (problem) report(path, envVarNameMessage(name, problem), true);
}

/** Checks the variable names of every map of one layer (`env`, `secretEnv`, `downwardEnv` at `path`). */
export function validateEnvVarNames(maps: EnvLayer['maps'], path: Path, report: Report): void {
  for (const source of ENV_SOURCES) {
    const variables = maps[source];
    if (!variables) continue;
    for (const name of Object.keys(variables)) {
      const problem = envNameProblem(name);
      if (problem) report(at(path, source, name), envVarNameMessage(name, problem), true);
    }
  }
}

function envVarNameMessage(name: string, problem: string): string {
  return `received variable name ${shown(name)}, ${problem} (the API server refuses other names)`;
}

/**
 * Checks that every variable of one container has one source. Layers are given broadest first
 * (defaults, pool, component); a later layer overrides a name in the same map, as the maps merge key
 * by key. A name in two different maps, in one layer or across layers, is refused: the API server
 * refuses a name twice in a container, and picking one silently would drop the other.
 */
export function validateEnvSources(layers: readonly EnvLayer[], report: Report): void {
  // Where each name is set first, as layer index * 3 + source index: the path is built for a message only.
  const first = new Map<string, number>();
  for (let layerIndex = 0; layerIndex < layers.length; layerIndex++) {
    for (let sourceIndex = 0; sourceIndex < ENV_SOURCES.length; sourceIndex++) {
      const source = ENV_SOURCES[sourceIndex];
      const variables = layers[layerIndex].maps[source];
      if (!variables) continue;
      for (const name of Object.keys(variables)) {
        const earlier = first.get(name);
        if (earlier === undefined) first.set(name, layerIndex * ENV_SOURCES.length + sourceIndex);
        else if (earlier % ENV_SOURCES.length !== sourceIndex) report(at(layers[layerIndex].path, source, name), envTwiceMessage(name, source, placeOf(layers, earlier, name)), true);
      }
    }
  }
}

function placeOf(layers: readonly EnvLayer[], place: number, name: string): { source: EnvSource; path: Path } {
  const source = ENV_SOURCES[place % ENV_SOURCES.length];
  return { source, path: at(layers[Math.floor(place / ENV_SOURCES.length)].path, source, name) };
}

function envTwiceMessage(name: string, source: EnvSource, earlier: { source: EnvSource; path: Path }): string {
  return `received variable ${name} set more than once: in ${source} here and in ${earlier.source} at ${formatPath(earlier.path)}; the API server refuses a name twice in one container, and a layer only overrides a name in the same map; expected ${name} in one of env, secretEnv or downwardEnv (move the other, or set it in ${earlier.source} here too)`;
}

/** Container resources a variable may read (validateContainerResourceFieldSelector). */
const RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const VALUE_FROM_SOURCES = ['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef'] as const;

/** `env` values of the `{ valueFrom }` form: exactly one source, each reference valid. */
export function validateEnvValueFrom(env: Readonly<Record<string, unknown>> | undefined, path: Path, report: Report): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    if (typeof value !== 'object' || value === null) continue;
    const source = (value as { valueFrom?: Record<string, any> }).valueFrom ?? {};
    const sourcePath = at(path, name, 'valueFrom');
    const kinds = VALUE_FROM_SOURCES.filter((kind) => source[kind] !== undefined);
    if (kinds.length !== 1) {
      report(sourcePath, `received ${kinds.length ? kinds.join(' and ') : 'no source'}, expected exactly one of ${VALUE_FROM_SOURCES.join(', ')} (the API server refuses it)`);
      continue;
    }
    const kind = kinds[0];
    const ref = source[kind];
    if (kind === 'configMapKeyRef' || kind === 'secretKeyRef') {
      const what = kind === 'configMapKeyRef' ? 'ConfigMap' : 'Secret';
      const nameProblem = dnsSubdomainProblem(String(ref.name ?? ''));
      if (nameProblem) report(at(sourcePath, kind, 'name'), `received ${what} name ${shown(ref.name)}, ${nameProblem} (the API server refuses it)`);
      const keyProblem = secretKeyProblem(String(ref.key ?? ''));
      if (keyProblem) report(at(sourcePath, kind, 'key'), `received key ${shown(ref.key)}, ${keyProblem.replace('Secret key', 'key')} (the API server refuses it)`);
    } else if (kind === 'fieldRef') {
      validateDownwardField(String(ref.fieldPath ?? ''), at(sourcePath, kind, 'fieldPath'), report);
    } else if (!RESOURCE_FIELDS.includes(String(ref.resource)) && !/^(limits|requests)\.hugepages-/.test(String(ref.resource))) {
      report(at(sourcePath, kind, 'resource'), `received ${shown(ref.resource)}, expected one of ${RESOURCE_FIELDS.join(', ')} (the API server refuses others)`);
    }
  }
}

/** `envFrom`: exactly one of configMapRef and secretRef, a valid name, a prefix that makes valid names. */
export function validateEnvFrom(sources: readonly Record<string, any>[] | undefined, path: Path, report: Report): void {
  sources?.forEach((source, index) => {
    const itemPath = at(path, index);
    const kinds = (['configMapRef', 'secretRef'] as const).filter((kind) => source[kind] !== undefined);
    if (kinds.length !== 1) {
      report(itemPath, `received ${kinds.length ? kinds.join(' and ') : 'no source'}, expected exactly one of configMapRef and secretRef (the API server refuses it)`);
      return;
    }
    const problem = dnsSubdomainProblem(String(source[kinds[0]].name ?? ''));
    if (problem) report(at(itemPath, kinds[0], 'name'), `received ${shown(source[kinds[0]].name)}, ${problem} (the API server refuses it)`);
    if (source.prefix !== undefined && source.prefix !== '') {
      const prefixProblem = envNameProblem(String(source.prefix));
      if (prefixProblem) report(at(itemPath, 'prefix'), `received ${shown(source.prefix)}, ${prefixProblem.replace('an environment variable name', 'a prefix')} (the API server refuses it)`);
    }
  });
}

/** Checks a `secret:key` reference: a Secret name and a key. */
export function validateSecretKeyRef(ref: string, path: Path, report: Report): void {
  const parsed = parseSecretKeyRef(ref);
  if (!parsed) {
    report(path, `received ${shown(ref)}, expected "secret:key" (the Secret's name, a colon, and the key)`);
    return;
  }
  const nameProblem = dnsSubdomainProblem(parsed.name);
  if (nameProblem) report(path, `received Secret name ${shown(parsed.name)}, ${nameProblem}`);
  const keyProblem = secretKeyProblem(parsed.key);
  if (keyProblem) report(path, `received Secret key ${shown(parsed.key)}, ${keyProblem} (the API server refuses it)`);
}
