import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

/** When the kubelet pulls the image. */
export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Where the kubelet reads a container's termination message from. */
export type TerminationMessagePolicy = 'File' | 'FallbackToLogsOnError';

/** Every termination message policy, in the API's order. */
export const TERMINATION_MESSAGE_POLICIES: readonly TerminationMessagePolicy[] = ['File', 'FallbackToLogsOnError'];

/** Every image pull policy, in the API's order. */
export const IMAGE_PULL_POLICIES: readonly ImagePullPolicy[] = ['Always', 'IfNotPresent', 'Never'];

/** The GPU vendors whose device plugins name their resource `<vendor>.com/gpu`; the resource name itself is accepted too. */
export type GpuVendor = 'nvidia' | 'amd' | 'nvidia.com/gpu' | 'amd.com/gpu';

/** A Kubernetes quantity: `"500m"`, `"4Gi"`, or a plain number. */
export type Quantity = string | number;

/** Limits for one container; GPUs are always limits, set through `gpu`. */
export interface ResourceLimitProps {
  /** @default - no CPU limit */
  readonly cpu?: Quantity;
  /** @default - no memory limit */
  readonly memory?: Quantity;
  /** @default - no ephemeral-storage limit */
  readonly ephemeralStorage?: Quantity;
}

/** Requests for one container, and optionally its limits and GPUs. */
export interface ResourceProps {
  /** CPU request. @default - no CPU request */
  readonly cpu?: Quantity;
  /** Memory request. @default - no memory request */
  readonly memory?: Quantity;
  /** Ephemeral-storage request. @default - no ephemeral-storage request */
  readonly ephemeralStorage?: Quantity;
  /** Number of GPUs, set as a limit on `<gpuVendor>.com/gpu`. @default 0 */
  readonly gpu?: number;
  /** The GPU vendor. @default 'nvidia' */
  readonly gpuVendor?: GpuVendor;
  /** Limits. @default - none */
  readonly limits?: ResourceLimitProps;
  /**
   * Extended resources a device plugin serves (`vpc.amazonaws.com/efa: 1`), each set as an equal request
   * and limit, since Kubernetes cannot overcommit them. @default - none
   */
  readonly extended?: Readonly<Record<string, number>>;
}

/** A writable emptyDir for work files, since the root filesystem is read-only. */
export interface ScratchProps {
  /** Where it is mounted, e.g. `/tmp/pystilt`. */
  readonly path: string;
  /** Largest size before the pod is evicted. @default - bounded only by the node */
  readonly sizeLimit?: Quantity;
  /** `Memory` backs it with tmpfs, counted against the memory limit. @default - node disk */
  readonly medium?: 'Memory';
}

/** Who the containers run as; everything else is fixed by the restricted Pod Security profile. */
export interface SecurityProps {
  /** @default 1000 */
  readonly runAsUser?: number;
  /** @default 1000 */
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes. @default 1000 */
  readonly fsGroup?: number;
  /** @default true */
  readonly readOnlyRootFilesystem?: boolean;
}

/** Everything about the pod a worker, follow or serve component runs in. */
export interface PodProps {
  /** Container image. */
  readonly image?: string;
  /**
   * When the kubelet pulls the image; `null` writes none, so the API server defaults it (Always for a
   * `:latest` or untagged image, IfNotPresent otherwise). @default 'IfNotPresent'
   */
  readonly imagePullPolicy?: ImagePullPolicy | null;
  /** Names of docker-registry Secrets used to pull the image. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** The container's entrypoint. @default - the image's ENTRYPOINT */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint. @default - the image's CMD */
  readonly args?: readonly string[];
  /** @default - the image's WORKDIR */
  readonly workingDir?: string;
  /** Plain environment variables; never credentials (use `secretEnv`). @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment variables read from Secrets: `NAME: secret:key`. @default - none */
  readonly secretEnv?: Readonly<Record<string, string>>;
  /** Environment variables from the downward API: `NAME: fieldPath` (e.g. `metadata.name`). @default - none */
  readonly downwardEnv?: Readonly<Record<string, string>>;
  /** Secrets whose every key becomes an environment variable. @default - none */
  readonly envFromSecrets?: readonly string[];
  /** Variable names in `env` that say they hold a credential but do not; their values are still checked. @default - none */
  readonly envNotSecret?: readonly string[];
  /** Exact values that look like credentials but are not, let through wherever they appear in these props. @default - none */
  readonly notSecret?: readonly string[];
  /** Requests, limits and GPUs. @default - none */
  readonly resources?: ResourceProps;
  /** @default - the namespace's default service account */
  readonly serviceAccountName?: string;
  /** Mount the service account token into the pod. @default false */
  readonly automountServiceAccountToken?: boolean;
  /** @default - none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** @default - none */
  readonly affinity?: k8s.Affinity;
  /** @default - the cluster default */
  readonly priorityClassName?: string;
  /** Labels on the object and its pods, beside the `app.kubernetes.io/*` ones. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the object and its pods. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** PersistentVolumeClaims to mount: `claim: mountPath`. @default - none */
  readonly persistentVolumeClaims?: Readonly<Record<string, string>>;
  /** A writable emptyDir for work files. @default - none */
  readonly scratch?: ScratchProps;
  /** Size of a tmpfs mounted at /dev/shm. @default - the runtime's 64Mi */
  readonly sharedMemory?: Quantity;
  /** Extra container ports, beside the serve port. @default - none */
  readonly ports?: readonly number[];
  /** Who the containers run as. @default - uid and gid 1000, read-only root filesystem */
  readonly securityContext?: SecurityProps;
  /** Seconds a pod gets between SIGTERM and SIGKILL. @default - 600 for follow workers, 30 otherwise */
  readonly terminationGraceSeconds?: number;
  /** How the main container's termination message is read: `FallbackToLogsOnError` takes the log tail when the file is empty. @default - the API server's `File` */
  readonly terminationMessagePolicy?: TerminationMessagePolicy;
  /** Name of the main container. @default - the component: `worker` or `serve` */
  readonly containerName?: string;
}
