import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkJobObjects } from '../checks/pool-objects';
import { Report } from '../checks/report';
import { CronScheduleOptions } from '../build/cron-job';
import { workerJobName } from '../build/names';
import { planWorkerCronJob } from '../build/worker-job';
import { PlainApiObject } from './plain-api-object';
import { WorkerJobProps } from './worker-job';
import { Workload } from './workload';

export interface WorkerCronJobProps extends WorkerJobProps, CronScheduleOptions {
  /**
   * When a drain starts, in cron syntax (`minute hour day-of-month month day-of-week`, such as
   * `0 3 * * *`) or a descriptor (`@daily`, `@hourly`, `@every 6h`).
   */
  readonly schedule: string;
}

/**
 * A scheduled drain: a batch/v1 CronJob whose Job template is the Job a WorkerJob renders. By default a
 * run that is due while the previous one still drains is skipped (concurrencyPolicy Forbid).
 */
export class WorkerCronJob extends Workload<WorkerCronJobProps> {
  /** The CronJob object, for escape hatches. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: WorkerCronJobProps) {
    super(scope, id, props, 'worker', workerJobName(props));
    this.apiObject = new PlainApiObject(this, 'Resource', planWorkerCronJob(props, () => this.renderedProps()));
  }

  protected optionProblems(props: WorkerCronJobProps, report: Report): void {
    checkJobObjects(props, [], report);
  }
}
