import { checkPoolKeda, ComponentPods } from '../checks/keda';
import { validateEnvSources } from '../checks/api-server/env';
import { validateHpaBehavior } from '../checks/api-server/hpa-behavior';
import { collisionMessage, ObjectIdentity, objectNameProblem, ObjectRegistry } from '../checks/api-server/objects';
import { ComponentContainer, validatePodModelReferences, validateServeProbes } from '../checks/api-server/pod-model';
import { componentMetadata } from '../build/metadata';
import { Path, Report } from '../checks/report';
import { fleetPoolObjects } from '../build/fleet';
import { followDeploymentName, serveDeploymentName, workerJobName } from '../build/names';
import type { WorkerFleetProps } from '../constructs/worker-fleet';
import type { PoolServeProps, WorkerPoolProps } from '../constructs/worker-pool';
import { mergePodProps } from '../pod/merge';
import { checkCredentials } from '../checks/credentials-walk';
import { checkDnsLabel, checkEffectivePod, checkPodLayer } from '../checks/pod-options';
import { checkFollowObjects, checkJobObjects, checkPoolComposition, checkServeObjects } from '../checks/pool-objects';
import { describeValue, formatPath as formatPathOf } from './errors';

export { checkSecretKeyRef } from '../checks/pod-options';
import { dns1035LabelProblem, dnsLabelProblem } from './names';

export type { Report } from '../checks/report';

const COMPONENTS = ['job', 'follow', 'serve'] as const;
/** The main container each component renders, as the pod model's reference checks need it. */
const COMPONENT_NAMES_OF = { job: 'worker', follow: 'follow', serve: 'serve' } as const;
const COMPONENT_CONTAINERS = {
  job: { containerName: 'worker' },
  follow: { containerName: 'worker' },
  serve: { containerName: 'serve', portNames: ['http'] },
} as const;
type ComponentKey = (typeof COMPONENTS)[number];

/**
 * Everything the schema cannot say about a fleet: names, quantities, references, credentials, the API
 * server's field rules. Once those pass, the fleet is rendered and every object's name is checked.
 */
export function checkFleet(fleet: WorkerFleetProps, report: Report): void {
  let problems = 0;
  const reported = new Set<string>();
  const once: Report = (path, message, onKey) => {
    const key = JSON.stringify([path, message, onKey]);
    if (reported.has(key)) return;
    reported.add(key);
    problems += 1;
    report(path, message, onKey);
  };
  if (fleet.namespace !== undefined) checkDnsLabel(fleet.namespace, ['namespace'], once);
  if (fleet.createNamespaces) checkCreatableNamespaces(fleet, once);
  if (fleet.defaults) checkPodLayer(fleet.defaults, ['defaults'], once);
  fleet.pools.forEach((pool, index) => checkPool(pool, fleet, ['pools', index], once));
  checkUniquePoolNames(fleet, once);
  checkCredentials(fleet, once, fleet.defaults?.notSecret);
  if (!problems) checkRenderedObjects(fleet, once);
}

/** A pool is one construct in its namespace: two pools with one name there would be one id twice. */
function checkUniquePoolNames(fleet: WorkerFleetProps, report: Report): void {
  const seen = new Map<string, number>();
  fleet.pools.forEach((pool, index) => {
    const namespace = pool.namespace ?? fleet.namespace ?? 'default';
    const key = `${namespace}/${pool.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return;
    }
    report(['pools', index, 'name'], `pool name ${JSON.stringify(pool.name)} is already used by pools[${first}] (pools[${first}].name) in namespace ${namespace}, expected each pool name once per namespace`);
  });
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
  const defaultsLayer = { path: ['defaults'], maps: fleet.defaults ?? {} };
  const poolLayer = { path, maps: pool };
  // mergePodProps(defaults, pool, options) is the pool's merged layers with the component's on top.
  const poolPod = mergePodProps(fleet.defaults, pool);
  const pods: ComponentPods = {};
  for (const component of COMPONENTS) {
    const options = pool[component];
    if (!options) continue;
    const componentPath = [...path, component];
    checkPodLayer(options, componentPath, report);
    checkComponentName(pool, component, path, report);
    validateEnvSources([defaultsLayer, poolLayer, { path: componentPath, maps: options }], report);
    const pod = mergePodProps(poolPod, options);
    pods[component] = pod;
    checkEffectivePod(pod, componentPath, report, component === 'serve' ? options as PoolServeProps : undefined);
    const container = new MainContainer(pool.name, component);
    if (fleet.defaults) validatePodModelReferences(fleet.defaults, pod, ['defaults'], report, container);
    validatePodModelReferences(pool, pod, path, report, container);
    validatePodModelReferences(options, pod, componentPath, report, container);
    if (component === 'serve') validateServeProbes(options as PoolServeProps, pod, componentPath, report);
  }
  for (const component of ['follow', 'serve'] as const) {
    const behavior = pool[component]?.autoscale?.behavior;
    if (behavior) validateHpaBehavior(behavior as Record<string, any>, [...path, component, 'autoscale', 'behavior'], report);
  }
  if (pool.job) checkJobObjects(pool.job, [...path, 'job'], report);
  if (pool.follow) checkFollowObjects(pool.follow, [...path, 'follow'], report);
  if (pool.serve) checkServeObjects(pool.serve, [...path, 'serve'], report);
  checkPoolComposition(pool, path, report);
  checkPoolKeda(pool, fleet.defaults, path, report, pods);
}

/** A component's main container; its selector labels are worked out only when a check reads them. */
class MainContainer implements ComponentContainer {
  public readonly containerName: string;
  public readonly portNames?: readonly string[];
  private labels?: Readonly<Record<string, string>>;

  constructor(private readonly poolName: string, private readonly component: ComponentKey) {
    this.containerName = COMPONENT_CONTAINERS[component].containerName;
    this.portNames = component === 'serve' ? COMPONENT_CONTAINERS.serve.portNames : undefined;
  }

  public get selectorLabels(): Readonly<Record<string, string>> {
    this.labels ??= componentMetadata(this.poolName, COMPONENT_NAMES_OF[this.component], {}).labels;
    return this.labels;
  }
}

const COMPONENT_NAMES: Record<ComponentKey, { kind: string; name: (props: { poolName: string; name?: string }) => string; why: string }> = {
  job: { kind: 'Job name', name: workerJobName, why: 'its pods carry it as the job-name label' },
  follow: { kind: 'Deployment name', name: followDeploymentName, why: 'its pods carry it in their labels' },
  serve: { kind: 'Service name', name: serveDeploymentName, why: 'a Service name is a DNS-1035 label' },
};

/** A component's object name, from the same function its construct names it with. */
function checkComponentName(pool: WorkerPoolProps, component: ComponentKey, path: Path, report: Report): void {
  const own = pool[component]?.name;
  const { kind, name: nameOf, why } = COMPONENT_NAMES[component];
  const name = nameOf({ poolName: pool.name, name: own });
  if (own !== undefined) {
    const problem = component === 'serve' ? dns1035LabelProblem(own) : dnsLabelProblem(own);
    if (problem) report([...path, component, 'name'], `received ${describeValue(own)}, ${problem}${component === 'serve' ? ' (the API server refuses it as a Service name)' : ''}`);
    return;
  }
  if (dnsLabelProblem(pool.name)) return;
  if (component === 'serve' && !/^[a-z]/.test(name)) {
    report([...path, 'name'], `received pool name ${JSON.stringify(pool.name)}, which makes the Service name ${JSON.stringify(name)}, not starting with a letter: the API server refuses it (a Service name is a DNS-1035 label); expected a pool name starting with a letter, or serve.name`);
  } else if (name.length > 63) {
    const suffix = name.length - pool.name.length;
    report([...path, 'name'], `pool name ${JSON.stringify(pool.name)} makes the ${kind} ${JSON.stringify(name)} ${name.length} characters long, expected at most 63 (${why}): shorten the pool name to ${63 - suffix} characters or fewer`);
  }
}

/**
 * Plans the fleet's objects as synth does and checks every object's name: its kind's rule, and one object
 * per namespace, kind and name. The names come from the builders themselves, so nothing here restates them.
 * Each object is remembered by its pool's index only; where in that pool it came from is looked up again
 * when a second object has its name.
 */
function checkRenderedObjects(fleet: WorkerFleetProps, report: Report): void {
  const registry = new ObjectRegistry<number>();
  fleet.pools.forEach((pool, index) => {
    for (const object of fleetPoolObjects(fleet, pool)) {
      const problem = objectNameProblem(object.kind, object.name);
      if (problem) report(['pools', index, ...object.from], `received the ${object.kind} name ${JSON.stringify(object.name)}, which ${problem} (the API server refuses it)`);
      const first = registry.claim(object, index);
      if (first !== undefined) report(['pools', index, ...object.from], collisionMessage(object, formatPathOf(pooledObjectPath(fleet, first, object))));
    }
  });
}

/** Where in the pool at `index` the object of that identity comes from. */
function pooledObjectPath(fleet: WorkerFleetProps, index: number, identity: ObjectIdentity): Path {
  const object = fleetPoolObjects(fleet, fleet.pools[index]).find(({ kind, name, namespace }) => kind === identity.kind && name === identity.name && namespace === identity.namespace);
  return ['pools', index, ...(object?.from ?? [])];
}
