import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import type { ContainerOptions, ContainerProps, PodProps } from '../pod/pod-props';
import { buildEnv, buildEnvFrom, copyPlain } from './env';
import { buildLifecycle, buildProbe } from './probes';
import { buildResources } from './resources';
import { restrictedContainerSecurityContext } from './security';
import { buildMounts } from './volumes';

/** What the component, not the user, decides about the main container. */
export interface MainContainerOptions {
  /** Name when props do not name it. */
  readonly name: string;
  /** Named ports of the component, before `props.ports`. */
  readonly ports?: Plain<k8s.ContainerPort>[];
  /** Readiness probe when props set no `readinessProbe`. */
  readonly readinessProbe?: Plain<k8s.Probe>;
  /** Liveness probe when props set no `livenessProbe`. */
  readonly livenessProbe?: Plain<k8s.Probe>;
}

/** The main container: the pod's own options, with the shorthand volumes' mounts before its `mounts`. */
export function buildMainContainer(props: PodProps, options: MainContainerOptions, mounts: Plain<k8s.VolumeMount>[]): Plain<k8s.Container> {
  const ports = options.ports ? [...options.ports, ...buildPorts(props)] : buildPorts(props);
  return buildContainer(props, {
    name: props.containerName ?? options.name,
    image: props.image ?? '',
    restartPolicy: undefined,
    ports,
    readinessProbe: buildProbe(props.readinessProbe) ?? options.readinessProbe,
    livenessProbe: buildProbe(props.livenessProbe) ?? options.livenessProbe,
    securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: props.securityContext?.readOnlyRootFilesystem }),
    terminationMessagePolicy: props.terminationMessagePolicy,
    volumeMounts: mounts,
  });
}

/**
 * An init container, or with `restartPolicy: 'Always'` a native sidecar: it starts before the main
 * container and runs beside it, and the kubelet stops it after the main container exits.
 */
export function buildExtraContainer(container: ContainerProps, restartPolicy?: 'Always'): Plain<k8s.Container> {
  return buildContainer(container, {
    name: container.name,
    image: container.image,
    restartPolicy,
    ports: buildPorts(container),
    readinessProbe: buildProbe(container.readinessProbe),
    livenessProbe: buildProbe(container.livenessProbe),
    securityContext: restrictedContainerSecurityContext(container.securityContext),
    terminationMessagePolicy: undefined,
    volumeMounts: buildMounts(container.mounts),
  });
}

/** Init containers in order, then the sidecars in order: the kubelet starts them one by one like that. */
export function buildInitContainers(props: PodProps): Plain<k8s.Container>[] | undefined {
  if (!props.initContainers?.length && !props.sidecars?.length) return undefined;
  return [
    ...(props.initContainers ?? []).map((container) => buildExtraContainer(container)),
    ...(props.sidecars ?? []).map((container) => buildExtraContainer(container, 'Always')),
  ];
}

/** What the main container and the extra ones decide differently. */
interface OwnContainerFields {
  readonly name: string;
  readonly image: string;
  readonly restartPolicy: 'Always' | undefined;
  readonly ports: Plain<k8s.ContainerPort>[];
  readonly readinessProbe: Plain<k8s.Probe> | undefined;
  readonly livenessProbe: Plain<k8s.Probe> | undefined;
  readonly securityContext: Plain<k8s.SecurityContext>;
  readonly terminationMessagePolicy: string | undefined;
  readonly volumeMounts: Plain<k8s.VolumeMount>[];
}

/** A container with every field in its place (unset ones undefined), so that all containers share one shape. */
function buildContainer(options: ContainerOptions, own: OwnContainerFields): Plain<k8s.Container> {
  return {
    args: options.args?.length ? [...options.args] : undefined,
    command: options.command?.length ? [...options.command] : undefined,
    env: buildEnv(options),
    envFrom: buildEnvFrom(options),
    image: own.image,
    imagePullPolicy: options.imagePullPolicy === null ? undefined : options.imagePullPolicy ?? 'IfNotPresent',
    lifecycle: buildLifecycle(options.lifecycle),
    livenessProbe: own.livenessProbe,
    name: own.name,
    ports: own.ports.length ? own.ports : undefined,
    readinessProbe: own.readinessProbe,
    resources: buildResources(options.resources),
    restartPolicy: own.restartPolicy,
    securityContext: own.securityContext,
    startupProbe: buildProbe(options.startupProbe),
    terminationMessagePolicy: own.terminationMessagePolicy,
    volumeMounts: own.volumeMounts.length ? own.volumeMounts : undefined,
    workingDir: options.workingDir,
  };
}

function buildPorts(options: ContainerOptions): Plain<k8s.ContainerPort>[] {
  return (options.ports ?? []).map((port) => (typeof port === 'number' ? { containerPort: port } : copyPlain(port) as Plain<k8s.ContainerPort>));
}
