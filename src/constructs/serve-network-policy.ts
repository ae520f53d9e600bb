import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validateNetworkPolicy } from '../checks/api-server/network-policy';
import { problemsOf } from '../checks/report';
import { ServeNetworkPolicyOptions } from '../build/network-policy';
import { planServeNetworkPolicy } from '../build/serve-deployment';
import { PlainApiObject } from './plain-api-object';

export interface ServeNetworkPolicyProps extends ServeNetworkPolicyOptions {
  /** The pool whose serve pods the policy isolates. */
  readonly poolName: string;
  /** Name of the NetworkPolicy. */
  readonly name: string;
  /** The serve container port traffic is admitted to. */
  readonly port: number;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Labels beside the `app.kubernetes.io/*` ones. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A networking.k8s.io/v1 NetworkPolicy that isolates the serve pods: traffic to the serve port from the
 * peers named is admitted, every other ingress to those pods is denied (where the cluster's network
 * plugin enforces NetworkPolicies).
 */
export class ServeNetworkPolicy extends Construct {
  /** The NetworkPolicy, for escape hatches. */
  public readonly apiObject: ApiObject;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ServeNetworkPolicyProps) {
    super(scope, id);
    this.name = props.name;
    this.apiObject = new PlainApiObject(this, 'Resource', planServeNetworkPolicy(props));
    this.node.addValidation({ validate: () => problemsOf((report) => validateNetworkPolicy(props, [], report)) });
  }
}
