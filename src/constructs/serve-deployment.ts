import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DeploymentStrategyProps } from '../build/deployment-strategy';
import { ServeIngressOptions } from '../build/ingress';
import { serveDeploymentName } from '../build/names';
import { ServeNetworkPolicyOptions } from '../build/network-policy';
import { DisruptionBudgetOptions } from '../build/pdb';
import { DEFAULT_SERVE_PORT, planServeDeploymentAndService, SERVE_PORT_NAME, serveChildProps } from '../build/serve-deployment';
import { checkServeObjects } from '../checks/pool-objects';
import { Report } from '../checks/report';
import { WorkerDisruptionBudget } from './disruption-budget';
import { ServeIngress } from './serve-ingress';
import { ServeNetworkPolicy } from './serve-network-policy';
import { PlainApiObject } from './plain-api-object';
import { Workload } from './workload';
import { WorkloadProps } from './workload-props';

/** A readiness or liveness check of the serve container. */
export interface ServeProbeProps {
  /** HTTP path to GET. @default - a TCP connect instead */
  readonly path?: string;
  /** @default - the serve port */
  readonly port?: number;
  /** @default - none */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
}

/** What makes a serve Deployment and its Service, beside the pod. */
export interface ServeDeploymentOptions {
  /** Container port the API listens on. @default 8000 */
  readonly port?: number;
  /** @default 1 */
  readonly replicas?: number;
  /** Port of the Service. @default - the container port */
  readonly servicePort?: number;
  /** @default 'ClusterIP' */
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** Readiness probe; `false` for none. @default - TCP connect to the serve port */
  readonly readiness?: ServeProbeProps | false;
  /** Liveness probe; `false` for none. @default - TCP connect to the serve port */
  readonly liveness?: ServeProbeProps | false;
  /** How a rollout replaces the pods: rolling surge and unavailability, or Recreate. @default - Kubernetes' rolling update, 25% and 25% */
  readonly strategy?: DeploymentStrategyProps;
  /**
   * A PodDisruptionBudget over the serve pods; `true` for the default budget whatever the replicas,
   * `false` for none. @default - maxUnavailable 1 when replicas > 1 or autoscaled, else none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions | boolean;
  /** An Ingress that routes hosts and paths to the Service. @default - none */
  readonly ingress?: ServeIngressOptions;
  /** A NetworkPolicy that admits traffic to the serve port from the peers named only. @default - none */
  readonly networkPolicy?: ServeNetworkPolicyOptions;
  /** Labels and annotations of the Service only, which never roll the pods. @default - none */
  readonly service?: ServiceMetadataProps;
}

/** Metadata of the serve Service alone, e.g. a cloud load balancer's annotations. */
export interface ServiceMetadataProps {
  /** Labels beside the component's. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations beside the component's, e.g. `service.beta.kubernetes.io/aws-load-balancer-type: nlb`. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ServeDeploymentProps extends WorkloadProps, ServeDeploymentOptions {
  /**
   * Leave `spec.replicas` out, so that `kubectl apply` never fights the autoscaler that owns it.
   * @default false
   */
  readonly autoscaled?: boolean;
}

export { DEFAULT_SERVE_PORT, SERVE_CONTAINER } from '../build/serve-deployment';
export { serveDeploymentName } from '../build/names';

/** The API in front of the queue: a Deployment and a Service that selects only its pods. */
export class ServeDeployment extends Workload<ServeDeploymentProps> {
  /** The Deployment object, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** The Service object, for escape hatches. */
  public readonly service: ApiObject;
  /** The port of the Service. */
  public readonly servicePort: number;
  private readonly autoscaled: boolean;
  /** The PodDisruptionBudget over the serve pods, unless turned off. */
  public readonly disruptionBudget?: WorkerDisruptionBudget;
  /** The Ingress, when `ingress` is set. */
  public readonly ingress?: ServeIngress;
  /** The NetworkPolicy, when `networkPolicy` is set. */
  public readonly networkPolicy?: ServeNetworkPolicy;

  constructor(scope: Construct, id: string, props: ServeDeploymentProps) {
    super(scope, id, props, 'serve', serveDeploymentName(props));
    this.autoscaled = props.autoscaled ?? false;
    this.servicePort = props.servicePort ?? props.port ?? DEFAULT_SERVE_PORT;
    const { deployment, service, labels } = planServeDeploymentAndService(props, () => this.renderedProps());
    this.apiObject = new PlainApiObject(this, 'Resource', deployment);
    this.service = new PlainApiObject(this, 'Service', service);
    const children = serveChildProps(props, labels);
    if (children.disruptionBudget) this.disruptionBudget = new WorkerDisruptionBudget(this, 'DisruptionBudget', children.disruptionBudget);
    if (children.ingress) this.ingress = new ServeIngress(this, 'Ingress', children.ingress);
    if (children.networkPolicy) this.networkPolicy = new ServeNetworkPolicy(this, 'NetworkPolicy', children.networkPolicy);
  }

  /** Whether the Deployment sets `spec.replicas`, which an autoscaler targeting it would fight over. */
  public get setsReplicas(): boolean {
    return !this.autoscaled;
  }

  /**
   * A kplus Service standing for the rendered one (same name, namespace and port), for the kplus APIs
   * that take a Service, such as `IngressBackend.fromService`. It lives outside this chart, so it is
   * never rendered itself.
   */
  public asKplusService(): kplus.Service {
    const detached = new Chart(new App(), 'reference');
    return new kplus.Service(detached, this.node.path, {
      metadata: { name: this.name, namespace: this.service.metadata.namespace },
      ports: [{ port: this.servicePort, name: SERVE_PORT_NAME }],
    });
  }

  /** The Service as the backend of a kplus Ingress rule. */
  public ingressBackend(): kplus.IngressBackend {
    return kplus.IngressBackend.fromService(this.asKplusService());
  }

  protected nameIsDns1035(): boolean {
    return true;
  }

  protected optionProblems(props: ServeDeploymentProps, report: Report): void {
    checkServeObjects(props, [], report);
  }
}
