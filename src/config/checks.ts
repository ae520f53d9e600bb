import { checkPoolKeda } from '../checks/keda';
import { PoolServeProps, WorkerPoolProps } from '../constructs/worker-pool';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { mergePodProps } from '../pod/merge';
import { PodProps, Quantity } from '../pod/pod-props';
import { parseSecretKeyRef } from '../pod/secret-ref';
import { checkCredentials } from '../checks/credentials-walk';
import { describeValue, formatPath as formatPathOf } from './errors';
import {
  dnsLabelProblem, dnsSubdomainProblem, envNameProblem, labelKeyProblem, labelValueProblem, secretKeyProblem,
} from './names';
import { parseQuantity, quantityHint } from './quantity';

type Path = (string | number)[];

/** Receives each problem found, at the path of the bad value (`onKey` points at its key). */
export type Report = (path: Path, message: string, onKey?: boolean) => void;

const DOWNWARD_FIELDS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];
const DOWNWARD_FIELD_PATTERN = /^metadata\.(labels|annotations)\['[^']+'\]$/;
const COMPONENT_SUFFIXES = { job: '-worker', follow: '-follow', serve: '-serve' } as const;
const RESOURCE_QUANTITIES = ['cpu', 'memory', 'ephemeralStorage'] as const;

/** Everything the schema cannot say about a fleet: names, quantities, references, credentials, collisions. */
export function checkFleet(fleet: WorkerFleetProps, report: Report): void {
  if (fleet.namespace !== undefined) checkDnsLabel(fleet.namespace, ['namespace'], report);
  if (fleet.createNamespaces) checkCreatableNamespaces(fleet, report);
  if (fleet.defaults) checkPodLayer(fleet.defaults, ['defaults'], report);
  fleet.pools.forEach((pool, index) => checkPool(pool, fleet, ['pools', index], report));
  const duplicatePools = checkUniquePoolNames(fleet, report);
  checkUniqueObjectNames(fleet, report, duplicatePools);
  checkCredentials(fleet, report, fleet.defaults?.notSecret);
}

/** A pool is one construct in its namespace: two pools with one name there would be one id twice. */
function checkUniquePoolNames(fleet: WorkerFleetProps, report: Report): Set<number> {
  const seen = new Map<string, number>();
  const duplicates = new Set<number>();
  fleet.pools.forEach((pool, index) => {
    const namespace = pool.namespace ?? fleet.namespace ?? 'default';
    const key = `${namespace}/${pool.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return;
    }
    duplicates.add(index);
    report(['pools', index, 'name'], `pool name ${JSON.stringify(pool.name)} is already used by pools[${first}] (pools[${first}].name) in namespace ${namespace}, expected each pool name once per namespace`);
  });
  return duplicates;
}

/** Namespaces Kubernetes itself owns are never created or relabelled. */
const SYSTEM_NAMESPACE = /^(default|kube-.*)$/;

function checkCreatableNamespaces(fleet: WorkerFleetProps, report: Report): void {
  const fleetNamespace = fleet.namespace ?? 'default';
  if (fleet.pools.some((pool) => pool.namespace === undefined) && SYSTEM_NAMESPACE.test(fleetNamespace)) {
    report(fleet.namespace === undefined ? ['createNamespaces'] : ['namespace'], `pools run in the ${fleetNamespace} namespace, which Kubernetes owns, so createNamespaces would relabel it: expected a namespace of the fleet's own (set namespace) or createNamespaces off`);
  }
  fleet.pools.forEach((pool, index) => {
    if (pool.namespace !== undefined && SYSTEM_NAMESPACE.test(pool.namespace)) {
      report(['pools', index, 'namespace'], `received ${describeValue(pool.namespace)}, which Kubernetes owns, so createNamespaces would relabel it: expected a namespace of the fleet's own (or createNamespaces off)`);
    }
  });
}

function checkPool(pool: WorkerPoolProps, fleet: WorkerFleetProps, path: Path, report: Report): void {
  checkDnsLabel(pool.name, [...path, 'name'], report);
  if (pool.namespace !== undefined) checkDnsLabel(pool.namespace, [...path, 'namespace'], report);
  if (!pool.job && !pool.follow && !pool.serve) report(path, `pool ${JSON.stringify(pool.name)} renders nothing, expected at least one of job, follow, serve`);
  checkPodLayer(pool, path, report);
  for (const component of ['job', 'follow', 'serve'] as const) {
    const options = pool[component];
    if (!options) continue;
    const componentPath = [...path, component];
    checkPodLayer(options, componentPath, report);
    if (options.name === undefined) checkDerivedName(pool.name, component, [...path, 'name'], report);
    else checkDnsLabel(options.name, [...componentPath, 'name'], report);
    checkEffectivePod(mergePodProps(fleet.defaults, pool, options), componentPath, report, component === 'serve' ? options as PoolServeProps : undefined);
  }
  checkPoolKeda(pool, fleet.defaults, path, report);
}

function checkPodLayer(layer: PodProps, path: Path, report: Report): void {
  checkQuantities(layer, path, report);
  checkEnv(layer, path, report);
  checkStringMap(layer.labels, [...path, 'labels'], report, labelValueProblem);
  checkStringMap(layer.annotations, [...path, 'annotations'], report);
  checkStringMap(layer.nodeSelector, [...path, 'nodeSelector'], report, labelValueProblem);
  layer.imagePullSecrets?.forEach((name, index) => checkSubdomain(name, [...path, 'imagePullSecrets', index], report));
  layer.envFromSecrets?.forEach((name, index) => checkSubdomain(name, [...path, 'envFromSecrets', index], report));
  if (layer.serviceAccountName !== undefined) checkSubdomain(layer.serviceAccountName, [...path, 'serviceAccountName'], report);
  if (layer.priorityClassName !== undefined) checkSubdomain(layer.priorityClassName, [...path, 'priorityClassName'], report);
  if (layer.containerName !== undefined) checkDnsLabel(layer.containerName, [...path, 'containerName'], report);
  if (layer.image !== undefined && !layer.image.trim()) report([...path, 'image'], 'received an empty string, expected an image reference such as ghcr.io/example/worker:1.0.0');
  if (layer.scratch) checkAbsolutePath(layer.scratch.path, [...path, 'scratch', 'path'], report);
  for (const [claim, mountPath] of Object.entries(layer.persistentVolumeClaims ?? {})) {
    checkSubdomain(claim, [...path, 'persistentVolumeClaims', claim], report, true);
    checkAbsolutePath(mountPath, [...path, 'persistentVolumeClaims', claim], report);
  }
  for (const [index, toleration] of (layer.tolerations ?? []).entries()) {
    if (toleration.operator === 'Exists' && toleration.value) report([...path, 'tolerations', index, 'value'], `received ${describeValue(toleration.value)}, expected no value with operator Exists`);
  }
}

function checkQuantities(layer: PodProps, path: Path, report: Report): void {
  const resources = layer.resources;
  for (const name of RESOURCE_QUANTITIES) {
    checkQuantity(resources?.[name], [...path, 'resources', name], report);
    checkQuantity(resources?.limits?.[name], [...path, 'resources', 'limits', name], report);
  }
  checkQuantity(layer.scratch?.sizeLimit, [...path, 'scratch', 'sizeLimit'], report);
  checkQuantity(layer.sharedMemory, [...path, 'sharedMemory'], report);
}

function checkQuantity(value: Quantity | undefined, path: Path, report: Report): void {
  if (value === undefined) return;
  const parsed = parseQuantity(value);
  if (parsed === undefined) {
    report(path, `received ${describeValue(value)}, expected a Kubernetes quantity ${quantityHint(String(value))}`);
  } else if (parsed < 0) {
    report(path, `received ${describeValue(value)}, expected a quantity that is not negative`);
  }
}

function checkEnv(layer: PodProps, path: Path, report: Report): void {
  for (const name of Object.keys(layer.env ?? {})) checkEnvName(name, [...path, 'env', name], report);
  for (const [name, ref] of Object.entries(layer.secretEnv ?? {})) {
    checkEnvName(name, [...path, 'secretEnv', name], report);
    checkSecretKeyRef(ref, [...path, 'secretEnv', name], report);
  }
  for (const [name, fieldPath] of Object.entries(layer.downwardEnv ?? {})) {
    checkEnvName(name, [...path, 'downwardEnv', name], report);
    if (!DOWNWARD_FIELDS.includes(fieldPath) && !DOWNWARD_FIELD_PATTERN.test(fieldPath)) {
      report([...path, 'downwardEnv', name], `received ${describeValue(fieldPath)}, expected a downward-API field: ${DOWNWARD_FIELDS.join(', ')}, metadata.labels['key'] or metadata.annotations['key']`);
    }
  }
  const names = [layer.env, layer.secretEnv, layer.downwardEnv].flatMap((map) => Object.keys(map ?? {}));
  for (const name of new Set(names.filter((name, index) => names.indexOf(name) !== index))) {
    report([...path, 'env', name], `variable ${name} is set more than once across env, secretEnv and downwardEnv, expected each name once`);
  }
}

function checkEnvName(name: string, path: Path, report: Report): void {
  const problem = envNameProblem(name);
  if (problem) report(path, `received variable name ${describeValue(name)}, ${problem}`, true);
}

/** Checks a `secret:key` reference: a Secret name and a key. */
export function checkSecretKeyRef(ref: string, path: Path, report: Report): void {
  const parsed = parseSecretKeyRef(ref);
  if (!parsed) {
    report(path, `received ${describeValue(ref)}, expected "secret:key" (the Secret's name, a colon, and the key)`);
    return;
  }
  const nameProblem = dnsSubdomainProblem(parsed.name);
  if (nameProblem) report(path, `received Secret name ${describeValue(parsed.name)}, ${nameProblem}`);
  const keyProblem = secretKeyProblem(parsed.key);
  if (keyProblem) report(path, `received Secret key ${describeValue(parsed.key)}, ${keyProblem}`);
}

function checkStringMap(map: Readonly<Record<string, string>> | undefined, path: Path, report: Report, valueProblem?: (value: string) => string | undefined): void {
  for (const [key, value] of Object.entries(map ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) report([...path, key], `received key ${describeValue(key)}, ${keyProblem}`, true);
    const problem = valueProblem?.(value);
    if (problem) report([...path, key], `received ${describeValue(value)}, ${problem}`);
  }
}

function checkEffectivePod(pod: PodProps, path: Path, report: Report, serve?: PoolServeProps): void {
  if (!pod.image) report(path, 'no image: expected image on the component, its pool, or defaults');
  checkRequestsWithinLimits(pod, path, report);
  checkMountPaths(pod, path, report);
  checkPorts(pod, path, report, serve);
}

function checkRequestsWithinLimits(pod: PodProps, path: Path, report: Report): void {
  for (const name of RESOURCE_QUANTITIES) {
    const request = pod.resources?.[name];
    const limit = pod.resources?.limits?.[name];
    if (request === undefined || limit === undefined) continue;
    const [requested, limited] = [parseQuantity(request), parseQuantity(limit)];
    if (requested !== undefined && limited !== undefined && requested > limited) {
      report([...path, 'resources', name], `request ${describeValue(request)} is above the limit ${describeValue(limit)}, expected a request at most the limit (the API server refuses it)`);
    }
  }
}

function checkMountPaths(pod: PodProps, path: Path, report: Report): void {
  const mounts = [
    ...(pod.scratch ? [pod.scratch.path] : []),
    ...(pod.sharedMemory !== undefined ? ['/dev/shm'] : []),
    ...Object.values(pod.persistentVolumeClaims ?? {}),
  ].map((mount) => mount.replace(/\/+$/, ''));
  for (const mount of new Set(mounts.filter((mount, index) => mounts.indexOf(mount) !== index))) {
    report(path, `two volumes are mounted at ${mount}, expected each mount path once (scratch, sharedMemory at /dev/shm, persistentVolumeClaims)`);
  }
}

function checkPorts(pod: PodProps, path: Path, report: Report, serve?: PoolServeProps): void {
  const servePort = serve ? serve.port ?? 8000 : undefined;
  const ports = [...(servePort !== undefined ? [servePort] : []), ...(pod.ports ?? [])];
  for (const port of new Set(ports.filter((port, index) => ports.indexOf(port) !== index))) {
    report([...path, 'ports'], `port ${port} is listed more than once in one container, expected each port once`);
  }
  if (!serve) return;
  for (const probe of ['readiness', 'liveness'] as const) {
    const options = serve[probe];
    if (options === (true as unknown)) report([...path, probe], 'received true, expected false (no probe) or a mapping (path, port, …)');
    if (options && options.port !== undefined && !ports.includes(options.port)) {
      report([...path, probe, 'port'], `received ${options.port}, expected a port the container exposes: ${ports.join(', ')}`);
    }
    if (options && options.path !== undefined && !options.path.startsWith('/')) {
      report([...path, probe, 'path'], `received ${describeValue(options.path)}, expected an HTTP path starting with "/"`);
    }
  }
}

function checkDerivedName(pool: string, component: keyof typeof COMPONENT_SUFFIXES, path: Path, report: Report): void {
  const name = `${pool}${COMPONENT_SUFFIXES[component]}`;
  if (name.length > 63 && !dnsLabelProblem(pool)) {
    const kind = component === 'job' ? 'Job name' : component === 'serve' ? 'Service name' : 'Deployment name';
    const why = component === 'job' ? 'its pods carry it as the job-name label' : component === 'serve' ? 'a Service name is a DNS label' : 'its pods carry it in their labels';
    report(path, `pool name ${JSON.stringify(pool)} makes the ${kind} ${JSON.stringify(name)} ${name.length} characters long, expected at most 63 (${why}): shorten the pool name to ${63 - COMPONENT_SUFFIXES[component].length} characters or fewer`);
  }
}

/** Pools already reported as another pool's duplicate are left out: their object names clash by that alone. */
function checkUniqueObjectNames(fleet: WorkerFleetProps, report: Report, duplicatePools: ReadonlySet<number>): void {
  const seen = new Map<string, string>();
  fleet.pools.forEach((pool, index) => {
    if (duplicatePools.has(index)) return;
    const namespace = pool.namespace ?? fleet.namespace ?? 'default';
    for (const [kind, name, path] of poolObjectNames(pool, index)) {
      const key = `${namespace}/${kind}/${name}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, formatPathOf(path));
      else report(path, `the ${kind} name ${JSON.stringify(name)} is already used by ${first} in namespace ${namespace}, expected every object name to be unique`);
    }
  });
}

function poolObjectNames(pool: WorkerPoolProps, index: number): [string, string, Path][] {
  const names: [string, string, Path][] = [];
  const at = (component: string): Path => (pool as unknown as Record<string, { name?: string }>)[component]?.name === undefined ? ['pools', index, 'name'] : ['pools', index, component, 'name'];
  if (pool.job) names.push(['Job', pool.job.name ?? `${pool.name}-worker`, at('job')]);
  if (pool.follow) names.push(['Deployment', pool.follow.name ?? `${pool.name}-follow`, at('follow')]);
  if (pool.serve) {
    names.push(['Deployment', pool.serve.name ?? `${pool.name}-serve`, at('serve')]);
    names.push(['Service', pool.serve.name ?? `${pool.name}-serve`, at('serve')]);
  }
  return names;
}

function checkDnsLabel(name: string, path: Path, report: Report): void {
  const problem = dnsLabelProblem(name);
  if (problem) report(path, `received ${describeValue(name)}, ${problem}`);
}

function checkSubdomain(name: string, path: Path, report: Report, onKey = false): void {
  const problem = dnsSubdomainProblem(name);
  if (problem) report(path, `received ${describeValue(name)}, ${problem}`, onKey);
}

function checkAbsolutePath(mountPath: string, path: Path, report: Report): void {
  if (!mountPath.startsWith('/')) report(path, `received ${describeValue(mountPath)}, expected an absolute mount path starting with "/"`);
  else if (mountPath.split('/').includes('..')) report(path, `received ${describeValue(mountPath)}, expected a mount path without ".."`);
}
