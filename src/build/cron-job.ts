import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import { KubeObject, ObjectMetadata, objectMeta } from './object';

/** What the CronJob controller does when a run is due while the previous one still runs. */
export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

export const CONCURRENCY_POLICIES: readonly ConcurrencyPolicy[] = ['Allow', 'Forbid', 'Replace'];

/** A drain never overlaps the previous one unless asked: two would work one queue. */
export const DEFAULT_CONCURRENCY_POLICY: ConcurrencyPolicy = 'Forbid';

/** When and how a scheduled drain runs (the CronJob spec beside its Job template). */
export interface CronScheduleOptions {
  /** `timeZone`: the IANA time zone the schedule is read in, e.g. `Europe/Paris`. @default - the kube-controller-manager's, usually UTC */
  readonly timeZone?: string;
  /** @default 'Forbid' */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /** Seconds after a missed start time within which the Job still starts. At least 10. @default - no deadline */
  readonly startingDeadlineSeconds?: number;
  /** Finished Jobs kept. @default - Kubernetes' 3 */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed Jobs kept. @default - Kubernetes' 1 */
  readonly failedJobsHistoryLimit?: number;
}

/** A batch/v1 CronJob that starts a Job with `jobSpec` on `schedule`. */
export function buildCronJob(metadata: ObjectMetadata, schedule: string, jobSpec: Plain<k8s.JobSpec>, options: CronScheduleOptions): KubeObject<Plain<k8s.CronJobSpec>> {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: objectMeta(metadata),
    spec: {
      concurrencyPolicy: options.concurrencyPolicy ?? DEFAULT_CONCURRENCY_POLICY,
      failedJobsHistoryLimit: options.failedJobsHistoryLimit,
      jobTemplate: { metadata: { labels: metadata.labels && { ...metadata.labels } }, spec: jobSpec },
      schedule,
      startingDeadlineSeconds: options.startingDeadlineSeconds,
      successfulJobsHistoryLimit: options.successfulJobsHistoryLimit,
      timeZone: options.timeZone,
    },
  };
}
