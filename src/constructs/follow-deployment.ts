import { ApiObject } from 'cdk8s';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ComponentMetadata, componentMetadata } from '../build/metadata';
import { checkFollowObjects } from '../checks/pool-objects';
import { DeploymentStrategyProps } from '../build/deployment-strategy';
import { Report } from '../checks/report';
import { Plain } from '../pod/plain';
import { PlainApiObject } from './plain-api-object';
import { Workload } from './workload';
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
export class FollowDeployment extends Workload<FollowDeploymentProps> {
  /** The Deployment object, for escape hatches. */
  public readonly apiObject: ApiObject;
  private autoscaled: boolean;

  constructor(scope: Construct, id: string, props: FollowDeploymentProps) {
    super(scope, id, props, 'follow', followDeploymentName(props));
    this.autoscaled = props.autoscaled ?? false;
    const metadata = componentMetadata(props.poolName, 'follow', props);
    this.apiObject = new PlainApiObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: this.name, namespace: props.namespace, labels: metadata.labels, annotations: metadata.annotations },
      spec: () => this.buildSpec(metadata),
    });
  }

  /** Whether the Deployment sets `spec.replicas`, which an autoscaler targeting it would fight over. */
  public get setsReplicas(): boolean {
    return !this.autoscaled;
  }

  /** Leaves `spec.replicas` out from now on: an autoscaler owns it. A QueueScaler targeting this Deployment calls it. */
  public markAutoscaled(): void {
    this.autoscaled = true;
  }

  private buildSpec(metadata: ComponentMetadata): Plain<k8s.DeploymentSpec> {
    return this.deploymentSpec(this.renderedProps(), metadata, this.autoscaled, { containerName: 'worker', terminationGraceSeconds: DEFAULT_FOLLOW_GRACE_SECONDS });
  }

  protected optionProblems(props: FollowDeploymentProps, report: Report): void {
    checkFollowObjects(props, [], report);
  }
}
