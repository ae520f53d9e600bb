import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validateCronSchedule } from '../checks/api-server/cron-job';
import { addCredentialValidation } from '../checks/credentials-walk';
import { problemsOf } from '../checks/report';
import { CronScheduleOptions } from '../build/cron-job';
import { workerJobName } from '../build/names';
import { planWorkerCronJob } from '../build/worker-job';
import { PlainApiObject } from './plain-api-object';
import { workerJobProblems, WorkerJobProps } from './worker-job';

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
export class WorkerCronJob extends Construct {
  /** The CronJob object, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** The CronJob's name; each Job it starts is named `<name>-<scheduled time>`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: WorkerCronJobProps) {
    super(scope, id);
    addCredentialValidation(this, props);
    this.name = workerJobName(props);
    this.apiObject = new PlainApiObject(this, 'Resource', planWorkerCronJob(props));
    this.node.addValidation({
      validate: () => [...workerJobProblems(props), ...problemsOf((report) => validateCronSchedule(props.schedule, props, [], ['schedule'], report))],
    });
  }
}
