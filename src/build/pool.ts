import { rendersAuthentication, scaledObjectName, triggerAuthenticationName } from '../checks/keda-names';
import type { Path } from '../checks/report';
import type { QueueTriggerProps } from '../constructs/queue-scaler';
import type { ScaledJobOptions } from '../constructs/scaled-job';
import type { PoolFollowProps, PoolJobProps, PoolServeProps, WorkerPoolProps } from '../constructs/worker-pool';
import { mergePodProps } from '../pod/merge';
import type { PodProps } from '../pod/pod-props';
import { planFollowDeployment } from './follow-deployment';
import { followDeploymentName, serveDeploymentName, workerJobName } from './names';
import { PlannedObject } from './planned-object';
import { planScaledJob } from './scaled-job';
import { PlannedAuthentication, planScaledObject } from './scaled-object';
import { disruptionBudgetOf, planDisruptionBudget, planServeDeploymentAndService, planServeIngress, planServeNetworkPolicy, SERVE_CONTAINER, serveChildProps } from './serve-deployment';
import { planWorkerCronJob, planWorkerJob } from './worker-job';

/** An object of a pool: its identity at once, the object itself planned only when it is written. */
export interface PoolObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The pool prop that renders it, for messages about it. */
  readonly from: Path;
  readonly plan: () => PlannedObject;
}

type ComponentKey = 'job' | 'follow' | 'serve';

/** Where a pool's objects go and the pod options under the pool's. */
export type PoolPlacement = Pick<WorkerPoolProps, 'namespace' | 'defaults'>;

/**
 * Every object of a pool, in the order the WorkerPool construct writes them: the drain (Job, CronJob or
 * ScaledJob after its TriggerAuthentications), the follow Deployment and its scaler, the serve Deployment,
 * its Service and the objects beside it, and the serve scaler. Names come from the options alone; pod
 * options are merged only when an object is planned. The namespace and the defaults are taken as given
 * (a fleet fills them): `pool.namespace` and `pool.defaults` unless `placement` says otherwise.
 */
export function poolObjects(pool: WorkerPoolProps, placement: PoolPlacement = pool): PoolObject[] {
  const poolName = pool.name;
  const { namespace, defaults } = placement;
  const objects: PoolObject[] = [];
  const add = (kind: string, name: string, from: Path, plan: () => PlannedObject) => objects.push({ kind, name, namespace, from, plan });
  const named = (component: ComponentKey): Path => (pool[component]?.name === undefined ? ['name'] : [component, 'name']);
  const addAuthentications = (component: ComponentKey, triggers: readonly QueueTriggerProps[], target: string, planned: () => readonly PlannedAuthentication[]) => {
    triggers.forEach((trigger, index) => {
      if (!rendersAuthentication(trigger)) return;
      add('TriggerAuthentication', triggerAuthenticationName(target, trigger), [component, 'autoscale', 'triggers', index], () => planned().find((authentication) => authentication.trigger === index)!.object);
    });
  };
  const poolPod = once(() => podLayer(pool));
  /** A component's props: its pod options merged over the pool's, with its identity and what the component adds set on the merged copy. */
  const componentPod = <T extends PodProps>(options: object, own: object = {}) => once(() => Object.assign(mergePodProps<T>(defaults, poolPod(), options), { poolName, namespace }, own));

  const job = pool.job;
  if (job) {
    const name = workerJobName({ poolName, name: job.name });
    const { autoscale, schedule, ...options } = job;
    if (autoscale) {
      const props = componentPod<PoolJobProps & { autoscale: ScaledJobOptions }>(options, { autoscale });
      const planned = once(() => planScaledJob(props()));
      addAuthentications('job', autoscale.triggers, name, () => planned().authentications);
      add('ScaledJob', name, named('job'), () => planned().scaledJob);
    } else if (schedule !== undefined) {
      const props = componentPod<PoolJobProps & { schedule: string }>(options, { schedule });
      add('CronJob', name, named('job'), () => planWorkerCronJob(props()));
    } else {
      const props = componentPod<PoolJobProps>(options);
      add('Job', name, named('job'), () => planWorkerJob(props()));
    }
  }
  const follow = pool.follow;
  if (follow) {
    const name = followDeploymentName({ poolName, name: follow.name });
    const { autoscale, maxTaskSeconds: _maxTaskSeconds, ...options } = follow;
    const props = componentPod<PoolFollowProps>(options, { autoscaled: !!autoscale });
    add('Deployment', name, named('follow'), () => planFollowDeployment(props()));
    if (autoscale) {
      const planned = once(() => planScaledObject(autoscale, { poolName, namespace, targetName: name, component: 'follow', labels: props().labels, containerName: props().containerName }));
      addAuthentications('follow', autoscale.triggers, name, () => planned().authentications);
      add('ScaledObject', scaledObjectName(name), ['follow', 'autoscale'], () => planned().scaledObject);
    }
  }
  const serve = pool.serve;
  if (serve) {
    const name = serveDeploymentName({ poolName, name: serve.name });
    const { autoscale, ...options } = serve;
    const props = componentPod<PoolServeProps>(options, { autoscaled: !!autoscale });
    const served = once(() => planServeDeploymentAndService(props()));
    add('Deployment', name, named('serve'), () => served().deployment);
    add('Service', name, named('serve'), () => served().service);
    const children = once(() => serveChildProps(props(), served().labels));
    if (disruptionBudgetOf({ disruptionBudget: serve.disruptionBudget, replicas: serve.replicas, autoscaled: !!autoscale })) add('PodDisruptionBudget', name, serve.disruptionBudget === undefined ? named('serve') : ['serve', 'disruptionBudget'], () => planDisruptionBudget(children().disruptionBudget!));
    if (serve.ingress) add('Ingress', name, ['serve', 'ingress'], () => planServeIngress(children().ingress!));
    if (serve.networkPolicy) add('NetworkPolicy', name, ['serve', 'networkPolicy'], () => planServeNetworkPolicy(children().networkPolicy!));
    if (autoscale) {
      const planned = once(() => planScaledObject(autoscale, { poolName, namespace, targetName: name, component: 'serve', labels: props().labels, containerName: props().containerName ?? SERVE_CONTAINER }));
      addAuthentications('serve', autoscale.triggers, name, () => planned().authentications);
      add('ScaledObject', scaledObjectName(name), ['serve', 'autoscale'], () => planned().scaledObject);
    }
  }
  return objects;
}

/** The pool's own pod options: everything but its identity and its components. */
function podLayer(pool: WorkerPoolProps): PodProps {
  const { name: _name, namespace: _namespace, job: _job, follow: _follow, serve: _serve, defaults: _defaults, ...pod } = pool;
  return pod;
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
