import { ApiObject } from 'cdk8s';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { podPropsProblems } from '../checks/api-server/pod';
import { validateServeProbes } from '../checks/api-server/pod-model';
import { problemsOf } from '../checks/keda';
import { addCredentialValidation } from '../checks/credentials-walk';
import { componentMetadata } from '../build/metadata';
import { selectorLabels } from '../pod/labels';
import { Plain } from '../pod/plain';
import { buildPodTemplate } from '../build/pod';
import { PlainApiObject } from './plain-api-object';
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
}

export interface ServeDeploymentProps extends WorkloadProps, ServeDeploymentOptions {}

export const DEFAULT_SERVE_PORT = 8000;
const PORT_NAME = 'http';

/** The Deployment's and Service's name: `name`, else `<pool>-serve`. The checks derive names with this same function. */
export function serveDeploymentName(props: Pick<ServeDeploymentProps, 'poolName' | 'name'>): string {
  return props.name ?? `${props.poolName}-serve`;
}

/** The API in front of the queue: a Deployment and a Service that selects only its pods. */
export class ServeDeployment extends Construct {
  /** The Deployment object, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** The Service object, for escape hatches. */
  public readonly service: ApiObject;
  /** Name of the Deployment and the Service. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ServeDeploymentProps) {
    super(scope, id);
    addCredentialValidation(this, props);
    this.name = serveDeploymentName(props);
    const port = props.port ?? DEFAULT_SERVE_PORT;
    const component = componentMetadata(props.poolName, 'serve', props);
    const selector = selectorLabels(props.poolName, 'serve');
    const metadata = { name: this.name, namespace: props.namespace, labels: component.labels, annotations: component.annotations };
    const deploymentSpec: Plain<k8s.DeploymentSpec> = {
        replicas: props.replicas ?? 1,
        selector: { matchLabels: selector },
        template: buildPodTemplate(props, {
          labels: component.podLabels,
          annotations: component.podAnnotations,
          selector,
          spreadByDefault: true,
          containerName: 'serve',
          ports: [{ name: PORT_NAME, containerPort: port, protocol: 'TCP' }],
          readinessProbe: buildProbe(props.readiness, port),
          livenessProbe: buildProbe(props.liveness, port),
        }),
    };
    const serviceSpec: Plain<k8s.ServiceSpec> = {
      type: props.serviceType ?? 'ClusterIP',
      selector,
      ports: [{ name: PORT_NAME, port: props.servicePort ?? port, targetPort: PORT_NAME, protocol: 'TCP' }],
    };
    this.apiObject = new PlainApiObject(this, 'Resource', { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: deploymentSpec });
    this.service = new PlainApiObject(this, 'Service', { apiVersion: 'v1', kind: 'Service', metadata, spec: serviceSpec });
    this.node.addValidation({ validate: () => {
      const problems = podPropsProblems(props, { containerName: 'serve', portNames: [PORT_NAME], selectorLabels: componentMetadata(props.poolName, 'serve', {}).labels });
      return props.readinessProbe || props.livenessProbe ? [...problems, ...problemsOf((report) => validateServeProbes(props, props, [], report))] : problems;
    } });
  }
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
