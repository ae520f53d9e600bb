import type { QueueScalerOptions, QueueTriggerProps, ScalingTriggerOptions } from '../constructs/queue-scaler';
import { rendersAuthentication, scaledObjectName, triggerAuthenticationName } from './keda-names';
import type { PoolFollowProps, PoolJobProps, WorkerPoolProps } from '../constructs/worker-pool';
import { DEFAULT_FOLLOW_GRACE_SECONDS } from '../build/follow-deployment';
import { followDeploymentName, serveDeploymentName, workerJobName } from '../build/names';
import { dnsLabelProblem, dnsSubdomainProblem, secretKeyProblem } from '../config/names';
import { mergePodProps } from '../pod/merge';
import { PodProps } from '../pod/pod-props';
import { parseSecretKeyRef } from '../pod/secret-ref';
import { checkTrigger, Path, Report, TriggerContext } from './keda-triggers';

export { KEDA_VERSION, KEDA_SCALER_TYPES } from './keda-scalers';
export { rendersAuthentication, scaledObjectName, triggerAuthenticationName } from './keda-names';

const WEBHOOK = "KEDA's admission webhook refuses";
const LABEL_VALUE_MAX = 63;
const RESOURCE_TRIGGERS = ['cpu', 'memory'];
const UNCACHEABLE_TRIGGERS = ['cpu', 'memory', 'cron'];

/** A KEDA object a pool renders. */
export interface KedaObjectName {
  readonly kind: 'ScaledObject' | 'ScaledJob' | 'TriggerAuthentication';
  readonly name: string;
  /** Where in the pool the name comes from. */
  readonly path: Path;
}

/** Every KEDA object a pool renders, for the fleet-wide unique-name check. */
export function kedaObjectNames(pool: WorkerPoolProps): KedaObjectName[] {
  const names: KedaObjectName[] = [];
  const follow = pool.follow;
  if (follow?.autoscale) {
    const target = followName(pool);
    names.push({ kind: 'ScaledObject', name: scaledObjectName(target), path: ['follow', 'autoscale'] });
    names.push(...authenticationNames(target, follow.autoscale.triggers, ['follow', 'autoscale']));
  }
  if (pool.job?.autoscale) {
    const target = jobName(pool);
    names.push({ kind: 'ScaledJob', name: target, path: ['job', 'autoscale'] });
    names.push(...authenticationNames(target, pool.job.autoscale.triggers, ['job', 'autoscale']));
  }
  if (pool.serve?.autoscale) {
    const target = serveName(pool);
    names.push({ kind: 'ScaledObject', name: scaledObjectName(target), path: ['serve', 'autoscale'] });
    names.push(...authenticationNames(target, pool.serve.autoscale.triggers, ['serve', 'autoscale']));
  }
  return names;
}

function authenticationNames(target: string, triggers: readonly QueueTriggerProps[], path: Path): KedaObjectName[] {
  return triggers.flatMap((trigger, index) => (rendersAuthentication(trigger)
    ? [{ kind: 'TriggerAuthentication' as const, name: triggerAuthenticationName(target, trigger), path: [...path, 'triggers', index] }]
    : []));
}

const followName = (pool: WorkerPoolProps) => followDeploymentName({ poolName: pool.name, name: pool.follow?.name });
const jobName = (pool: WorkerPoolProps) => workerJobName({ poolName: pool.name, name: pool.job?.name });
const serveName = (pool: WorkerPoolProps) => serveDeploymentName({ poolName: pool.name, name: pool.serve?.name });

/** Each component's pod options merged over its pool's and the defaults (mergePodProps(defaults, pool, component)). */
export type ComponentPods = Partial<Record<'job' | 'follow' | 'serve', PodProps>>;

/**
 * The KEDA rules of a pool: its follow ScaledObject, its ScaledJob, their triggers and the drain contract.
 * `pods` gives the merged pod options of components the caller has merged already.
 */
export function checkPoolKeda(pool: WorkerPoolProps, defaults: PodProps | undefined, path: Path, report: Report, pods: ComponentPods = {}): void {
  const podOf = (component: keyof ComponentPods) => pods[component] ?? mergePodProps(defaults, pool, pool[component]);
  const follow = pool.follow as PoolFollowProps | undefined;
  if (follow) {
    if (follow.autoscale) checkAutoscale(follow.autoscale, followName(pool), podOf('follow'), [...path, 'follow', 'autoscale'], report);
    if (follow.maxTaskSeconds !== undefined) checkDrain(podOf('follow'), follow.maxTaskSeconds, [...path, 'follow'], report);
  }
  if (pool.serve?.autoscale) {
    const pod = podOf('serve');
    checkAutoscale(pool.serve.autoscale, serveName(pool), { ...pod, containerName: pod.containerName ?? 'serve' }, [...path, 'serve', 'autoscale'], report);
  }
  const job = pool.job as PoolJobProps | undefined;
  if (job?.autoscale) checkScaledJob(job.autoscale, jobName(pool), podOf('job'), [...path, 'job', 'autoscale'], report);
}

/** A ScaledObject as KEDA's webhook and scalers see it; without the target's pod, the checks that need it are skipped. */
export function checkAutoscale(autoscale: QueueScalerOptions, target: string, pod: PodProps | undefined, path: Path, report: Report): void {
  checkScalingBounds(autoscale, path, report);
  checkScaledObjectNames(autoscale, target, path, report);
  const triggers = autoscale.triggers;
  const onlyResourceTriggers = triggers.every(isResourceTrigger);
  const min = autoscale.minReplicas ?? 0;
  if (onlyResourceTriggers && min === 0) {
    report([...path, 'minReplicas'], `${WEBHOOK} a ScaledObject with only cpu/memory triggers and minReplicaCount 0 (scale to zero cannot work on them): expected minReplicas of at least 1, or a queue trigger beside them`);
  }
  if (autoscale.idleReplicaCount !== undefined && autoscale.idleReplicaCount >= min) {
    report([...path, 'idleReplicaCount'], `received ${autoscale.idleReplicaCount}, but ${WEBHOOK} an idleReplicaCount that is not below minReplicaCount (${min}): KEDA supports only 0 here, with minReplicas at least 1`);
  }
  if (autoscale.fallback && onlyResourceTriggers) {
    report([...path, 'fallback'], `${WEBHOOK} fallback when every trigger is cpu or memory: expected at least one other trigger, or no fallback`);
  }
  if (autoscale.fallback && autoscale.fallback.replicas > (autoscale.maxReplicas ?? 100)) {
    report([...path, 'fallback', 'replicas'], `received ${autoscale.fallback.replicas}, expected at most maxReplicas (${autoscale.maxReplicas ?? 100})`);
  }
  if (autoscale.pausedReplicas !== undefined && autoscale.paused) {
    report([...path, 'paused'], 'KEDA takes paused-replicas over paused: expected one of paused and pausedReplicas');
  }
  if (pod) {
    triggers.forEach((trigger, index) => {
      if (isResourceTrigger(trigger)) checkResourceTrigger(trigger, pod, [...path, 'triggers', index], report);
    });
  }
  checkTriggers(triggers, target, pod, path, report);
}

function isResourceTrigger(trigger: QueueTriggerProps): boolean {
  return RESOURCE_TRIGGERS.includes(trigger.type);
}

/** A ScaledJob: bounds, names, triggers. */
export function checkScaledJob(autoscale: ScalingTriggerOptions, target: string, pod: PodProps, path: Path, report: Report): void {
  checkScalingBounds(autoscale, path, report);
  autoscale.triggers.forEach((trigger, index) => {
    if (RESOURCE_TRIGGERS.includes(trigger.type)) {
      report([...path, 'triggers', index, 'type'], `KEDA does not scale a ScaledJob on ${trigger.type}: its ${trigger.type} scaler returns no metric value (only an HPA measures ${trigger.type}), so there is nothing to count Jobs from; expected a queue trigger`);
    }
  });
  checkTriggers(autoscale.triggers, target, pod, path, report);
}

function checkScalingBounds(autoscale: ScalingTriggerOptions, path: Path, report: Report): void {
  const min = autoscale.minReplicas ?? 0;
  const max = autoscale.maxReplicas ?? 100;
  if (min > max) report([...path, 'minReplicas'], `received ${min}, expected at most maxReplicas (${max}): ${WEBHOOK} minReplicaCount above maxReplicaCount`);
}

function checkScaledObjectNames(autoscale: QueueScalerOptions, target: string, path: Path, report: Report): void {
  if (dnsSubdomainProblem(target)) return; // the name check of the Deployment reports it; derived names would only repeat it
  const name = scaledObjectName(target);
  const hpaName = autoscale.hpaName ?? `keda-hpa-${name}`;
  if (name.length > LABEL_VALUE_MAX) {
    report(path, `${WEBHOOK} the ScaledObject name ${JSON.stringify(name)} (${name.length} characters): it is a label value, at most ${LABEL_VALUE_MAX}; ${shortenAdvice(target)}`);
  } else if (hpaName.length > LABEL_VALUE_MAX) {
    report(autoscale.hpaName === undefined ? path : [...path, 'hpaName'], `${WEBHOOK} the HPA name ${JSON.stringify(hpaName)} (${hpaName.length} characters), expected at most ${LABEL_VALUE_MAX}: set hpaName to a shorter name or ${shortenAdvice(target)}`);
  }
  if (autoscale.hpaName !== undefined) {
    const problem = dnsLabelProblem(autoscale.hpaName);
    if (problem) report([...path, 'hpaName'], `received ${JSON.stringify(autoscale.hpaName)}, ${problem}`);
  }
}

function shortenAdvice(target: string): string {
  return `shorten the follow Deployment name ${JSON.stringify(target)} (<pool>-follow unless follow.name is set) to ${LABEL_VALUE_MAX - 'keda-hpa-'.length - '-scaler'.length} characters or fewer`;
}

function checkResourceTrigger(trigger: QueueTriggerProps, pod: PodProps, path: Path, report: Report): void {
  const resource = trigger.type as 'cpu' | 'memory';
  const containerName = pod.containerName ?? 'worker';
  const named = trigger.metadata.containerName;
  if (named !== undefined && String(named) !== containerName) {
    report([...path, 'metadata', 'containerName'], `received ${JSON.stringify(String(named))}, but the target's container is ${JSON.stringify(containerName)}: KEDA would find no container to measure`);
  } else if (pod.resources?.[resource] === undefined && pod.resources?.limits?.[resource] === undefined) {
    report(path, `${WEBHOOK} a ${resource} trigger on a container without a ${resource} request or limit (container ${JSON.stringify(containerName)}), unless a LimitRange sets a default: expected resources.${resource} (or resources.limits.${resource})`);
  }
}

function checkTriggers(triggers: readonly QueueTriggerProps[], target: string, pod: PodProps | undefined, path: Path, report: Report): void {
  const context = new TargetContainer(pod);
  const names = new Map<string, number>();
  const authNames = new Map<string, number>();
  triggers.forEach((trigger, index) => {
    const triggerPath = [...path, 'triggers', index];
    if (trigger.name !== undefined) {
      const problem = dnsLabelProblem(trigger.name);
      if (problem) report([...triggerPath, 'name'], `received ${JSON.stringify(trigger.name)}, ${problem}`);
      const first = names.get(trigger.name);
      if (first !== undefined) report([...triggerPath, 'name'], `${WEBHOOK} two triggers named ${JSON.stringify(trigger.name)} (the first is trigger ${first}): expected a distinct name on each`);
      else names.set(trigger.name, index);
    }
    if (UNCACHEABLE_TRIGGERS.includes(trigger.type) && trigger.useCachedMetrics) {
      report([...triggerPath, 'useCachedMetrics'], `${WEBHOOK} useCachedMetrics on a ${trigger.type} trigger (it is refused on cpu, memory and cron)`);
    }
    const namesValid = !dnsSubdomainProblem(target) && !(trigger.name !== undefined && dnsLabelProblem(trigger.name));
    if (rendersAuthentication(trigger) && namesValid) {
      const authName = triggerAuthenticationName(target, trigger);
      const first = authNames.get(authName);
      if (first !== undefined) report(triggerPath, `triggers ${first} and ${index} would both render the TriggerAuthentication ${JSON.stringify(authName)}: expected a distinct name on each trigger of the same type`);
      else authNames.set(authName, index);
      if (authName.length > 253) report(triggerPath, `the TriggerAuthentication name ${JSON.stringify(authName)} is ${authName.length} characters long, expected at most 253`);
    }
    checkRefs(trigger, triggerPath, report);
    checkTrigger(trigger, context, triggerPath, report);
  });
}

const REFERENCE_FIELDS = [['secretAuth', 'Secret', 'secret:key'], ['configMapAuth', 'ConfigMap', 'configmap:key']] as const;

function checkRefs(trigger: QueueTriggerProps, path: Path, report: Report): void {
  for (const [field, kind, form] of REFERENCE_FIELDS) {
    const refs = trigger[field];
    if (!refs) continue;
    for (const [parameter, text] of Object.entries(refs)) {
      const ref = parseSecretKeyRef(text);
      if (!ref) {
        report([...path, field, parameter], `received ${JSON.stringify(text)}, expected "${form}" (the ${kind}'s name, a colon, and the key)`);
        continue;
      }
      const nameProblem = dnsSubdomainProblem(ref.name);
      if (nameProblem) report([...path, field, parameter], `received ${kind} name ${JSON.stringify(ref.name)}, ${nameProblem}`);
      const keyProblem = secretKeyProblem(ref.key);
      if (keyProblem) report([...path, field, parameter], `received ${kind} key ${JSON.stringify(ref.key)}, ${keyProblem}`);
    }
  }
  if (trigger.authenticationRef) {
    const problem = dnsSubdomainProblem(trigger.authenticationRef.name);
    if (problem) report([...path, 'authenticationRef', 'name'], `received ${JSON.stringify(trigger.authenticationRef.name)}, ${problem}`);
  }
}

/** What a trigger sees of its target's main container; its env var names are listed only when a check asks. */
class TargetContainer implements TriggerContext {
  public readonly containerName: string;
  private names?: { readonly set?: ReadonlySet<string> };

  constructor(private readonly pod: PodProps | undefined) {
    this.containerName = pod?.containerName ?? 'worker';
  }

  public get envNames(): ReadonlySet<string> | undefined {
    this.names ??= { set: this.pod && containerEnvNames(this.pod) };
    return this.names.set;
  }
}

/** The env var names of the main container, or undefined when envFrom makes them unknowable. */
function containerEnvNames(pod: PodProps): ReadonlySet<string> | undefined {
  if (pod.envFromSecrets?.length) return undefined;
  return new Set([pod.env, pod.secretEnv, pod.downwardEnv].flatMap((map) => Object.keys(map ?? {})));
}

/** Scale-in, rollouts and drains send SIGTERM, then SIGKILL after the grace period: it must cover a task. */
export function checkDrain(pod: PodProps, maxTaskSeconds: number, path: Path, report: Report): void {
  const grace = pod.terminationGraceSeconds ?? DEFAULT_FOLLOW_GRACE_SECONDS;
  if (grace < maxTaskSeconds) {
    report([...path, 'terminationGraceSeconds'], `the follow pods get ${grace} s between SIGTERM and SIGKILL, shorter than maxTaskSeconds (${maxTaskSeconds} s): a pod the autoscaler (or a rollout) stops is killed mid-task; expected terminationGraceSeconds of at least ${maxTaskSeconds}, or job.autoscale (a ScaledJob) for tasks this long`);
  }
}
