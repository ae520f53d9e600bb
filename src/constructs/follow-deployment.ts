import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkFollowObjects } from '../checks/pool-objects';
import { DeploymentStrategyProps } from '../build/deployment-strategy';
import { planFollowDeployment } from '../build/follow-deployment';
import { followDeploymentName } from '../build/names';
import { Report } from '../checks/report';
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

export { DEFAULT_FOLLOW_GRACE_SECONDS } from '../build/follow-deployment';
export { followDeploymentName } from '../build/names';

/** Long-lived queue consumers: pods that poll the queue forever. */
export class FollowDeployment extends Workload<FollowDeploymentProps> {
  /** The Deployment object, for escape hatches. */
  public readonly apiObject: ApiObject;
  private autoscaled: boolean;

  constructor(scope: Construct, id: string, props: FollowDeploymentProps) {
    super(scope, id, props, 'follow', followDeploymentName(props));
    this.autoscaled = props.autoscaled ?? false;
    this.apiObject = new PlainApiObject(this, 'Resource', planFollowDeployment(props, () => ({ ...this.renderedProps(), autoscaled: this.autoscaled })));
  }

  /** Whether the Deployment sets `spec.replicas`, which an autoscaler targeting it would fight over. */
  public get setsReplicas(): boolean {
    return !this.autoscaled;
  }

  /** Leaves `spec.replicas` out from now on: an autoscaler owns it. A QueueScaler targeting this Deployment calls it. */
  public markAutoscaled(): void {
    this.autoscaled = true;
  }

  protected optionProblems(props: FollowDeploymentProps, report: Report): void {
    checkFollowObjects(props, [], report);
  }
}
