import type { ImagePullPolicy, Quantity, ResourceProps } from './pod-props';
import type { LifecycleProps, ProbeProps } from './probe-props';
import type { Mounts } from './volume-props';

/** A key of a ConfigMap or Secret. */
export interface KeySelectorProps {
  /** Name of the ConfigMap or Secret. */
  readonly name: string;
  readonly key: string;
  /** Start the container even when it is missing. @default false */
  readonly optional?: boolean;
}

/** Where an environment variable's value comes from, in Kubernetes' shape: exactly one field set. */
export interface EnvVarSourceProps {
  /** @default - another source */
  readonly configMapKeyRef?: KeySelectorProps;
  /** @default - another source */
  readonly secretKeyRef?: KeySelectorProps;
  /** A pod field, e.g. `metadata.name`. @default - another source */
  readonly fieldRef?: { readonly fieldPath: string; readonly apiVersion?: string };
  /** A resource of a container, e.g. `limits.memory`. @default - another source */
  readonly resourceFieldRef?: { readonly resource: string; readonly containerName?: string; readonly divisor?: Quantity };
}

/** An environment variable read from elsewhere: `NAME: { valueFrom: … }`. */
export interface EnvValueFromProps {
  readonly valueFrom: EnvVarSourceProps;
}

/** The value of one environment variable: plain text, or `{ valueFrom }`. */
export type EnvValue = string | number | boolean | EnvValueFromProps;

/** Every key of a ConfigMap or Secret as environment variables, in Kubernetes' shape. */
export interface EnvFromSourceProps {
  /** @default - a secretRef instead */
  readonly configMapRef?: { readonly name: string; readonly optional?: boolean };
  /** @default - a configMapRef instead */
  readonly secretRef?: { readonly name: string; readonly optional?: boolean };
  /** Prefix of every variable name. @default - none */
  readonly prefix?: string;
}

/** A port a container listens on, in Kubernetes' shape. */
export interface ContainerPortProps {
  /** 1–65535. */
  readonly containerPort: number;
  /** IANA service name: at most 15 lowercase letters, digits and dashes, with a letter. @default - unnamed */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** Who a container runs as; everything else is fixed by the restricted Pod Security profile. */
export interface ContainerSecurityProps {
  /** @default - the pod's runAsUser */
  readonly runAsUser?: number;
  /** @default - the pod's runAsGroup */
  readonly runAsGroup?: number;
  /** @default true */
  readonly readOnlyRootFilesystem?: boolean;
}

/** What every container of a pod can set: the main container, init containers and sidecars alike. */
export interface ContainerOptions {
  /**
   * When the kubelet pulls the image; `null` writes none, so the API server defaults it (Always for a
   * `:latest` or untagged image, IfNotPresent otherwise). @default 'IfNotPresent'
   */
  readonly imagePullPolicy?: ImagePullPolicy | null;
  /** The container's entrypoint. @default - the image's ENTRYPOINT */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint. @default - the image's CMD */
  readonly args?: readonly string[];
  /** @default - the image's WORKDIR */
  readonly workingDir?: string;
  /**
   * Environment variables: plain values (never credentials; use `secretEnv`), or
   * `{ valueFrom: { configMapKeyRef | secretKeyRef | fieldRef | resourceFieldRef } }`.
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Environment variables read from Secrets, shorthand: `NAME: secret:key`. @default - none */
  readonly secretEnv?: Readonly<Record<string, string>>;
  /** Environment variables from the downward API, shorthand: `NAME: fieldPath` (e.g. `metadata.name`). @default - none */
  readonly downwardEnv?: Readonly<Record<string, string>>;
  /** ConfigMaps and Secrets whose every key becomes an environment variable, in Kubernetes' shape. @default - none */
  readonly envFrom?: readonly EnvFromSourceProps[];
  /** Secrets whose every key becomes an environment variable, shorthand of `envFrom: [{secretRef}]`. @default - none */
  readonly envFromSecrets?: readonly string[];
  /** Requests, limits, GPUs and extended resources. @default - none */
  readonly resources?: ResourceProps;
  /** Ports the container listens on: a number, or `{containerPort, name, protocol}`. @default - none */
  readonly ports?: readonly (number | ContainerPortProps)[];
  /** Holds back the other probes until it passes once. @default - none */
  readonly startupProbe?: ProbeProps;
  /** Takes the pod out of Service endpoints while it fails. @default - none (serve: TCP connect to the serve port) */
  readonly readinessProbe?: ProbeProps;
  /** Restarts the container when it fails. @default - none (serve: TCP connect to the serve port) */
  readonly livenessProbe?: ProbeProps;
  /** postStart and preStop hooks. @default - none */
  readonly lifecycle?: LifecycleProps;
  /** Volumes to mount: `mountPath: volume` or `mountPath: {volume, subPath, readOnly}`. @default - none */
  readonly mounts?: Mounts;
}

/**
 * An init container or a sidecar: the main container's options, its own name and image, and the
 * restricted security context by default.
 */
export interface ContainerProps extends ContainerOptions {
  /** A DNS label, unique among all the pod's containers. */
  readonly name: string;
  /** Container image. */
  readonly image: string;
  /** @default - uid and gid of the pod, read-only root filesystem */
  readonly securityContext?: ContainerSecurityProps;
}
