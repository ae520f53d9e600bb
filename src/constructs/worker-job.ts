import { ApiObject } from 'cdk8s';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { sortedExitCodes, validateCompletionMode, validateExitCodes } from '../checks/api-server/job';
import { podPropsProblems } from '../checks/api-server/pod';
import { problemsOf, Report } from '../checks/report';
import { ComponentMetadata, componentMetadata } from '../build/metadata';
import { selectorLabels } from '../pod/labels';
import { Plain } from '../pod/plain';
import { buildPodTemplate } from '../build/pod';
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

export const DEFAULT_BACKOFF_LIMIT = 3;
export const DEFAULT_TTL_SECONDS_AFTER_FINISHED = 86400;

/** The Job's name: `name`, else `<pool>-worker`. The checks derive names with this same function. */
export function workerJobName(props: Pick<WorkerJobProps, 'poolName' | 'name'>): string {
  return props.name ?? `${props.poolName}-worker`;
}

/** A bounded drain: N parallel pods work the queue until it is empty, then the Job completes. */
export class WorkerJob extends Workload<WorkerJobProps> {
  /** The Job object, for escape hatches. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: WorkerJobProps) {
    super(scope, id, props, 'worker', workerJobName(props));
    const metadata = componentMetadata(props.poolName, 'worker', props);
    this.apiObject = new PlainApiObject(this, 'Resource', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: this.name, namespace: props.namespace, labels: metadata.labels, annotations: metadata.annotations },
      spec: () => buildJobSpec(this.renderedProps(), metadata),
    });
  }

  protected optionProblems(props: WorkerJobProps, report: Report): void {
    validateExitCodes(props.failOnExitCodes ?? [], ['failOnExitCodes'], report);
    validateCompletionMode(props, [], report);
  }
}

/** The spec of a drain Job: its pod, parallelism and failure policy (a ScaledJob's `jobTargetRef` too). */
export function buildJobSpec(props: WorkerJobProps, metadata: ComponentMetadata): Plain<k8s.JobSpec> {
  return {
    parallelism: props.workers ?? 1,
    completions: props.completions,
    completionMode: props.completionMode,
    suspend: props.suspend,
    backoffLimit: props.backoffLimit ?? DEFAULT_BACKOFF_LIMIT,
    activeDeadlineSeconds: props.activeDeadlineSeconds,
    ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS_AFTER_FINISHED,
    podFailurePolicy: podFailurePolicy(props),
    template: buildPodTemplate(props, {
      labels: metadata.podLabels,
      annotations: metadata.podAnnotations,
      selector: selectorLabels(props.poolName, 'worker'),
      containerName: 'worker',
      restartPolicy: 'Never',
    }),
  };
}

/** Every problem of a drain Job's props, for `node.addValidation` (the CronJob variant's too). */
export function workerJobProblems(props: WorkerJobProps): string[] {
  return [
    ...podPropsProblems(props, { containerName: 'worker', selectorLabels: componentMetadata(props.poolName, 'worker', {}).labels }),
    ...problemsOf((report) => {
      validateExitCodes(props.failOnExitCodes ?? [], ['failOnExitCodes'], report);
      validateCompletionMode(props, [], report);
    }),
  ];
}

function podFailurePolicy(props: WorkerJobProps): Plain<k8s.PodFailurePolicy> {
  const ignoreDisruptions: Plain<k8s.PodFailurePolicyRule> = { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] };
  const failOn = props.failOnExitCodes ?? [];
  if (!failOn.length) return { rules: [ignoreDisruptions] };
  const failJob: Plain<k8s.PodFailurePolicyRule> = {
    action: 'FailJob',
    onPodConditions: [],
    onExitCodes: { containerName: props.containerName ?? 'worker', operator: 'In', values: sortedExitCodes(failOn) },
  };
  return { rules: [ignoreDisruptions, failJob] };
}
