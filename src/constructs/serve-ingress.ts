import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validateIngress } from '../checks/api-server/ingress';
import { problemsOf } from '../checks/report';
import { ServeIngressOptions } from '../build/ingress';
import { planServeIngress } from '../build/serve-deployment';
import { PlainApiObject } from './plain-api-object';

export interface ServeIngressProps extends ServeIngressOptions {
  /** The pool: labels. */
  readonly poolName: string;
  /** Name of the Ingress. */
  readonly name: string;
  /** The Service it routes to. */
  readonly serviceName: string;
  /** The Service port it routes to, by name. @default 'http' */
  readonly servicePortName?: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Labels beside the `app.kubernetes.io/*` ones. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A networking.k8s.io/v1 Ingress that routes its hosts and paths to the serve Service. */
export class ServeIngress extends Construct {
  /** The Ingress, for escape hatches. */
  public readonly apiObject: ApiObject;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ServeIngressProps) {
    super(scope, id);
    this.name = props.name;
    this.apiObject = new PlainApiObject(this, 'Resource', planServeIngress(props));
    this.node.addValidation({ validate: () => problemsOf((report) => validateIngress(props, [], report)) });
  }
}
