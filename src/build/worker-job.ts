import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { sortedExitCodes } from '../checks/api-server/job';
import type { WorkerCronJobProps } from '../constructs/worker-cron-job';
import type { WorkerJobProps } from '../constructs/worker-job';
import { selectorLabels } from '../pod/labels';
import { Plain } from '../pod/plain';
import { buildCronJob } from './cron-job';
import { ComponentMetadata, componentMetadata } from './metadata';
import { workerJobName } from './names';
import { ObjectMetadata } from './object';
import { buildPodTemplate } from './pod';
import { PlannedObject } from './planned-object';

export const DEFAULT_BACKOFF_LIMIT = 3;
export const DEFAULT_TTL_SECONDS_AFTER_FINISHED = 86400;

/** The drain Job: its spec built at synth from `atSynth()`, the props as they are then. */
export function planWorkerJob(props: WorkerJobProps, atSynth: () => WorkerJobProps = () => props): PlannedObject {
  const component = componentMetadata(props.poolName, 'worker', props);
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: workerJobMetadata(props, component), spec: () => buildJobSpec(atSynth(), component) };
}

/** The CronJob that starts a drain Job on a schedule: its Job's spec built at synth from `atSynth()`. */
export function planWorkerCronJob(props: WorkerCronJobProps, atSynth: () => WorkerCronJobProps = () => props): PlannedObject {
  const component = componentMetadata(props.poolName, 'worker', props);
  const metadata = workerJobMetadata(props, component);
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata, spec: () => buildCronJob(metadata, props.schedule, buildJobSpec(atSynth(), component), props).spec };
}

/** Name, namespace, labels and annotations of the drain's object (Job, CronJob or ScaledJob). */
export function workerJobMetadata(props: WorkerJobProps, component: ComponentMetadata): ObjectMetadata {
  return { name: workerJobName(props), namespace: props.namespace, labels: component.labels, annotations: component.annotations };
}

/** The spec of a drain Job: its pod, parallelism and failure policy (a ScaledJob's `jobTargetRef` too). */
export function buildJobSpec(props: WorkerJobProps, metadata: ComponentMetadata): Plain<k8s.JobSpec> {
  return {
    activeDeadlineSeconds: props.activeDeadlineSeconds,
    backoffLimit: props.backoffLimit ?? DEFAULT_BACKOFF_LIMIT,
    completionMode: props.completionMode,
    completions: props.completions,
    parallelism: props.workers ?? 1,
    podFailurePolicy: podFailurePolicy(props),
    suspend: props.suspend,
    template: buildPodTemplate(props, {
      labels: metadata.podLabels,
      annotations: metadata.podAnnotations,
      selector: selectorLabels(props.poolName, 'worker'),
      containerName: 'worker',
      restartPolicy: 'Never',
    }),
    ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS_AFTER_FINISHED,
  };
}

function podFailurePolicy(props: WorkerJobProps): Plain<k8s.PodFailurePolicy> {
  const ignoreDisruptions: Plain<k8s.PodFailurePolicyRule> = { action: 'Ignore', onPodConditions: [{ status: 'True', type: 'DisruptionTarget' }] };
  const failOn = props.failOnExitCodes ?? [];
  if (!failOn.length) return { rules: [ignoreDisruptions] };
  const failJob: Plain<k8s.PodFailurePolicyRule> = {
    action: 'FailJob',
    onExitCodes: { containerName: props.containerName ?? 'worker', operator: 'In', values: sortedExitCodes(failOn) },
    onPodConditions: [],
  };
  return { rules: [ignoreDisruptions, failJob] };
}
