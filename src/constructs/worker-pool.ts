import { Construct } from 'constructs';
import { mergePodProps } from '../pod/merge';
import { PodProps } from '../pod/pod-props';
import { FollowDeployment, FollowDeploymentOptions } from './follow-deployment';
import { QueueScaler, QueueScalerOptions } from './queue-scaler';
import { ServeDeployment, ServeDeploymentOptions } from './serve-deployment';
import { WorkerJob, WorkerJobOptions } from './worker-job';

/** The drain Job of a pool: its own options and pod options that override the pool's. */
export interface PoolJobProps extends PodProps, WorkerJobOptions {
  /** Name of the Job. @default - `<pool>-worker` */
  readonly name?: string;
}

/** The follow Deployment of a pool, optionally autoscaled by KEDA. */
export interface PoolFollowProps extends PodProps, FollowDeploymentOptions {
  /** Name of the Deployment. @default - `<pool>-follow` */
  readonly name?: string;
  /** Scale on queue depth with a KEDA ScaledObject. @default - a fixed replica count */
  readonly autoscale?: QueueScalerOptions;
}

/** The serve Deployment and Service of a pool. */
export interface PoolServeProps extends PodProps, ServeDeploymentOptions {
  /** Name of the Deployment and its Service. @default - `<pool>-serve` */
  readonly name?: string;
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
  public readonly follow?: FollowDeployment;
  public readonly scaler?: QueueScaler;
  public readonly serve?: ServeDeployment;

  constructor(scope: Construct, id: string, props: WorkerPoolProps) {
    super(scope, id);
    const { name: poolName, namespace, job, follow, serve, defaults, ...poolPod } = props;
    const identity = { poolName, namespace };
    if (job) {
      this.job = new WorkerJob(this, 'Job', { ...mergePodProps(defaults, poolPod, job), ...identity });
    }
    if (follow) {
      const { autoscale, ...followOptions } = follow;
      const followProps = mergePodProps<PoolFollowProps>(defaults, poolPod, followOptions);
      this.follow = new FollowDeployment(this, 'Follow', { ...followProps, ...identity, autoscaled: !!autoscale });
      if (autoscale) {
        this.scaler = new QueueScaler(this, 'Scaler', { ...autoscale, ...identity, target: this.follow.name, labels: followProps.labels });
      }
    }
    if (serve) {
      this.serve = new ServeDeployment(this, 'Serve', { ...mergePodProps(defaults, poolPod, serve), ...identity });
    }
  }
}
