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
  const ports = [...(options.ports ?? []), ...buildPorts(props)];
  return {
    name: props.containerName ?? options.name,
    image: props.image ?? '',
    ...containerFields(props),
    ports: ports.length ? ports : undefined,
    readinessProbe: buildProbe(props.readinessProbe) ?? options.readinessProbe,
    livenessProbe: buildProbe(props.livenessProbe) ?? options.livenessProbe,
    securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: props.securityContext?.readOnlyRootFilesystem }),
    terminationMessagePolicy: props.terminationMessagePolicy,
    volumeMounts: mounts.length ? mounts : undefined,
  };
}

/**
 * An init container, or with `restartPolicy: 'Always'` a native sidecar: it starts before the main
 * container and runs beside it, and the kubelet stops it after the main container exits.
 */
export function buildExtraContainer(container: ContainerProps, restartPolicy?: 'Always'): Plain<k8s.Container> {
  const ports = buildPorts(container);
  const mounts = buildMounts(container.mounts);
  return {
    name: container.name,
    image: container.image,
    restartPolicy,
    ...containerFields(container),
    ports: ports.length ? ports : undefined,
    readinessProbe: buildProbe(container.readinessProbe),
    livenessProbe: buildProbe(container.livenessProbe),
    securityContext: restrictedContainerSecurityContext(container.securityContext),
    volumeMounts: mounts.length ? mounts : undefined,
  };
}

/** Init containers in order, then the sidecars in order: the kubelet starts them one by one like that. */
export function buildInitContainers(props: PodProps): Plain<k8s.Container>[] | undefined {
  const containers = [
    ...(props.initContainers ?? []).map((container) => buildExtraContainer(container)),
    ...(props.sidecars ?? []).map((container) => buildExtraContainer(container, 'Always')),
  ];
  return containers.length ? containers : undefined;
}

function containerFields(options: ContainerOptions): Partial<Plain<k8s.Container>> {
  return {
    imagePullPolicy: options.imagePullPolicy === null ? undefined : options.imagePullPolicy ?? 'IfNotPresent',
    command: options.command?.length ? [...options.command] : undefined,
    args: options.args?.length ? [...options.args] : undefined,
    workingDir: options.workingDir,
    env: buildEnv(options),
    envFrom: buildEnvFrom(options),
    resources: buildResources(options.resources),
    startupProbe: buildProbe(options.startupProbe),
    lifecycle: buildLifecycle(options.lifecycle),
  };
}

function buildPorts(options: ContainerOptions): Plain<k8s.ContainerPort>[] {
  return (options.ports ?? []).map((port) => (typeof port === 'number' ? { containerPort: port } : copyPlain(port) as Plain<k8s.ContainerPort>));
}
