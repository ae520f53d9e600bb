/**
 * The rules of the objects beside a component's workload — rollout strategy, PodDisruptionBudget,
 * Ingress, NetworkPolicy, Service metadata, CronJob — and of how a pool's options combine. The config
 * checks call them with config paths, the constructs at synth with prop paths.
 */
import type { PoolJobProps, PoolServeProps, WorkerPoolProps } from '../constructs/worker-pool';
import type { ServeDeploymentOptions, ServiceMetadataProps } from '../constructs/serve-deployment';
import type { FollowDeploymentOptions } from '../constructs/follow-deployment';
import { RESERVED_LABELS } from '../build/metadata';
import { COMPONENT_LABEL, NAME_LABEL } from '../pod/labels';
import { validateCronSchedule } from './api-server/cron-job';
import { validateDeploymentStrategy } from './api-server/deployment-strategy';
import { validateDisruptionBudget } from './api-server/disruption-budget';
import { validateIngress } from './api-server/ingress';
import { validateCompletionMode, validateExitCodes } from './api-server/job';
import { validateAnnotationKeys, validateLabels } from './api-server/metadata';
import { validateNetworkPolicy } from './api-server/network-policy';
import { at, Path, Report, shown } from './report';

/** The CronJob fields of a drain, which mean nothing without a schedule. */
const SCHEDULE_FIELDS = ['timeZone', 'concurrencyPolicy', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const;

/** A drain's Job fields (exit codes, completion mode) and, when it has a schedule, its CronJob fields. */
export function checkJobObjects(job: PoolJobProps, path: Path, report: Report): void {
  if (job.failOnExitCodes) validateExitCodes(job.failOnExitCodes, at(path, 'failOnExitCodes'), report);
  validateCompletionMode(job, path, report);
  if (job.schedule !== undefined) validateCronSchedule(job.schedule, job, path, at(path, 'schedule'), report);
}

/** A follow Deployment's rollout strategy. */
export function checkFollowObjects(follow: FollowDeploymentOptions, path: Path, report: Report): void {
  if (follow.strategy) validateDeploymentStrategy(follow.strategy, at(path, 'strategy'), report);
}

/** The serve Deployment's strategy and the objects beside it: budget, Ingress, NetworkPolicy, Service metadata. */
export function checkServeObjects(serve: ServeDeploymentOptions, path: Path, report: Report): void {
  if (serve.strategy) validateDeploymentStrategy(serve.strategy, at(path, 'strategy'), report);
  if (typeof serve.disruptionBudget === 'object') validateDisruptionBudget(serve.disruptionBudget, at(path, 'disruptionBudget'), report);
  if (serve.ingress) validateIngress(serve.ingress, at(path, 'ingress'), report);
  if (serve.networkPolicy) validateNetworkPolicy(serve.networkPolicy, at(path, 'networkPolicy'), report);
  if (serve.service) validateServiceMetadata(serve.service, at(path, 'service'), report);
}

function validateServiceMetadata(service: ServiceMetadataProps, path: Path, report: Report): void {
  validateLabels(service.labels, at(path, 'labels'), report);
  validateAnnotationKeys(service.annotations, at(path, 'annotations'), report);
  for (const key of Object.keys(service.labels ?? {}).filter((label) => RESERVED_LABELS.includes(label))) {
    report(at(path, 'labels', key), `received the label ${shown(key)}, which cdk8s-workers sets on every object of the component (the Service selects the serve pods by ${NAME_LABEL} and ${COMPONENT_LABEL}): expected another key`, true);
  }
}

/** Options of a pool that cannot go together: a schedule with autoscale, CronJob fields without a schedule, replicas with autoscale. */
export function checkPoolComposition(pool: Pick<WorkerPoolProps, 'job' | 'serve'>, path: Path, report: Report): void {
  if (pool.job) checkJobComposition(pool.job, at(path, 'job'), report);
  if (pool.serve) checkServeComposition(pool.serve, at(path, 'serve'), report);
}

function checkJobComposition(job: PoolJobProps, path: Path, report: Report): void {
  if (job.schedule !== undefined && job.autoscale) {
    report(at(path, 'schedule'), 'received both schedule and autoscale, expected one of them: schedule renders a CronJob that starts a drain at set times, autoscale a KEDA ScaledJob that starts Jobs as the queue fills');
  }
  if (job.schedule !== undefined) return;
  for (const field of SCHEDULE_FIELDS.filter((name) => job[name] !== undefined)) {
    report(at(path, field), `received ${field} without schedule, expected schedule beside it: ${field} is a CronJob field, and without a schedule the drain is a plain Job`);
  }
}

function checkServeComposition(serve: PoolServeProps, path: Path, report: Report): void {
  if (serve.autoscale && serve.replicas !== undefined) {
    report(at(path, 'replicas'), 'received replicas with autoscale, expected autoscale.minReplicas and maxReplicas instead: KEDA owns the replica count of an autoscaled Deployment, and kubectl apply would reset it to replicas on every apply');
  }
}
