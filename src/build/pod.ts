import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import { PodProps } from '../pod/pod-props';
import { buildInitContainers, buildMainContainer, MainContainerOptions } from './containers';
import { buildDnsConfig, buildHostAliases, buildTolerations, buildTopologySpread, nonEmpty } from './scheduling';
import { restrictedPodSecurityContext } from './security';
import { buildVolumes } from './volumes';

/** What the component, not the user, decides about its pods. */
export interface PodTemplateOptions {
  /** Labels of the pod template, selector labels included. */
  readonly labels: Record<string, string>;
  /** Annotations of the pod template. @default - none */
  readonly annotations?: Record<string, string>;
  /** The component's selector labels: what a topology spread constraint without `labelSelector` counts. */
  readonly selector: Record<string, string>;
  /** Spread over zones and nodes when props set no `topologySpreadConstraints`. @default false */
  readonly spreadByDefault?: boolean;
  /** Name of the main container when props do not name it. */
  readonly containerName: string;
  readonly restartPolicy?: 'Never' | 'OnFailure' | 'Always';
  /** Named ports of the main container, before `props.ports`. */
  readonly ports?: Plain<k8s.ContainerPort>[];
  /** Readiness probe of the main container when props set no `readinessProbe`. */
  readonly readinessProbe?: Plain<k8s.Probe>;
  /** Liveness probe of the main container when props set no `livenessProbe`. */
  readonly livenessProbe?: Plain<k8s.Probe>;
  /** Grace period when props do not set one. */
  readonly terminationGraceSeconds?: number;
}

/**
 * The pod template every component renders: a main container, init containers and native sidecars,
 * all under the restricted profile. A pure function of the merged props and the component's options.
 */
export function buildPodTemplate(props: PodProps, options: PodTemplateOptions): Plain<k8s.PodTemplateSpec> {
  const { volumes, mounts } = buildVolumes(props);
  const main: MainContainerOptions = { name: options.containerName, ports: options.ports, readinessProbe: options.readinessProbe, livenessProbe: options.livenessProbe };
  return {
    metadata: { annotations: options.annotations, labels: options.labels },
    spec: {
      affinity: props.affinity as Plain<k8s.Affinity> | undefined,
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      containers: [buildMainContainer(props, main, mounts)],
      dnsConfig: buildDnsConfig(props.dnsConfig),
      dnsPolicy: props.dnsPolicy,
      hostAliases: buildHostAliases(props.hostAliases),
      imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
      initContainers: buildInitContainers(props),
      nodeSelector: nonEmpty(props.nodeSelector),
      priorityClassName: props.priorityClassName,
      restartPolicy: options.restartPolicy,
      runtimeClassName: props.runtimeClassName,
      schedulerName: props.schedulerName,
      securityContext: restrictedPodSecurityContext(props.securityContext),
      serviceAccountName: props.serviceAccountName,
      terminationGracePeriodSeconds: props.terminationGraceSeconds ?? options.terminationGraceSeconds,
      tolerations: buildTolerations(props.tolerations),
      topologySpreadConstraints: buildTopologySpread(props, options),
      volumes: volumes.length ? volumes : undefined,
    },
  };
}
