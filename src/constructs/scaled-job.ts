import { ApiObject } from 'cdk8s';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import type { ScaledObjectSpecTriggers } from '../imports/keda.sh';
import { Plain } from '../pod/plain';
import { addCredentialValidation } from '../checks/credentials-walk';
import { validateExitCodes } from '../checks/api-server/job';
import { checkScaledJob } from '../checks/keda';
import { problemsOf } from '../checks/report';
import { checkComponentProps } from '../checks/pod-options';
import { componentMetadata } from '../build/metadata';
import { PlainApiObject } from './plain-api-object';
import { resolveTokens } from './tokens';
import { DEFAULT_MAX_REPLICAS, DEFAULT_MIN_REPLICAS, renderTriggers, ScalingTriggerOptions } from './queue-scaler';
import { buildJobSpec, WorkerJobProps, workerJobName } from './worker-job';

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
 * A drain Job that KEDA starts per queue batch: a `keda.sh/v1alpha1` ScaledJob whose `jobTargetRef` is
 * the Job a WorkerJob renders. Jobs run to completion, so scaling in never kills a task.
 */
export class ScaledWorkerJob extends Construct {
  /** The ScaledJob, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** The TriggerAuthentications, in trigger order. */
  public readonly authentications: ApiObject[];
  /** The ScaledJob's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ScaledWorkerJobProps) {
    super(scope, id);
    addCredentialValidation(this, props);
    this.name = workerJobName(props);
    const metadata = componentMetadata(props.poolName, 'worker', props);
    const labels = metadata.labels;
    const autoscale = props.autoscale;
    const { triggers, authentications } = renderTriggers(this, autoscale.triggers, {
      target: this.name, namespace: props.namespace, labels, containerName: props.containerName ?? 'worker',
    });
    this.authentications = authentications;
    const buildSpec = (): ScaledJobSpec => ({
      jobTargetRef: buildJobSpec(resolveTokens(props), metadata),
      minReplicaCount: autoscale.minReplicas ?? DEFAULT_MIN_REPLICAS,
      maxReplicaCount: autoscale.maxReplicas ?? DEFAULT_MAX_REPLICAS,
      pollingInterval: autoscale.pollingInterval,
      successfulJobsHistoryLimit: autoscale.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: autoscale.failedJobsHistoryLimit,
      scalingStrategy: autoscale.scalingStrategy,
      rollout: { strategy: autoscale.rolloutStrategy ?? DEFAULT_ROLLOUT_STRATEGY, propagationPolicy: autoscale.rolloutPropagationPolicy },
      triggers,
    });
    this.node.addValidation({
      validate: () => problemsOf((report) => {
        const pod = resolveTokens(props);
        checkComponentProps(pod, report, { containerName: 'worker', selectorLabels: componentMetadata(props.poolName, 'worker', {}).labels });
        validateExitCodes(pod.failOnExitCodes ?? [], ['failOnExitCodes'], report);
        checkScaledJob(autoscale, this.name, pod, ['autoscale'], report);
      }),
    });
    this.apiObject = new PlainApiObject(this, 'Resource', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: { name: this.name, namespace: props.namespace, labels, annotations: props.annotations },
      spec: buildSpec,
    });
  }
}
