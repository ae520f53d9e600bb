import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { buildEnv, buildEnvFrom } from './env';
import { Plain } from './plain';
import { PodProps } from './pod-props';
import { buildResources } from './resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';
import { buildVolumes } from './volumes';

/** What the component, not the user, decides about its pods. */
export interface PodTemplateOptions {
  /** Labels of the pod template, selector labels included. */
  readonly labels: Record<string, string>;
  /** Name of the main container when props do not name it. */
  readonly containerName: string;
  readonly restartPolicy?: 'Never' | 'OnFailure' | 'Always';
  /** Named ports of the main container, before `props.ports`. */
  readonly ports?: Plain<k8s.ContainerPort>[];
  readonly readinessProbe?: Plain<k8s.Probe>;
  readonly livenessProbe?: Plain<k8s.Probe>;
  /** Grace period when props do not set one. */
  readonly terminationGraceSeconds?: number;
}

/** The pod template every component renders: one main container under the restricted profile. */
export function buildPodTemplate(props: PodProps, options: PodTemplateOptions): Plain<k8s.PodTemplateSpec> {
  const { volumes, mounts } = buildVolumes(props);
  return {
    metadata: { labels: options.labels, annotations: nonEmpty(props.annotations) },
    spec: {
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      serviceAccountName: props.serviceAccountName,
      restartPolicy: options.restartPolicy,
      terminationGracePeriodSeconds: props.terminationGraceSeconds ?? options.terminationGraceSeconds,
      securityContext: restrictedPodSecurityContext(props.securityContext),
      imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
      nodeSelector: nonEmpty(props.nodeSelector),
      tolerations: props.tolerations?.length ? props.tolerations.map((toleration) => ({ ...toleration })) : undefined,
      affinity: props.affinity as Plain<k8s.Affinity> | undefined,
      priorityClassName: props.priorityClassName,
      containers: [buildContainer(props, options, mounts)],
      volumes: volumes.length ? volumes : undefined,
    },
  };
}

function buildContainer(props: PodProps, options: PodTemplateOptions, mounts: Plain<k8s.VolumeMount>[]): Plain<k8s.Container> {
  const ports = [...(options.ports ?? []), ...(props.ports ?? []).map((port) => (typeof port === 'number' ? { containerPort: port } : { ...port }))];
  return {
    name: props.containerName ?? options.containerName,
    image: props.image ?? '',
    imagePullPolicy: props.imagePullPolicy === null ? undefined : props.imagePullPolicy ?? 'IfNotPresent',
    command: props.command?.length ? [...props.command] : undefined,
    args: props.args?.length ? [...props.args] : undefined,
    workingDir: props.workingDir,
    env: buildEnv(props),
    envFrom: buildEnvFrom(props),
    ports: ports.length ? ports : undefined,
    resources: buildResources(props.resources),
    readinessProbe: options.readinessProbe,
    livenessProbe: options.livenessProbe,
    securityContext: restrictedContainerSecurityContext(props.securityContext),
    terminationMessagePolicy: props.terminationMessagePolicy,
    volumeMounts: mounts.length ? mounts : undefined,
  };
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value && Object.keys(value).length ? value : undefined;
}
