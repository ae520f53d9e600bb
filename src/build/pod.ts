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
    metadata: { labels: options.labels, annotations: options.annotations },
    spec: {
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      serviceAccountName: props.serviceAccountName,
      restartPolicy: options.restartPolicy,
      terminationGracePeriodSeconds: props.terminationGraceSeconds ?? options.terminationGraceSeconds,
      securityContext: restrictedPodSecurityContext(props.securityContext),
      imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
      nodeSelector: nonEmpty(props.nodeSelector),
      tolerations: buildTolerations(props.tolerations),
      affinity: props.affinity as Plain<k8s.Affinity> | undefined,
      topologySpreadConstraints: buildTopologySpread(props, options),
      priorityClassName: props.priorityClassName,
      runtimeClassName: props.runtimeClassName,
      schedulerName: props.schedulerName,
      dnsPolicy: props.dnsPolicy,
      dnsConfig: buildDnsConfig(props.dnsConfig),
      hostAliases: buildHostAliases(props.hostAliases),
      initContainers: buildInitContainers(props),
      containers: [buildMainContainer(props, main, mounts)],
      volumes: volumes.length ? volumes : undefined,
    },
  };
}
