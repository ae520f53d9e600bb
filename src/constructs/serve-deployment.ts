import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ComponentMetadata, componentMetadata } from '../build/metadata';
import { DeploymentStrategyProps } from '../build/deployment-strategy';
import { ServeIngressOptions } from '../build/ingress';
import { ServeNetworkPolicyOptions } from '../build/network-policy';
import { mergedMaps } from '../build/object';
import { DisruptionBudgetOptions } from '../build/pdb';
import { checkServeObjects } from '../checks/pool-objects';
import { Report } from '../checks/report';
import { componentLabels, selectorLabels } from '../pod/labels';
import { WorkerDisruptionBudget } from './disruption-budget';
import { ServeIngress } from './serve-ingress';
import { ServeNetworkPolicy } from './serve-network-policy';
import { Plain } from '../pod/plain';
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

export const DEFAULT_SERVE_PORT = 8000;
/** Name of the serve container when props do not name it. */
export const SERVE_CONTAINER = 'serve';
const PORT_NAME = 'http';

/** The Deployment's and Service's name: `name`, else `<pool>-serve`. The checks derive names with this same function. */
export function serveDeploymentName(props: Pick<ServeDeploymentProps, 'poolName' | 'name'>): string {
  return props.name ?? `${props.poolName}-serve`;
}

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
    const component = componentMetadata(props.poolName, 'serve', props);
    const metadata = { name: this.name, namespace: props.namespace, labels: component.labels, annotations: component.annotations };
    this.apiObject = new PlainApiObject(this, 'Resource', { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: () => this.buildDeploymentSpec(component) });
    this.service = new PlainApiObject(this, 'Service', { apiVersion: 'v1', kind: 'Service', metadata: serviceMetadata(props, metadata), spec: () => this.buildServiceSpec() });
    const owned = { poolName: props.poolName, name: this.name, namespace: props.namespace, labels: component.labels };
    const budget = disruptionBudgetOf(props);
    if (budget) this.disruptionBudget = new WorkerDisruptionBudget(this, 'DisruptionBudget', { ...budget, ...owned, component: 'serve' });
    if (props.ingress) this.ingress = new ServeIngress(this, 'Ingress', { ...props.ingress, ...owned, serviceName: this.name, servicePortName: PORT_NAME });
    if (props.networkPolicy) this.networkPolicy = new ServeNetworkPolicy(this, 'NetworkPolicy', { ...props.networkPolicy, ...owned, port: props.port ?? DEFAULT_SERVE_PORT });
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
      ports: [{ port: this.servicePort, name: PORT_NAME }],
    });
  }

  /** The Service as the backend of a kplus Ingress rule. */
  public ingressBackend(): kplus.IngressBackend {
    return kplus.IngressBackend.fromService(this.asKplusService());
  }

  private buildDeploymentSpec(metadata: ComponentMetadata): Plain<k8s.DeploymentSpec> {
    const props = this.renderedProps();
    const port = props.port ?? DEFAULT_SERVE_PORT;
    return this.deploymentSpec(props, metadata, this.autoscaled, {
      containerName: 'serve',
      ports: [{ name: PORT_NAME, containerPort: port, protocol: 'TCP' }],
      readinessProbe: buildProbe(props.readiness, port),
      livenessProbe: buildProbe(props.liveness, port),
    });
  }

  private buildServiceSpec(): Plain<k8s.ServiceSpec> {
    const props = this.renderedProps();
    return {
      type: props.serviceType ?? 'ClusterIP',
      selector: selectorLabels(props.poolName, 'serve'),
      ports: [{ name: PORT_NAME, port: props.servicePort ?? props.port ?? DEFAULT_SERVE_PORT, targetPort: PORT_NAME, protocol: 'TCP' }],
    };
  }

  protected nameIsDns1035(): boolean {
    return true;
  }

  protected optionProblems(props: ServeDeploymentProps, report: Report): void {
    checkServeObjects(props, [], report);
  }
}

/** The Service's metadata: the component's, with `service.labels` and `service.annotations` on top. */
function serviceMetadata(props: ServeDeploymentProps, metadata: { name: string; namespace?: string; labels: Record<string, string>; annotations?: Readonly<Record<string, string>> }) {
  const { labels, annotations } = props.service ?? {};
  return {
    ...metadata,
    labels: componentLabels(props.poolName, 'serve', { ...metadata.labels, ...labels }),
    annotations: mergedMaps(metadata.annotations, annotations),
  };
}

/** The budget to render: the one given, the default one when the Deployment may run several pods, or none. */
function disruptionBudgetOf(props: ServeDeploymentProps): DisruptionBudgetOptions | undefined {
  const budget = props.disruptionBudget ?? (props.autoscaled || (props.replicas ?? 1) > 1);
  if (budget === false) return undefined;
  return budget === true ? {} : budget;
}

function buildProbe(probe: ServeProbeProps | false | undefined, servePort: number): Plain<k8s.Probe> | undefined {
  if (probe === false) return undefined;
  const options = probe ?? {};
  const port = options.port === undefined || options.port === servePort ? PORT_NAME : options.port;
  return {
    ...(options.path === undefined ? { tcpSocket: { port } } : { httpGet: { path: options.path, port } }),
    initialDelaySeconds: options.initialDelaySeconds,
    periodSeconds: options.periodSeconds ?? 10,
    timeoutSeconds: options.timeoutSeconds ?? 1,
    failureThreshold: options.failureThreshold ?? 3,
  };
}
