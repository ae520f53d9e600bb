import { ApiObject } from 'cdk8s';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { validateDeploymentStrategy } from '../checks/api-server/deployment-strategy';
import { podPropsProblems } from '../checks/api-server/pod';
import { problemsOf } from '../checks/keda';
import { buildDeploymentStrategy, DeploymentStrategyProps } from '../build/deployment-strategy';
import { addCredentialValidation } from '../checks/credentials-walk';
import { componentMetadata } from '../build/metadata';
import { selectorLabels } from '../pod/labels';
import { Plain } from '../pod/plain';
import { buildPodTemplate } from '../build/pod';
import { PlainApiObject } from './plain-api-object';
import { WorkloadProps } from './workload-props';

/** What makes a follow Deployment, beside its pod. */
export interface FollowDeploymentOptions {
  /** Replicas, when nothing autoscales the Deployment. @default 1 */
  readonly replicas?: number;
  /** How a rollout replaces the pods: rolling surge and unavailability, or Recreate. @default - Kubernetes' rolling update, 25% and 25% */
  readonly strategy?: DeploymentStrategyProps;
}

export interface FollowDeploymentProps extends WorkloadProps, FollowDeploymentOptions {
  /**
   * Leave `spec.replicas` out, so that `kubectl apply` never fights the autoscaler that owns it.
   * @default false
   */
  readonly autoscaled?: boolean;
}

/** Seconds a follow worker gets to finish its in-flight task after SIGTERM. */
export const DEFAULT_FOLLOW_GRACE_SECONDS = 600;

/** The Deployment's name: `name`, else `<pool>-follow`. The checks derive names with this same function. */
export function followDeploymentName(props: Pick<FollowDeploymentProps, 'poolName' | 'name'>): string {
  return props.name ?? `${props.poolName}-follow`;
}

/** Long-lived queue consumers: pods that poll the queue forever. */
export class FollowDeployment extends Construct {
  /** The Deployment object, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** The Deployment's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: FollowDeploymentProps) {
    super(scope, id);
    addCredentialValidation(this, props);
    this.name = followDeploymentName(props);
    const metadata = componentMetadata(props.poolName, 'follow', props);
    const selector = selectorLabels(props.poolName, 'follow');
    const spec: Plain<k8s.DeploymentSpec> = {
        replicas: props.autoscaled ? undefined : props.replicas ?? 1,
        strategy: buildDeploymentStrategy(props.strategy),
        selector: { matchLabels: selector },
        template: buildPodTemplate(props, {
          labels: metadata.podLabels,
          annotations: metadata.podAnnotations,
          selector,
          spreadByDefault: true,
          containerName: 'worker',
          terminationGraceSeconds: DEFAULT_FOLLOW_GRACE_SECONDS,
        }),
    };
    this.apiObject = new PlainApiObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: this.name, namespace: props.namespace, labels: metadata.labels, annotations: metadata.annotations },
      spec,
    });
    this.node.addValidation({ validate: () => podPropsProblems(props, { containerName: 'worker', selectorLabels: componentMetadata(props.poolName, 'follow', {}).labels }) });
    if (props.strategy) this.node.addValidation({ validate: () => problemsOf((report) => validateDeploymentStrategy(props.strategy!, ['strategy'], report)) });
  }
}
