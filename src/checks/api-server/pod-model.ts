/**
 * The API server's rules for the pod model's containers and pod-level fields: init containers and
 * sidecars with every option of the main container, probes, lifecycle hooks, volumes and mounts, env
 * sources, extended resources, topology spread, DNS, host aliases, and the labels the selectors own.
 * Rules of one layer take the layer alone; references (mounts to volumes, container names, named ports)
 * take the layer and the component's merged pod, so a message points at the layer that wrote the value.
 */
import { gpuResourceName } from '../../build/resources';
import { buildVolumes } from '../../build/volumes';
import { RESERVED_LABELS, INSTANCE_LABEL, PART_OF_LABEL, VERSION_LABEL } from '../../build/metadata';
import type { ContainerOptions, ContainerProps, PodProps } from '../../pod/pod-props';
import { at, Path, Report, shown } from '../report';
import { validateImage, validateWorkingDir } from './container';
import { validateDownwardField, validateEnvFrom, validateEnvSources, validateEnvValueFrom, validateEnvVarNames, validateSecretKeyRef } from './env';
import { validateAnnotationKeys, validateLabels } from './metadata';
import { dnsLabelProblem, dnsSubdomainProblem, labelValueProblem } from './names';
import { portNameProblem, ProbeKind, validateLifecycle, validateProbe } from './probes';
import { QuantityUnit, validateExtendedResources, validateQuantity, validateRequestWithinLimit } from './quantity';
import { validateDns, validateHostAliases, validateTopologySpreadConstraints } from './scheduling';
import { validateMounts, validateMountVolumes, validateVolumeSources } from './volumes';

const API_SERVER = '(the API server refuses it)';
const PROBES: readonly ProbeKind[] = ['startupProbe', 'readinessProbe', 'livenessProbe'];
const RESOURCE_QUANTITIES: readonly ['cpu' | 'memory' | 'ephemeralStorage', QuantityUnit][] = [['cpu', 'cpu'], ['memory', 'bytes'], ['ephemeralStorage', 'bytes']];
const CONTAINER_LISTS = ['initContainers', 'sidecars'] as const;
const RECOMMENDED_LABELS = { instance: INSTANCE_LABEL, partOf: PART_OF_LABEL, version: VERSION_LABEL } as const;
const POD_CLASS_NAMES = ['runtimeClassName', 'schedulerName'] as const;
const NO_NAMES: ReadonlySet<string> = new Set();

/** What the component decides about its main container. */
export interface ComponentContainer {
  /** Name of the main container when the props do not name it. */
  readonly containerName: string;
  /** Names of the ports the component gives the main container (serve: `http`). @default - none */
  readonly portNames?: readonly string[];
  /** The labels the component's selectors depend on, with the values it sets. */
  readonly selectorLabels: Readonly<Record<string, string>>;
}

/** Rules on the pod model's fields of one layer. */
export function validatePodModelLayer(layer: PodProps, path: Path, report: Report): void {
  validateContainerOptions(layer, path, report, 'main');
  if (layer.volumes) validateVolumeSources(layer.volumes, at(path, 'volumes'), report);
  for (const list of CONTAINER_LISTS) {
    layer[list]?.forEach((container, index) => validateExtraContainer(container, at(path, list, index), report, list === 'sidecars'));
  }
  if (layer.topologySpreadConstraints) validateTopologySpreadConstraints(layer.topologySpreadConstraints, at(path, 'topologySpreadConstraints'), report);
  if (layer.hostAliases) validateHostAliases(layer.hostAliases, at(path, 'hostAliases'), report);
  if (layer.dnsPolicy !== undefined || layer.dnsConfig) validateDns(layer, path, report);
  for (const field of POD_CLASS_NAMES) {
    const value = layer[field];
    const problem = value === undefined ? undefined : dnsSubdomainProblem(value);
    if (problem) report(at(path, field), `received ${shown(value)}, ${problem} ${API_SERVER}`);
  }
  validateMetadata(layer, path, report);
}

/** Rules that need the component's merged pod: names and references across layers. */
export function validatePodModelReferences(layer: PodProps, pod: PodProps, path: Path, report: Report, component: ComponentContainer): void {
  const volumeNames = layer.mounts || layer.initContainers || layer.sidecars ? new Set(buildVolumes(pod).volumes.map((volume) => volume.name)) : NO_NAMES;
  if (layer.mounts) validateMountVolumes(layer.mounts, volumeNames, at(path, 'mounts'), report);
  if (layer.startupProbe || layer.readinessProbe || layer.livenessProbe || layer.lifecycle) {
    const mainPorts = new Set([...(component.portNames ?? []), ...portNames(pod)]);
    for (const probe of PROBES) {
      if (layer[probe]) validateProbe(layer[probe]!, probe, at(path, probe), report, mainPorts);
    }
    if (layer.lifecycle) validateLifecycle(layer.lifecycle, at(path, 'lifecycle'), report, mainPorts);
  }
  if (layer.dnsPolicy === 'None' && !pod.dnsConfig?.nameservers?.length) {
    report(at(path, 'dnsPolicy'), `received dnsPolicy None, but no layer sets dnsConfig.nameservers: expected at least one nameserver, since with None the pod gets no DNS settings but dnsConfig's ${API_SERVER}`);
  }
  if (layer.resources?.extended) validateGpuAgainstExtended(layer, pod, path, report);
  if (layer.labels || layer.podLabels) validateSelectorLabels(layer, path, report, component.selectorLabels);
  if (layer.instance !== undefined || layer.partOf !== undefined || layer.version !== undefined) validateRecommendedLabels(layer, pod, path, report);
  if (!layer.initContainers && !layer.sidecars) return;
  const names = [pod.containerName ?? component.containerName, ...CONTAINER_LISTS.flatMap((list) => (pod[list] ?? []).map((container) => container.name))];
  for (const list of CONTAINER_LISTS) {
    layer[list]?.forEach((container, index) => {
      const containerPath = at(path, list, index);
      if (container.mounts) validateMountVolumes(container.mounts, volumeNames, at(containerPath, 'mounts'), report);
      if (names.filter((name) => name === container.name).length > 1) {
        report(at(containerPath, 'name'), `received ${shown(container.name)}, which another container of the pod has (the main container, an init container or a sidecar): expected each container name once ${API_SERVER}`);
      }
    });
  }
}

/** The serve component's `readiness`/`liveness` shorthands and Kubernetes' `readinessProbe`/`livenessProbe` cannot both be set. */
export function validateServeProbes(serve: { readiness?: unknown; liveness?: unknown }, pod: PodProps, path: Path, report: Report): void {
  for (const [short, probe] of [['readiness', 'readinessProbe'], ['liveness', 'livenessProbe']] as const) {
    if (serve[short] !== undefined && pod[probe] !== undefined) {
      report(at(path, short), `received both ${short} and ${probe}, expected one: ${probe} takes Kubernetes' probe as is, ${short} is its shorthand (false for none)`);
    }
  }
}

function validateContainerOptions(options: ContainerOptions, path: Path, report: Report, kind: 'main' | 'init' | 'sidecar'): void {
  if (options.env) validateEnvValueFrom(options.env, at(path, 'env'), report);
  if (options.envFrom) validateEnvFrom(options.envFrom as Record<string, any>[], at(path, 'envFrom'), report);
  if (options.resources?.extended) {
    const gpuName = options.resources.gpu ? gpuResourceName(options.resources.gpuVendor) : undefined;
    validateExtendedResources(options.resources.extended, at(path, 'resources', 'extended'), report, gpuName);
  }
  if (options.ports) validatePortNames(options.ports, path, report);
  if (kind === 'init') {
    for (const field of [...PROBES, 'lifecycle'] as const) {
      if (options[field] !== undefined) report(at(path, field), `received ${field} on an init container, expected none: an init container runs to completion before the pod is ready, so only sidecars (restartPolicy Always) take probes and lifecycle hooks ${API_SERVER}`);
    }
  }
  if (options.mounts) validateMounts(options.mounts, at(path, 'mounts'), report, kind !== 'main');
}

function validatePortNames(ports: NonNullable<ContainerOptions['ports']>, path: Path, report: Report): void {
  const names = new Map<string, number>();
  ports.forEach((port, index) => {
    if (typeof port === 'number' || port.name === undefined) return;
    const problem = portNameProblem(port.name);
    if (problem) report(at(path, 'ports', index, 'name'), `received ${shown(port.name)}, which ${problem.startsWith('is') ? problem : `is not a port name: ${problem}`} ${API_SERVER}`);
    if (names.has(port.name)) report(at(path, 'ports', index, 'name'), `received ${shown(port.name)}, which ports[${names.get(port.name)}] has too: expected each port name once in a container ${API_SERVER}`);
    else names.set(port.name, index);
  });
}

function validateExtraContainer(container: ContainerProps, path: Path, report: Report, sidecar: boolean): void {
  const problem = dnsLabelProblem(container.name ?? '');
  if (problem) report(at(path, 'name'), `received ${shown(container.name)}, ${problem} ${API_SERVER}`);
  validateImage(container.image ?? '', at(path, 'image'), report);
  if (container.workingDir !== undefined) validateWorkingDir(container.workingDir, at(path, 'workingDir'), report);
  validateEnvVarNames(container, path, report);
  validateEnvSources([{ path, maps: container }], report);
  for (const [name, ref] of Object.entries(container.secretEnv ?? {})) validateSecretKeyRef(ref, at(path, 'secretEnv', name), report);
  for (const [name, field] of Object.entries(container.downwardEnv ?? {})) validateDownwardField(field, at(path, 'downwardEnv', name), report);
  container.envFromSecrets?.forEach((name, index) => {
    const nameProblem = dnsSubdomainProblem(name);
    if (nameProblem) report(at(path, 'envFromSecrets', index), `received ${shown(name)}, ${nameProblem} ${API_SERVER}`);
  });
  for (const [name, unit] of RESOURCE_QUANTITIES) {
    validateQuantity(container.resources?.[name], unit, at(path, 'resources', name), report);
    validateQuantity(container.resources?.limits?.[name], unit, at(path, 'resources', 'limits', name), report);
    validateRequestWithinLimit(container.resources?.[name], container.resources?.limits?.[name], at(path, 'resources', name), report);
  }
  validateContainerOptions(container, path, report, sidecar ? 'sidecar' : 'init');
  const ownPorts = new Set(portNames(container));
  for (const probe of PROBES) {
    if (sidecar && container[probe]) validateProbe(container[probe]!, probe, at(path, probe), report, ownPorts);
  }
  if (sidecar && container.lifecycle) validateLifecycle(container.lifecycle, at(path, 'lifecycle'), report, ownPorts);
}

function validateMetadata(layer: PodProps, path: Path, report: Report): void {
  if (layer.podLabels) validateLabels(layer.podLabels, at(path, 'podLabels'), report);
  if (layer.podAnnotations) validateAnnotationKeys(layer.podAnnotations, at(path, 'podAnnotations'), report);
  if (layer.instance === undefined && layer.partOf === undefined && layer.version === undefined) return;
  for (const [field, label] of Object.entries(RECOMMENDED_LABELS) as [keyof typeof RECOMMENDED_LABELS, string][]) {
    const value = layer[field];
    const problem = value === undefined ? undefined : value === '' ? 'expected a label value that is not empty' : labelValueProblem(value);
    if (problem) report(at(path, field), `received ${shown(value)} for the ${label} label, ${problem} ${API_SERVER}`);
  }
}

/**
 * The selector labels are the component's identity: a Deployment's selector cannot change after it is
 * created, and a Service or scaler that selects on them would miss the pods. So another value is refused;
 * the value cdk8s-workers sets itself is let through (a translated config may spell it out).
 */
function validateSelectorLabels(layer: PodProps, path: Path, report: Report, selector: Readonly<Record<string, string>>): void {
  for (const field of ['labels', 'podLabels'] as const) {
    for (const [key, value] of Object.entries(layer[field] ?? {})) {
      if (!RESERVED_LABELS.includes(key) || selector[key] === value) continue;
      report(at(path, field, key), `received label ${shown(key)}: ${shown(value)}, but the selectors depend on it: cdk8s-workers sets it to ${shown(selector[key])} from the pool name and component, and a Deployment's selector cannot change once created, so another value would orphan the running pods; expected a label of your own (partOf, version and instance set the other app.kubernetes.io labels)`, true);
    }
  }
}

function validateGpuAgainstExtended(layer: PodProps, pod: PodProps, path: Path, report: Report): void {
  if (!pod.resources?.gpu || layer.resources?.gpu) return;
  const gpuName = gpuResourceName(pod.resources.gpuVendor);
  if (layer.resources?.extended?.[gpuName] !== undefined) {
    report(at(path, 'resources', 'extended', gpuName), `received ${shown(gpuName)} beside resources.gpu (${pod.resources.gpu}, set in another layer), which sets the same resource, expected it once`, true);
  }
}

/** partOf, version and instance against the same label written in labels or podLabels. */
function validateRecommendedLabels(layer: PodProps, pod: PodProps, path: Path, report: Report): void {
  for (const [field, label] of Object.entries(RECOMMENDED_LABELS) as [keyof typeof RECOMMENDED_LABELS, string][]) {
    if (layer[field] === undefined) continue;
    const value = pod[field];
    for (const labels of ['labels', 'podLabels'] as const) {
      const other = pod[labels]?.[label];
      if (value !== undefined && other !== undefined && other !== value) {
        report(at(path, field), `received ${shown(value)}, but ${labels} sets ${label} to ${shown(other)}: expected one value (set ${field}, and leave the label out of ${labels})`);
      }
    }
  }
}

function portNames(options: ContainerOptions): string[] {
  return (options.ports ?? []).flatMap((port) => (typeof port === 'object' && port.name ? [port.name] : []));
}
