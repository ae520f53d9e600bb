import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkJobObjects } from '../checks/pool-objects';
import { Report } from '../checks/report';
import { workerJobName } from '../build/names';
import { planWorkerJob } from '../build/worker-job';
import { PlainApiObject } from './plain-api-object';
import { Workload } from './workload';
import { WorkloadProps } from './workload-props';

/** What makes a drain Job, beside its pod. */
export interface WorkerJobOptions {
  /** Pods running at once (`spec.parallelism`). @default 1 */
  readonly workers?: number;
  /**
   * Successful pods needed. Unset means work-queue semantics: pods exit 0 once the queue is empty,
   * and the Job completes when one has. @default - work queue: no `completions`
   */
  readonly completions?: number;
  /** Failed pods before the Job fails; node drains and preemptions are not counted. @default 3 */
  readonly backoffLimit?: number;
  /** Seconds the Job may run in all. @default - no deadline */
  readonly activeDeadlineSeconds?: number;
  /** Seconds a finished Job is kept before it is deleted. @default 86400 */
  readonly ttlSecondsAfterFinished?: number;
  /** Exit codes of the main container that fail the Job at once, without retries. @default - none */
  readonly failOnExitCodes?: readonly number[];
  /**
   * Create the Job suspended: no pod starts until something resumes it, as Kueue does when it admits
   * the Job to a queue. @default false
   */
  readonly suspend?: boolean;
  /**
   * `Indexed` gives each pod an index, 0 to completions - 1, in the JOB_COMPLETION_INDEX variable and the
   * `batch.kubernetes.io/job-completion-index` annotation; it needs completions. @default 'NonIndexed'
   */
  readonly completionMode?: 'NonIndexed' | 'Indexed';
}

export interface WorkerJobProps extends WorkloadProps, WorkerJobOptions {}

export { DEFAULT_BACKOFF_LIMIT, DEFAULT_TTL_SECONDS_AFTER_FINISHED, buildJobSpec } from '../build/worker-job';
export { workerJobName } from '../build/names';

/** A bounded drain: N parallel pods work the queue until it is empty, then the Job completes. */
export class WorkerJob extends Workload<WorkerJobProps> {
  /** The Job object, for escape hatches. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: WorkerJobProps) {
    super(scope, id, props, 'worker', workerJobName(props));
    this.apiObject = new PlainApiObject(this, 'Resource', planWorkerJob(props, () => this.renderedProps()));
  }

  protected optionProblems(props: WorkerJobProps, report: Report): void {
    checkJobObjects(props, [], report);
  }
}
