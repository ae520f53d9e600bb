import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import type { WorkerDisruptionBudgetProps } from '../constructs/disruption-budget';
import type { ServeDeploymentProps, ServeProbeProps } from '../constructs/serve-deployment';
import type { ServeIngressProps } from '../constructs/serve-ingress';
import type { ServeNetworkPolicyProps } from '../constructs/serve-network-policy';
import { componentLabels, selectorLabels } from '../pod/labels';
import { Plain } from '../pod/plain';
import { buildDeploymentSpec } from './deployment';
import { buildIngress } from './ingress';
import { ComponentMetadata, componentMetadata } from './metadata';
import { serveDeploymentName } from './names';
import { buildNetworkPolicy } from './network-policy';
import { mergedMaps, ObjectMetadata } from './object';
import { buildDisruptionBudget, DisruptionBudgetOptions } from './pdb';
import { PlannedObject, plannedObject } from './planned-object';

export const DEFAULT_SERVE_PORT = 8000;
/** Name of the serve container when props do not name it. */
export const SERVE_CONTAINER = 'serve';
/** Name of the serve port, in the container and the Service. */
export const SERVE_PORT_NAME = 'http';

/**
 * The serve Deployment and the Service in front of its pods, from one computation of the component's
 * metadata (`labels`, which the objects beside them carry too): the Service's adds `service.labels` and
 * `service.annotations`. Their specs are built at synth from `atSynth()`, the props as they are then.
 */
export function planServeDeploymentAndService(props: ServeDeploymentProps, atSynth: () => ServeDeploymentProps = () => props): { deployment: PlannedObject; service: PlannedObject; labels: Record<string, string> } {
  const component = componentMetadata(props.poolName, 'serve', props);
  const metadata = { name: serveDeploymentName(props), namespace: props.namespace, labels: component.labels, annotations: component.annotations };
  return { deployment: serveDeployment(metadata, component, atSynth), service: serveService(props, metadata, atSynth), labels: component.labels };
}

function serveDeployment(metadata: ObjectMetadata, component: ComponentMetadata, atSynth: () => ServeDeploymentProps): PlannedObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: () => buildServeDeploymentSpec(atSynth(), component) };
}

function serveService(props: ServeDeploymentProps, metadata: ObjectMetadata, atSynth: () => ServeDeploymentProps): PlannedObject {
  const { labels, annotations } = props.service ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      labels: componentLabels(props.poolName, 'serve', labels ? { ...{}, ...metadata.labels, ...labels } : metadata.labels),
      annotations: mergedMaps(metadata.annotations, annotations),
    },
    spec: () => buildServiceSpec(atSynth()),
  };
}

/** The props of the objects beside the serve Deployment that its options ask for, labelled as the Deployment (`labels`). */
export function serveChildProps(props: ServeDeploymentProps, labels: Readonly<Record<string, string>>): { disruptionBudget?: WorkerDisruptionBudgetProps; ingress?: ServeIngressProps; networkPolicy?: ServeNetworkPolicyProps } {
  const name = serveDeploymentName(props);
  const owned = { poolName: props.poolName, name, namespace: props.namespace, labels };
  const budget = disruptionBudgetOf(props);
  return {
    disruptionBudget: budget && { ...{}, ...budget, ...owned, component: 'serve' },
    ingress: props.ingress && { ...{}, ...props.ingress, ...owned, serviceName: name, servicePortName: SERVE_PORT_NAME },
    networkPolicy: props.networkPolicy && { ...{}, ...props.networkPolicy, ...owned, port: props.port ?? DEFAULT_SERVE_PORT },
  };
}

/** A PodDisruptionBudget over a component's pods. */
export function planDisruptionBudget(props: WorkerDisruptionBudgetProps): PlannedObject {
  const labels = componentLabels(props.poolName, props.component, props.labels);
  return plannedObject(buildDisruptionBudget({ name: props.name, namespace: props.namespace, labels, annotations: props.annotations }, selectorLabels(props.poolName, props.component), props));
}

/** An Ingress routing to the serve Service. */
export function planServeIngress(props: ServeIngressProps): PlannedObject {
  const metadata = { name: props.name, namespace: props.namespace, labels: componentLabels(props.poolName, 'serve', props.labels) };
  return plannedObject(buildIngress(metadata, { serviceName: props.serviceName, portName: props.servicePortName ?? SERVE_PORT_NAME }, props));
}

/** A NetworkPolicy admitting traffic to the serve port from the peers named only. */
export function planServeNetworkPolicy(props: ServeNetworkPolicyProps): PlannedObject {
  const metadata = { name: props.name, namespace: props.namespace, labels: componentLabels(props.poolName, 'serve', props.labels) };
  return plannedObject(buildNetworkPolicy(metadata, selectorLabels(props.poolName, 'serve'), props.port, props));
}

function buildServeDeploymentSpec(props: ServeDeploymentProps, component: ComponentMetadata): Plain<k8s.DeploymentSpec> {
  const port = props.port ?? DEFAULT_SERVE_PORT;
  return buildDeploymentSpec(props, 'serve', component, {
    containerName: SERVE_CONTAINER,
    ports: [{ containerPort: port, name: SERVE_PORT_NAME, protocol: 'TCP' }],
    readinessProbe: buildProbe(props.readiness, port),
    livenessProbe: buildProbe(props.liveness, port),
  });
}

function buildServiceSpec(props: ServeDeploymentProps): Plain<k8s.ServiceSpec> {
  return {
    ports: [{ name: SERVE_PORT_NAME, port: props.servicePort ?? props.port ?? DEFAULT_SERVE_PORT, protocol: 'TCP', targetPort: SERVE_PORT_NAME }],
    selector: selectorLabels(props.poolName, 'serve'),
    type: props.serviceType ?? 'ClusterIP',
  };
}

/** The budget to render: the one given, the default one when the Deployment may run several pods, or none. */
export function disruptionBudgetOf(props: Pick<ServeDeploymentProps, 'disruptionBudget' | 'autoscaled' | 'replicas'>): DisruptionBudgetOptions | undefined {
  const budget = props.disruptionBudget ?? (props.autoscaled || (props.replicas ?? 1) > 1);
  if (budget === false) return undefined;
  return budget === true ? {} : budget;
}

function buildProbe(probe: ServeProbeProps | false | undefined, servePort: number): Plain<k8s.Probe> | undefined {
  if (probe === false) return undefined;
  const options = probe ?? {};
  const port = options.port === undefined || options.port === servePort ? SERVE_PORT_NAME : options.port;
  return {
    failureThreshold: options.failureThreshold ?? 3,
    httpGet: options.path === undefined ? undefined : { path: options.path, port },
    initialDelaySeconds: options.initialDelaySeconds,
    periodSeconds: options.periodSeconds ?? 10,
    tcpSocket: options.path === undefined ? { port } : undefined,
    timeoutSeconds: options.timeoutSeconds ?? 1,
  };
}
