import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import type { ContainerOptions, ContainerProps } from './container-props';
import type { DnsConfigProps, DnsPolicy, HostAliasProps, TopologySpreadConstraintProps } from './scheduling-props';
import type { VolumeSourceProps } from './volume-props';

export * from './container-props';
export * from './probe-props';
export * from './scheduling-props';
export * from './volume-props';

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
   * Extended resources a device plugin offers, as whole numbers: `nvidia.com/mig-1g.5gb: 1`,
   * `gpu.intel.com/i915: 1`, `aws.amazon.com/neuron: 2`, `vpc.amazonaws.com/efa: 1`; each set as an
   * equal request and limit, since Kubernetes cannot overcommit them. @default - none
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

/**
 * Everything about the pod a worker, follow or serve component runs in. Settable on the fleet's
 * `defaults`, a pool, and a component; see `mergePodProps` for how the layers combine.
 */
export interface PodProps extends ContainerOptions {
  /** Container image. */
  readonly image?: string;
  /** Names of docker-registry Secrets used to pull the images. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** Variable names in `env` that say they hold a credential but do not; their values are still checked. @default - none */
  readonly envNotSecret?: readonly string[];
  /** Exact values that look like credentials but are not, let through wherever they appear in these props. @default - none */
  readonly notSecret?: readonly string[];
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
  /**
   * How the pods spread over zones and nodes; `[]` for none. A constraint without `labelSelector`
   * counts the component's own pods (its selector labels).
   * @default - follow and serve: maxSkew 1 over `topology.kubernetes.io/zone` and over
   * `kubernetes.io/hostname`, whenUnsatisfiable ScheduleAnyway; job: none
   */
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraintProps[];
  /** RuntimeClass of the pods, e.g. `gvisor` or `nvidia`. @default - the cluster default */
  readonly runtimeClassName?: string;
  /** Extra /etc/hosts entries. @default - none */
  readonly hostAliases?: readonly HostAliasProps[];
  /** @default 'ClusterFirst' */
  readonly dnsPolicy?: DnsPolicy;
  /** Resolver settings; `nameservers` is required when dnsPolicy is `None`. @default - none */
  readonly dnsConfig?: DnsConfigProps;
  /** @default - the default scheduler */
  readonly schedulerName?: string;
  /**
   * Labels on the objects and their pods, beside the `app.kubernetes.io/*` ones. The selector labels
   * (`app.kubernetes.io/name`, `component`, `managed-by`) cannot be set here. @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the objects and their pods. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Labels on the pods only (a change rolls the pods, not the object's metadata). @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations on the pods only. @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** The `app.kubernetes.io/instance` label, e.g. the release or environment. @default - none (`app.kubernetes.io/name` names the pool) */
  readonly instance?: string;
  /** The `app.kubernetes.io/part-of` label: the application the pool belongs to. @default - none */
  readonly partOf?: string;
  /** The `app.kubernetes.io/version` label: the version of the application. @default - none */
  readonly version?: string;
  /** Pod volumes: `name: source`, with the source in Kubernetes' shape. @default - none */
  readonly volumes?: Readonly<Record<string, VolumeSourceProps>>;
  /** Containers that run to completion, in order, before the others start. @default - none */
  readonly initContainers?: readonly ContainerProps[];
  /**
   * Containers beside the main one for the pod's whole life, rendered as native sidecars (init
   * containers with `restartPolicy: Always`) so they never keep a Job from completing. @default - none
   */
  readonly sidecars?: readonly ContainerProps[];
  /** PersistentVolumeClaims to mount, shorthand: `claim: mountPath` (volume `pvc-<claim>`). @default - none */
  readonly persistentVolumeClaims?: Readonly<Record<string, string>>;
  /** A writable emptyDir for work files, shorthand (volume `scratch`). @default - none */
  readonly scratch?: ScratchProps;
  /** Size of a tmpfs mounted at /dev/shm, shorthand (volume `dshm`). @default - the runtime's 64Mi */
  readonly sharedMemory?: Quantity;
  /** Who the containers run as. @default - uid and gid 1000, read-only root filesystem */
  readonly securityContext?: SecurityProps;
  /** Seconds a pod gets between SIGTERM and SIGKILL. @default - 600 for follow workers, 30 otherwise */
  readonly terminationGraceSeconds?: number;
  /** How the main container's termination message is read: `FallbackToLogsOnError` takes the log tail when the file is empty. @default - the API server's `File` */
  readonly terminationMessagePolicy?: TerminationMessagePolicy;
  /** Name of the main container. @default - the component: `worker` or `serve` */
  readonly containerName?: string;
}
