import type { Quantity } from './pod-props';

/** One key of a ConfigMap or Secret projected to a file. */
export interface KeyToPathProps {
  readonly key: string;
  /** Relative file path; no `..`. */
  readonly path: string;
  /** File mode bits (0–0777). @default - the volume's defaultMode */
  readonly mode?: number;
}

/** A ConfigMap as files. */
export interface ConfigMapVolumeSourceProps {
  /** Name of the ConfigMap. */
  readonly name: string;
  /** Keys to project; every key when unset. @default - every key, as a file named after it */
  readonly items?: readonly KeyToPathProps[];
  /** File mode bits (0–0777). @default 0o644 */
  readonly defaultMode?: number;
  /** Start the pod even when the ConfigMap or a key is missing. @default false */
  readonly optional?: boolean;
}

/** A Secret as files. */
export interface SecretVolumeSourceProps {
  /** Name of the Secret. */
  readonly secretName: string;
  /** @default - every key, as a file named after it */
  readonly items?: readonly KeyToPathProps[];
  /** @default 0o644 */
  readonly defaultMode?: number;
  /** @default false */
  readonly optional?: boolean;
}

/** A service account token for an audience, rotated by the kubelet. */
export interface ServiceAccountTokenProjectionProps {
  /** Who the token is for. @default - the API server */
  readonly audience?: string;
  /** At least 600. @default 3600 */
  readonly expirationSeconds?: number;
  /** File path of the token, relative to the mount. */
  readonly path: string;
}

/** A ConfigMap among projected sources. */
export interface ConfigMapProjectionProps {
  readonly name: string;
  /** @default - every key */
  readonly items?: readonly KeyToPathProps[];
  /** @default false */
  readonly optional?: boolean;
}

/** A Secret among projected sources. */
export interface SecretProjectionProps {
  readonly name: string;
  /** @default - every key */
  readonly items?: readonly KeyToPathProps[];
  /** @default false */
  readonly optional?: boolean;
}

/** One downward-API file: a pod field or a container resource. */
export interface DownwardApiVolumeFileProps {
  /** Relative file path; no `..`. */
  readonly path: string;
  /** @default - a resourceFieldRef instead */
  readonly fieldRef?: { readonly fieldPath: string; readonly apiVersion?: string };
  /** @default - a fieldRef instead */
  readonly resourceFieldRef?: { readonly resource: string; readonly containerName?: string; readonly divisor?: Quantity };
  /** @default - the volume's defaultMode */
  readonly mode?: number;
}

/** Pod fields as files. */
export interface DownwardApiProjectionProps {
  readonly items: readonly DownwardApiVolumeFileProps[];
}

/** One source of a projected volume: exactly one field set. */
export interface VolumeProjectionProps {
  /** @default - another source */
  readonly serviceAccountToken?: ServiceAccountTokenProjectionProps;
  /** @default - another source */
  readonly configMap?: ConfigMapProjectionProps;
  /** @default - another source */
  readonly secret?: SecretProjectionProps;
  /** @default - another source */
  readonly downwardAPI?: DownwardApiProjectionProps;
}

/** Several sources in one directory. */
export interface ProjectedVolumeSourceProps {
  readonly sources: readonly VolumeProjectionProps[];
  /** @default 0o644 */
  readonly defaultMode?: number;
}

/** A directory that lives as long as the pod. */
export interface EmptyDirVolumeSourceProps {
  /** `Memory` backs it with tmpfs, counted against the memory limit. @default - node disk */
  readonly medium?: '' | 'Memory';
  /** @default - bounded only by the node */
  readonly sizeLimit?: Quantity;
}

/** An existing PersistentVolumeClaim. */
export interface PersistentVolumeClaimVolumeSourceProps {
  readonly claimName: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/** A volume served by a CSI driver inline (e.g. secrets-store.csi.k8s.io). */
export interface CsiVolumeSourceProps {
  readonly driver: string;
  /** @default false */
  readonly readOnly?: boolean;
  /** @default - the driver's */
  readonly fsType?: string;
  /** @default - none */
  readonly volumeAttributes?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly nodePublishSecretRef?: { readonly name: string };
}

/** A PersistentVolumeClaim created with the pod and deleted with it. */
export interface EphemeralVolumeSourceProps {
  readonly volumeClaimTemplate: {
    /** @default - none */
    readonly metadata?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
    readonly spec: {
      readonly accessModes: readonly ('ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod')[];
      /** @default - the cluster's default StorageClass */
      readonly storageClassName?: string;
      /** @default 'Filesystem' */
      readonly volumeMode?: 'Filesystem' | 'Block';
      readonly resources: { readonly requests: { readonly storage: Quantity } };
    };
  };
}

/** Where a volume's data comes from, in Kubernetes' shape: exactly one field set. */
export interface VolumeSourceProps {
  /** @default - another source */
  readonly configMap?: ConfigMapVolumeSourceProps;
  /** @default - another source */
  readonly secret?: SecretVolumeSourceProps;
  /** @default - another source */
  readonly projected?: ProjectedVolumeSourceProps;
  /** @default - another source */
  readonly emptyDir?: EmptyDirVolumeSourceProps;
  /** @default - another source */
  readonly persistentVolumeClaim?: PersistentVolumeClaimVolumeSourceProps;
  /** @default - another source */
  readonly csi?: CsiVolumeSourceProps;
  /** @default - another source */
  readonly ephemeral?: EphemeralVolumeSourceProps;
}

/** A mount of a pod volume, the long form of `path: volume`. */
export interface MountProps {
  /** Name of a volume in `volumes` (or `scratch`, `dshm`, `pvc-<claim>` from the shorthands). */
  readonly volume: string;
  /** Mount only this relative path inside the volume; no `..`. @default - the volume's root */
  readonly subPath?: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/** Mounts of a container: `mountPath: volume` or `mountPath: {volume, subPath, readOnly}`. */
export type Mounts = Readonly<Record<string, string | MountProps>>;
