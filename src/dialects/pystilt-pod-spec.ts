/**
 * The Kubernetes pod-spec keys a PYSTILT `execution:` block merges into its pods, translated from
 * Kubernetes' shape into the native pod model (volume lists into the `volumes` map, container lists
 * with `volumeMounts` into containers with `mounts`). What the native model cannot express is refused
 * by name, never dropped.
 */

import { describeValue } from '../config/errors';
import { dnsLabelProblem } from '../config/names';
import { DNS_POLICIES, IMAGE_PULL_POLICIES, PodProps } from '../pod/pod-props';
import type { ContainerProps, ContainerPortProps, EnvValue } from '../pod/container-props';
import type { Mounts, MountProps, VolumeSourceProps } from '../pod/volume-props';
import { isMapping, Mapping, MappingReader, NativeFragment } from './foreign-values';

/** The native pod options read from pod-spec keys beyond the scheduling basics. */
export type PodSpecOptions = Pick<PodProps,
  'runtimeClassName' | 'schedulerName' | 'dnsPolicy' | 'dnsConfig' | 'hostAliases' | 'topologySpreadConstraints' |
  'volumes' | 'initContainers' | 'sidecars' | 'securityContext'>;

/** Volume sources the native model has, with the Kubernetes type each is checked against. */
const VOLUME_SOURCES: Readonly<Record<string, NativeFragment>> = {
  configMap: 'configMapVolume', secret: 'secretVolume', projected: 'projectedVolume', emptyDir: 'emptyDirVolume',
  persistentVolumeClaim: 'persistentVolumeClaimVolume', csi: 'csiVolume', ephemeral: 'ephemeralVolume',
};
/** The writable volume the dialect adds at the compute root (or /tmp). */
const SCRATCH_VOLUME = 'scratch';
/** Volume sources that use the node's filesystem, which the restricted Pod Security profile forbids. */
const NODE_VOLUME_SOURCES = ['hostPath'];
const CONTAINER_KEYS = [
  'name', 'image', 'imagePullPolicy', 'command', 'args', 'workingDir', 'env', 'envFrom', 'resources', 'ports',
  'startupProbe', 'readinessProbe', 'livenessProbe', 'lifecycle', 'volumeMounts', 'securityContext', 'restartPolicy',
];
const PROBES = { startupProbe: 'probe', readinessProbe: 'probe', livenessProbe: 'probe', lifecycle: 'lifecycle' } as const;
const NATIVE_RESOURCES: Readonly<Record<string, string>> = { 'cpu': 'cpu', 'memory': 'memory', 'ephemeral-storage': 'ephemeralStorage' };
/** Security settings the restricted profile requires, which the native model always writes: accepted when they say the same. */
const RESTRICTED_ALREADY: Readonly<Record<string, unknown>> = {
  runAsNonRoot: true, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] },
};

/** Reads the pod-spec keys of `execution` that map onto the native pod model. */
export function readPodSpec(execution: MappingReader): PodSpecOptions {
  const runtimeClassName = execution.string('runtimeClassName', { nonEmpty: true, expected: 'a RuntimeClass name' });
  if (runtimeClassName !== undefined) execution.doc.subdomain(runtimeClassName, execution.at('runtimeClassName'));
  const dnsConfig = execution.mapping('dnsConfig');
  const volumes = readVolumes(execution);
  const containers = readContainers(execution, new Set([SCRATCH_VOLUME, ...execution.has('volumes') ? volumeNames(execution) : []]));
  return {
    runtimeClassName,
    schedulerName: execution.string('schedulerName', { nonEmpty: true, expected: 'a scheduler name' }),
    dnsPolicy: execution.oneOf('dnsPolicy', DNS_POLICIES),
    dnsConfig: dnsConfig && fits(dnsConfig, 'dnsConfig') ? dnsConfig.value : undefined,
    hostAliases: fittingItems(execution, 'hostAliases', 'hostAlias') as PodProps['hostAliases'],
    topologySpreadConstraints: fittingItems(execution, 'topologySpreadConstraints', 'topologySpreadConstraint') as PodProps['topologySpreadConstraints'],
    volumes,
    initContainers: containers?.init,
    sidecars: containers?.sidecars,
    securityContext: readPodSecurity(execution),
  };
}

function fits(reader: MappingReader, fragment: NativeFragment): boolean {
  return reader.doc.fitsNative(reader.value, reader.path, fragment);
}

/** The items of a list, each checked against a Kubernetes type; undefined when any does not fit. */
function fittingItems(execution: MappingReader, key: string, fragment: NativeFragment): unknown[] | undefined {
  const items = execution.list(key);
  if (!items) return undefined;
  const fitting = items.filter((item, index) => execution.doc.fitsNative(item, execution.at(key).concat(index), fragment));
  return fitting.length === items.length ? items : undefined;
}

/** Mappings of a list, each as a reader; other items reported. */
function mappingItems(execution: MappingReader, key: string, expected: string): MappingReader[] {
  const items = execution.list(key) ?? [];
  const readers: MappingReader[] = [];
  items.forEach((item, index) => {
    const path = execution.at(key).concat(index);
    if (isMapping(item)) readers.push(new MappingReader(execution.doc, item, path));
    else execution.doc.report(path, `received ${describeValue(item)}, expected ${expected}`);
  });
  return readers;
}

/** A name unique in its list and a DNS label, as the API server requires of volumes and containers. */
function uniqueName(item: MappingReader, seen: Set<string>, what: string): string | undefined {
  const name = item.string('name', { required: `the ${what} name`, nonEmpty: true, expected: 'a DNS label' });
  if (name === undefined) return undefined;
  const problem = dnsLabelProblem(name);
  if (problem) {
    item.report('name', `received ${describeValue(name)}, ${problem}`);
    return undefined;
  }
  if (seen.has(name)) {
    item.report('name', `${what} name ${describeValue(name)} is used twice, expected each once in a pod (the API server refuses a duplicate)`);
    return undefined;
  }
  seen.add(name);
  return name;
}

/** `volumes: [{name, <source>: …}]` into the native `name: source` map. */
function readVolumes(execution: MappingReader): Record<string, VolumeSourceProps> | undefined {
  if (!execution.has('volumes')) return undefined;
  const volumes: Record<string, VolumeSourceProps> = {};
  const seen = new Set<string>();
  for (const item of mappingItems(execution, 'volumes', 'a volume: {name, and one source such as configMap, secret, emptyDir or persistentVolumeClaim}')) {
    const name = uniqueName(item, seen, 'volume');
    if (name === SCRATCH_VOLUME) item.report('name', `received ${describeValue(name)}, expected another name: "${SCRATCH_VOLUME}" is the writable volume this dialect mounts at the compute root`);
    const sources = Object.keys(item.value).filter((key) => key !== 'name');
    for (const source of sources.filter((key) => !(key in VOLUME_SOURCES))) {
      const why = NODE_VOLUME_SOURCES.includes(source)
        ? 'the restricted Pod Security profile forbids hostPath volumes'
        : `the native pod model has no ${source} volume source`;
      item.report(source, `unknown key ${JSON.stringify(source)}: PYSTILT merges it into the pod spec, but ${why}; expected one of: ${Object.keys(VOLUME_SOURCES).join(', ')}`, true);
    }
    if (sources.length !== 1) {
      if (sources.length === 0) item.report('name', `volume ${describeValue(name)} has no source, expected exactly one of: ${Object.keys(VOLUME_SOURCES).join(', ')} (the API server refuses a volume without one)`);
      else if (sources.every((key) => key in VOLUME_SOURCES)) item.report(sources[1], `received ${sources.join(' and ')}, expected exactly one volume source (the API server refuses more)`, true);
      continue;
    }
    const source = sources[0];
    if (name === undefined || !(source in VOLUME_SOURCES)) continue;
    if (execution.doc.fitsNative(item.value[source], item.at(source), VOLUME_SOURCES[source])) {
      volumes[name] = { [source]: item.value[source] } as VolumeSourceProps;
    }
  }
  return volumes;
}

/** The pod securityContext's uid, gid and fsGroup; what the restricted profile already sets is accepted when equal. */
function readPodSecurity(execution: MappingReader): PodProps['securityContext'] {
  const context = execution.mapping('securityContext');
  if (!context) return undefined;
  refuseOtherSecurity(context, ['runAsUser', 'runAsGroup', 'fsGroup'], 'pod');
  const id = (key: string) => context.integer(key, { min: 0, expected: 'a numeric id, 0 or more' });
  return dropEmpty({ runAsUser: id('runAsUser'), runAsGroup: id('runAsGroup'), fsGroup: id('fsGroup') });
}

function refuseOtherSecurity(context: MappingReader, native: readonly string[], level: string): void {
  for (const [key, value] of Object.entries(context.value)) {
    if (native.includes(key)) continue;
    const restricted = Object.hasOwn(RESTRICTED_ALREADY, key);
    if (restricted && JSON.stringify(value) === JSON.stringify(RESTRICTED_ALREADY[key])) continue;
    const why = restricted
      ? `the restricted Pod Security profile requires ${key}: ${JSON.stringify(RESTRICTED_ALREADY[key])}, which every pod gets`
      : `the native pod model sets only ${native.join(', ')} of a ${level} securityContext (the rest is fixed by the restricted Pod Security profile)`;
    context.report(key, `unknown key ${JSON.stringify(key)}: PYSTILT merges it into the pod spec, but ${why}`, true);
  }
}

/** `initContainers`: run-to-completion ones, and those with `restartPolicy: Always` as native sidecars. */
/** The names the volumes list declares, valid or not, so that a mount is not reported twice. */
function volumeNames(execution: MappingReader): string[] {
  return (execution.raw('volumes') as unknown[]).flatMap((item) => (isMapping(item) && typeof item.name === 'string' ? [item.name] : []));
}

function readContainers(execution: MappingReader, volumes: ReadonlySet<string>): { init: ContainerProps[]; sidecars: ContainerProps[] } | undefined {
  if (!execution.has('initContainers')) return undefined;
  const init: ContainerProps[] = [];
  const sidecars: ContainerProps[] = [];
  const seen = new Set<string>();
  for (const item of mappingItems(execution, 'initContainers', 'a container: {name, image, …}')) {
    const sidecar = item.oneOf('restartPolicy', ['Always'], { why: 'Always makes an init container a native sidecar; no other value is allowed (the API server\'s rule)' }) === 'Always';
    const container = readContainer(item, seen, volumes);
    if (container) (sidecar ? sidecars : init).push(container);
  }
  return { init, sidecars };
}

function readContainer(item: MappingReader, seen: Set<string>, volumes: ReadonlySet<string>): ContainerProps | undefined {
  item.knownKeys(CONTAINER_KEYS, (key) => `; PYSTILT merges it into the pod spec, but the native pod model has no ${key} for init containers`);
  const name = uniqueName(item, seen, 'container');
  const image = item.string('image', { required: 'the container image', nonEmpty: true, expected: 'an image reference' });
  const probes: Mapping = {};
  for (const [key, fragment] of Object.entries(PROBES)) {
    const probe = item.mapping(key);
    if (probe && fits(probe, fragment)) probes[key] = probe.value;
  }
  const security = item.mapping('securityContext');
  if (security) refuseOtherSecurity(security, ['runAsUser', 'runAsGroup', 'readOnlyRootFilesystem'], 'container');
  if (name === undefined || image === undefined) return undefined;
  return dropEmpty({
    name,
    image,
    // Kubernetes' default when a pod spec sets none: Always for :latest and untagged images.
    imagePullPolicy: item.oneOf('imagePullPolicy', IMAGE_PULL_POLICIES) ?? null,
    command: item.stringList('command'),
    args: item.stringList('args'),
    workingDir: item.string('workingDir', { nonEmpty: true }),
    env: readEnv(item),
    envFrom: fittingItems(item, 'envFrom', 'envFromSource') as ContainerProps['envFrom'],
    resources: readResources(item),
    ports: readPorts(item),
    ...probes,
    mounts: readMounts(item, volumes),
    securityContext: security && dropEmpty({
      runAsUser: security.integer('runAsUser', { min: 0 }),
      runAsGroup: security.integer('runAsGroup', { min: 0 }),
      readOnlyRootFilesystem: security.boolean('readOnlyRootFilesystem'),
    }),
  }) as ContainerProps;
}

/** `env: [{name, value}|{name, valueFrom}]` into `NAME: value`. */
function readEnv(container: MappingReader): Record<string, EnvValue> | undefined {
  if (!container.has('env')) return undefined;
  const env: Record<string, EnvValue> = {};
  for (const item of mappingItems(container, 'env', 'an environment variable: {name, value} or {name, valueFrom}')) {
    item.knownKeys(['name', 'value', 'valueFrom']);
    const name = item.string('name', { required: 'the variable name', nonEmpty: true });
    if (name === undefined || !container.doc.envName(name, item.at('name'), false)) continue;
    const valueFrom = item.mapping('valueFrom');
    if (valueFrom) {
      if (fits(valueFrom, 'envVarSource')) env[name] = { valueFrom: valueFrom.value } as EnvValue;
    } else {
      env[name] = item.string('value', { scalars: true }) ?? '';
    }
  }
  return env;
}

/** `resources: {requests, limits}` into native requests, `limits`, and whole-number extended resources. */
function readResources(container: MappingReader): ContainerProps['resources'] {
  const resources = container.mapping('resources');
  if (!resources) return undefined;
  resources.knownKeys(['requests', 'limits'], () => '; the native pod model sets only requests and limits');
  const requests = resources.mapping('requests');
  const limits = resources.mapping('limits');
  const native = (reader: MappingReader | undefined) => {
    const result: Mapping = {};
    for (const [key, field] of Object.entries(NATIVE_RESOURCES)) result[field] = reader?.quantity(key);
    return dropEmpty(result);
  };
  const extended: Record<string, number> = {};
  for (const reader of [limits, requests]) {
    for (const key of Object.keys(reader?.value ?? {}).filter((resource) => !(resource in NATIVE_RESOURCES))) {
      const count = reader!.integer(key, { min: 0, expected: 'a whole number (the API server refuses fractions of an extended resource)' });
      if (count === undefined) continue;
      if (key in extended && extended[key] !== count) reader!.report(key, `received ${count} here and ${extended[key]} as the limit, expected them equal (the API server refuses an extended resource whose request differs from its limit)`);
      else extended[key] = count;
    }
  }
  return dropEmpty({ ...native(requests), limits: native(limits), extended: dropEmpty(extended) });
}

/** `ports: [{containerPort, name, protocol}]`; hostPort and hostIP are refused by name. */
function readPorts(container: MappingReader): ContainerPortProps[] | undefined {
  if (!container.has('ports')) return undefined;
  return mappingItems(container, 'ports', 'a port: {containerPort, name, protocol}').map((port) => {
    port.knownKeys(['containerPort', 'name', 'protocol'], (key) => key.startsWith('host') ? '; the restricted Pod Security profile forbids host ports' : undefined);
    return dropEmpty({
      containerPort: port.integer('containerPort', { required: 'the port number', min: 1, max: 65535 }),
      name: port.string('name', { nonEmpty: true }),
      protocol: port.oneOf('protocol', ['TCP', 'UDP', 'SCTP'] as const),
    }) as ContainerPortProps;
  });
}

/** `volumeMounts: [{name, mountPath, subPath, readOnly}]` into `mountPath: volume` or `mountPath: {volume, subPath, readOnly}`. */
function readMounts(container: MappingReader, volumes: ReadonlySet<string>): Mounts | undefined {
  if (!container.has('volumeMounts')) return undefined;
  const mounts: Record<string, string | MountProps> = {};
  for (const item of mappingItems(container, 'volumeMounts', 'a mount: {name, mountPath, subPath, readOnly}')) {
    item.knownKeys(['name', 'mountPath', 'subPath', 'readOnly'], () => '; the native pod model mounts a volume by name, path, subPath and readOnly only');
    const volume = item.string('name', { required: 'the name of a pod volume', nonEmpty: true });
    if (volume !== undefined && !volumes.has(volume)) {
      item.report('name', `received ${describeValue(volume)}, expected one of the pod's volumes (${[...volumes].map((name) => JSON.stringify(name)).join(', ')}): the API server refuses a mount of a volume the pod does not have`);
      continue;
    }
    const mountPath = item.string('mountPath', { required: 'an absolute path in the container', nonEmpty: true });
    if (mountPath !== undefined && !item.doc.absolutePath(mountPath, item.at('mountPath'))) continue;
    if (mountPath !== undefined && mountPath in mounts) {
      item.report('mountPath', `received ${describeValue(mountPath)} twice, expected each mount path once in a container (the API server refuses a duplicate)`);
      continue;
    }
    const subPath = item.string('subPath', { nonEmpty: true });
    const readOnly = item.boolean('readOnly');
    if (volume === undefined || mountPath === undefined) continue;
    mounts[mountPath] = subPath === undefined && readOnly === undefined ? volume : dropEmpty({ volume, subPath, readOnly }) as MountProps;
  }
  return mounts;
}

/** The object without its undefined fields, or undefined when none is left. */
function dropEmpty<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  return entries.length ? Object.fromEntries(entries) as T : undefined;
}
