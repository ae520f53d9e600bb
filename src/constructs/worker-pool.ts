import { Construct } from 'constructs';
import { mergePodProps } from '../pod/merge';
import { PodProps } from '../pod/pod-props';
import { FollowDeployment, FollowDeploymentOptions } from './follow-deployment';
import { QueueScaler, QueueScalerOptions } from './queue-scaler';
import { ScaledJobOptions, ScaledWorkerJob } from './scaled-job';
import { SERVE_CONTAINER, ServeDeployment, ServeDeploymentOptions } from './serve-deployment';
import { WorkerJob, WorkerJobOptions } from './worker-job';
import { checkDrain } from '../checks/keda';
import { problemsOf } from '../checks/report';
import { checkPoolComposition } from '../checks/pool-objects';
import { CronScheduleOptions } from '../build/cron-job';
import { WorkerCronJob } from './worker-cron-job';

/** The drain Job of a pool: its own options and pod options that override the pool's. */
export interface PoolJobProps extends PodProps, WorkerJobOptions, CronScheduleOptions {
  /** Name of the Job (or CronJob, or ScaledJob). @default - `<pool>-worker` */
  readonly name?: string;
  /**
   * Drain on a schedule: a CronJob in place of the Job, starting the Job on this cron schedule
   * (`0 3 * * *`, `@hourly`). Exclusive with autoscale. @default - a Job that runs once
   */
  readonly schedule?: string;
  /**
   * Let KEDA start the Jobs from the queue: a ScaledJob replaces the Job, and each Job it starts runs
   * to completion, so scaling in never stops a task. @default - a plain Job
   */
  readonly autoscale?: ScaledJobOptions;
}

/** The follow Deployment of a pool, optionally autoscaled by KEDA. */
export interface PoolFollowProps extends PodProps, FollowDeploymentOptions {
  /** Name of the Deployment. @default - `<pool>-follow` */
  readonly name?: string;
  /** Scale on queue depth with a KEDA ScaledObject. @default - a fixed replica count */
  readonly autoscale?: QueueScalerOptions;
  /**
   * Longest a task runs, in seconds. Scale-in, rollouts and node drains stop a pod with SIGTERM and
   * kill it terminationGraceSeconds later, so that grace period must be at least this long.
   * @default - not declared, not checked
   */
  readonly maxTaskSeconds?: number;
}

/** The serve Deployment and Service of a pool. */
export interface PoolServeProps extends PodProps, ServeDeploymentOptions {
  /** Name of the Deployment and its Service. @default - `<pool>-serve` */
  readonly name?: string;
  /** Scale on queue depth (or any KEDA trigger) with a ScaledObject; replicas is then left out. @default - a fixed replica count */
  readonly autoscale?: QueueScalerOptions;
}

/** One queue-worker pool: pod options shared by its components, and which components it has. */
export interface WorkerPoolProps extends PodProps {
  /** The pool name, a DNS-1123 label: the stem of every object name. */
  readonly name: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** The drain Job. @default - none */
  readonly job?: PoolJobProps;
  /** The follow Deployment. @default - none */
  readonly follow?: PoolFollowProps;
  /** The serve Deployment and its Service. @default - none */
  readonly serve?: PoolServeProps;
  /** Pod options under the pool's own, e.g. a fleet's defaults. @default - none */
  readonly defaults?: PodProps;
}

/** Builds whichever of the drain Job, follow Deployment (with its scaler) and serve Deployment a pool enables. */
export class WorkerPool extends Construct {
  public readonly job?: WorkerJob;
  /** The CronJob that replaces the Job when `job.schedule` is set. */
  public readonly cronJob?: WorkerCronJob;
  /** The ScaledJob that replaces the Job when `job.autoscale` is set. */
  public readonly scaledJob?: ScaledWorkerJob;
  public readonly follow?: FollowDeployment;
  public readonly scaler?: QueueScaler;
  public readonly serve?: ServeDeployment;
  /** The ScaledObject of the serve Deployment, when `serve.autoscale` is set. */
  public readonly serveScaler?: QueueScaler;

  constructor(scope: Construct, id: string, props: WorkerPoolProps) {
    super(scope, id);
    const { name: poolName, namespace, job, follow, serve, defaults, ...poolPod } = props;
    const identity = { poolName, namespace };
    if (job) {
      const { autoscale, schedule, ...jobOptions } = job;
      const jobProps = { ...mergePodProps(defaults, poolPod, jobOptions), ...identity };
      if (autoscale) this.scaledJob = new ScaledWorkerJob(this, 'Job', { ...jobProps, autoscale });
      else if (schedule !== undefined) this.cronJob = new WorkerCronJob(this, 'Job', { ...jobProps, schedule });
      else this.job = new WorkerJob(this, 'Job', jobProps);
    }
    if (follow) {
      const { autoscale, maxTaskSeconds, ...followOptions } = follow;
      const followProps = mergePodProps<PoolFollowProps>(defaults, poolPod, followOptions);
      if (maxTaskSeconds !== undefined) this.node.addValidation({ validate: () => problemsOf((report) => checkDrain(followProps, maxTaskSeconds, ['follow'], report)) });
      this.follow = new FollowDeployment(this, 'Follow', { ...followProps, ...identity, autoscaled: !!autoscale });
      if (autoscale) {
        this.scaler = new QueueScaler(this, 'Scaler', { ...autoscale, ...identity, target: this.follow, labels: followProps.labels, containerName: followProps.containerName, targetPod: followProps });
      }
    }
    if (serve) {
      const { autoscale, ...serveOptions } = serve;
      const serveProps = mergePodProps<PoolServeProps>(defaults, poolPod, serveOptions);
      this.serve = new ServeDeployment(this, 'Serve', { ...serveProps, ...identity, autoscaled: !!autoscale });
      if (autoscale) {
        const containerName = serveProps.containerName ?? SERVE_CONTAINER;
        this.serveScaler = new QueueScaler(this, 'ServeScaler', {
          ...autoscale, ...identity, component: 'serve', target: this.serve.name, labels: serveProps.labels, containerName, targetPod: { ...serveProps, containerName },
        });
      }
    }
    this.node.addValidation({ validate: () => problemsOf((report) => checkPoolComposition(props, [], report)) });
  }
}
