import type { Path } from '../checks/report';
import type { PoolFollowProps, PoolServeProps, WorkerPoolProps } from '../constructs/worker-pool';
import { mergePodProps } from '../pod/merge';
import { planFollowDeployment } from './follow-deployment';
import { followDeploymentName, serveDeploymentName } from './names';
import { PlannedObject } from './planned-object';
import { planScaledJob } from './scaled-job';
import { PlannedAuthentication, planScaledObject } from './scaled-object';
import { planServeChildren, planServeDeployment, planServeService, SERVE_CONTAINER } from './serve-deployment';
import { planWorkerCronJob, planWorkerJob } from './worker-job';

/** An object of a pool, and the pool prop that renders it (for messages about it). */
export interface PoolObject {
  readonly object: PlannedObject;
  readonly from: Path;
}

/**
 * Every object of a pool, in the order the WorkerPool construct writes them: the drain (Job, CronJob or
 * ScaledJob after its TriggerAuthentications), the follow Deployment and its scaler, the serve Deployment,
 * its Service and the objects beside it, and the serve scaler. `pool.namespace` and `pool.defaults` are
 * taken as given (a fleet fills them).
 */
export function planPool(pool: WorkerPoolProps): PoolObject[] {
  const { name: poolName, namespace, job, follow, serve, defaults, ...poolPod } = pool;
  const identity = { poolName, namespace };
  const objects: PoolObject[] = [];
  const add = (from: Path, object: PlannedObject) => objects.push({ object, from });
  const addScaler = (component: 'job' | 'follow' | 'serve', authentications: PlannedAuthentication[], scaler: PlannedObject, scalerFrom: Path) => {
    for (const { trigger, object } of authentications) add([component, 'autoscale', 'triggers', trigger], object);
    add(scalerFrom, scaler);
  };
  const named = (component: 'job' | 'follow' | 'serve') => (pool[component]?.name === undefined ? ['name'] : [component, 'name']);
  if (job) {
    const { autoscale, schedule, ...jobOptions } = job;
    const jobProps = { ...mergePodProps(defaults, poolPod, jobOptions), ...identity };
    if (autoscale) {
      const { scaledJob, authentications } = planScaledJob({ ...jobProps, autoscale });
      addScaler('job', authentications, scaledJob, named('job'));
    } else if (schedule !== undefined) add(named('job'), planWorkerCronJob({ ...jobProps, schedule }));
    else add(named('job'), planWorkerJob(jobProps));
  }
  if (follow) {
    const { autoscale, maxTaskSeconds: _maxTaskSeconds, ...followOptions } = follow;
    const followProps = mergePodProps<PoolFollowProps>(defaults, poolPod, followOptions);
    const deployment = { ...followProps, ...identity, autoscaled: !!autoscale };
    add(named('follow'), planFollowDeployment(deployment));
    if (autoscale) {
      const target = { ...identity, targetName: followDeploymentName(deployment), component: 'follow' as const, labels: followProps.labels, containerName: followProps.containerName };
      const { scaledObject, authentications } = planScaledObject(autoscale, target);
      addScaler('follow', authentications, scaledObject, ['follow', 'autoscale']);
    }
  }
  if (serve) {
    const { autoscale, ...serveOptions } = serve;
    const serveProps = mergePodProps<PoolServeProps>(defaults, poolPod, serveOptions);
    const deployment = { ...serveProps, ...identity, autoscaled: !!autoscale };
    add(named('serve'), planServeDeployment(deployment));
    add(named('serve'), planServeService(deployment));
    for (const { option, object } of planServeChildren(deployment)) add(serve[option] === undefined ? named('serve') : ['serve', option], object);
    if (autoscale) {
      const target = { ...identity, targetName: serveDeploymentName(deployment), component: 'serve' as const, labels: serveProps.labels, containerName: serveProps.containerName ?? SERVE_CONTAINER };
      const { scaledObject, authentications } = planScaledObject(autoscale, target);
      addScaler('serve', authentications, scaledObject, ['serve', 'autoscale']);
    }
  }
  return objects;
}
