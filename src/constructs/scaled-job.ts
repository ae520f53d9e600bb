import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { workerJobName } from '../build/names';
import { planScaledJob } from '../build/scaled-job';
import { checkScaledJob } from '../checks/keda';
import { checkJobObjects } from '../checks/pool-objects';
import { Report } from '../checks/report';
import { PlainApiObject } from './plain-api-object';
import { ScalingTriggerOptions } from './queue-scaler';
import { WorkerJobProps } from './worker-job';
import { Workload } from './workload';

/** How KEDA counts the Jobs to create from the queue length (ScaledJob `scalingStrategy`). */
export interface ScaledJobScalingStrategy {
  /** @default - KEDA's, 'default' */
  readonly strategy?: 'default' | 'custom' | 'accurate' | 'eager';
  /** With `custom`: queue items to subtract. @default - none */
  readonly customScalingQueueLengthDeduction?: number;
  /** With `custom`: the share of running Jobs to subtract, e.g. "0.5". @default - none */
  readonly customScalingRunningJobPercentage?: string;
  /** Pod conditions that count a pending Job as running. @default - none */
  readonly pendingPodConditions?: readonly string[];
  /** How the triggers' counts combine. @default - KEDA's, 'max' */
  readonly multipleScalersCalculation?: 'min' | 'avg' | 'sum' | 'max';
}

/** How a drain Job scales as a KEDA ScaledJob: one Job per batch of queue items, each run to completion. */
export interface ScaledJobOptions extends ScalingTriggerOptions {
  /** Finished Jobs kept. @default - KEDA's, 100 */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed Jobs kept. @default - KEDA's, 100 */
  readonly failedJobsHistoryLimit?: number;
  /** @default - KEDA's default strategy */
  readonly scalingStrategy?: ScaledJobScalingStrategy;
  /**
   * What an update of the ScaledJob does to running Jobs: `gradual` lets them finish, `immediate`
   * deletes them. @default 'gradual'
   */
  readonly rolloutStrategy?: 'gradual' | 'immediate';
  /** With `immediate`: how running Jobs are deleted. @default - KEDA's, background */
  readonly rolloutPropagationPolicy?: 'foreground' | 'background';
}

export interface ScaledWorkerJobProps extends WorkerJobProps {
  /** The scaling of the Jobs. */
  readonly autoscale: ScaledJobOptions;
}

/**
 * A drain Job that KEDA starts per queue batch: a `keda.sh/v1alpha1` ScaledJob whose `jobTargetRef` is
 * the Job a WorkerJob renders. Jobs run to completion, so scaling in never kills a task.
 */
export class ScaledWorkerJob extends Workload<ScaledWorkerJobProps> {
  /** The ScaledJob, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** The TriggerAuthentications, in trigger order. */
  public readonly authentications: ApiObject[];

  constructor(scope: Construct, id: string, props: ScaledWorkerJobProps) {
    super(scope, id, props, 'worker', workerJobName(props));
    const { scaledJob, authentications } = planScaledJob(props, () => this.renderedProps());
    this.authentications = authentications.map(({ object }, index) => new PlainApiObject(this, `Auth-${index}`, object));
    this.apiObject = new PlainApiObject(this, 'Resource', scaledJob);
  }

  protected optionProblems(props: ScaledWorkerJobProps, report: Report): void {
    checkJobObjects(props, [], report);
    checkScaledJob(props.autoscale, this.name, props, ['autoscale'], report);
  }
}
