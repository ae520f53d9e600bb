import type { ScaledJobOptions, ScaledJobScalingStrategy, ScaledWorkerJobProps } from '../constructs/scaled-job';
import type { ScaledObjectSpecTriggers } from '../imports/keda.sh';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import { componentMetadata } from './metadata';
import { DEFAULT_MAX_REPLICAS, DEFAULT_MIN_REPLICAS, KEDA_API_VERSION, PlannedAuthentication, planTriggers } from './scaled-object';
import { PlannedObject } from './planned-object';
import { workerJobName } from './names';
import { buildJobSpec } from './worker-job';

const DEFAULT_ROLLOUT_STRATEGY = 'gradual';

/**
 * The ScaledJob spec as the CRD (test/fixtures/schemas/keda.sh_scaledjobs.yaml) names its fields; the
 * generated KEDA imports cover ScaledObject and TriggerAuthentication, whose trigger type it shares.
 */
interface ScaledJobSpec {
  readonly jobTargetRef: Plain<k8s.JobSpec>;
  readonly minReplicaCount: number;
  readonly maxReplicaCount: number;
  readonly pollingInterval?: number;
  readonly successfulJobsHistoryLimit?: number;
  readonly failedJobsHistoryLimit?: number;
  readonly scalingStrategy?: ScaledJobScalingStrategy;
  readonly rollout: { readonly strategy: 'gradual' | 'immediate'; readonly propagationPolicy?: 'foreground' | 'background' };
  readonly triggers: Plain<ScaledObjectSpecTriggers>[];
}

/**
 * A KEDA ScaledJob that starts drain Jobs as the queue fills, and the TriggerAuthentications of its
 * triggers (written before it); the Job's spec is built at synth from `atSynth()`.
 */
export function planScaledJob(props: ScaledWorkerJobProps, atSynth: () => ScaledWorkerJobProps = () => props): { scaledJob: PlannedObject; authentications: PlannedAuthentication[] } {
  const name = workerJobName(props);
  const component = componentMetadata(props.poolName, 'worker', props);
  const autoscale: ScaledJobOptions = props.autoscale;
  const { triggers, authentications } = planTriggers(autoscale.triggers, {
    target: name, namespace: props.namespace, labels: component.labels, containerName: props.containerName ?? 'worker',
  });
  const spec = (): ScaledJobSpec => ({
    failedJobsHistoryLimit: autoscale.failedJobsHistoryLimit,
    jobTargetRef: buildJobSpec(atSynth(), component),
    maxReplicaCount: autoscale.maxReplicas ?? DEFAULT_MAX_REPLICAS,
    minReplicaCount: autoscale.minReplicas ?? DEFAULT_MIN_REPLICAS,
    pollingInterval: autoscale.pollingInterval,
    rollout: { propagationPolicy: autoscale.rolloutPropagationPolicy, strategy: autoscale.rolloutStrategy ?? DEFAULT_ROLLOUT_STRATEGY },
    scalingStrategy: autoscale.scalingStrategy,
    successfulJobsHistoryLimit: autoscale.successfulJobsHistoryLimit,
    triggers,
  });
  const metadata = { name, namespace: props.namespace, labels: component.labels, annotations: props.annotations };
  return { scaledJob: { apiVersion: KEDA_API_VERSION, kind: 'ScaledJob', metadata, spec }, authentications };
}
