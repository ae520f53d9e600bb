import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import type { Mounts, PodProps } from '../pod/pod-props';
import { copyPlain } from './env';
import { inKeyOrder, sortedEntries } from './object';

/** Volumes of the pod and where the main container mounts them. */
export interface PodVolumes {
  readonly volumes: Plain<k8s.Volume>[];
  readonly mounts: Plain<k8s.VolumeMount>[];
  /** How many volumes, and main-container mounts, at the start come from the shorthands. */
  readonly shorthands: number;
}

export const SCRATCH_VOLUME = 'scratch';
const NO_VOLUMES: PodVolumes = Object.freeze({ volumes: [], mounts: [], shorthands: 0 }) as PodVolumes;
export const SHARED_MEMORY_VOLUME = 'dshm';
export const SHARED_MEMORY_PATH = '/dev/shm';

/**
 * Every volume of the pod — the shorthands (scratch, /dev/shm, PVCs) first, then `volumes` by name —
 * and the main container's mounts: the shorthands' at the same index as their volumes, then `mounts`.
 */
export function buildVolumes(props: PodProps): PodVolumes {
  if (!props.scratch && props.sharedMemory === undefined && !props.persistentVolumeClaims && !props.volumes && !props.mounts) return NO_VOLUMES;
  const parts = [scratchVolume(props), sharedMemoryVolume(props), claimVolumes(props)];
  const shorthandVolumes = parts.flatMap((part) => part.volumes);
  return {
    volumes: [...shorthandVolumes, ...userVolumes(props)],
    mounts: [...parts.flatMap((part) => part.mounts), ...buildMounts(props.mounts)],
    shorthands: shorthandVolumes.length,
  };
}

/** A container's `mounts` as volumeMounts, by mount path. */
export function buildMounts(mounts: Mounts | undefined): Plain<k8s.VolumeMount>[] {
  return sortedEntries(mounts ?? {}).map(([mountPath, mount]) => (
    typeof mount === 'string'
      ? { mountPath, name: mount }
      : { mountPath, name: mount.volume, readOnly: mount.readOnly, subPath: mount.subPath }
  ));
}

const CLAIM_VOLUME_PREFIX = 'pvc-';
const VOLUME_NAME_MAX = 63;

/**
 * The volume name a PersistentVolumeClaim is mounted under: `pvc-<claim>` with each "." made "-" (a
 * volume name is a DNS label), cut to 63 characters. It depends on the claim name alone, so it is stable
 * whatever the order of the map; two claims that meet in one name are reported by the checks.
 */
export function claimVolumeName(claim: string): string {
  return `${CLAIM_VOLUME_PREFIX}${claim.replace(/\./g, '-')}`.slice(0, VOLUME_NAME_MAX).replace(/-+$/, '');
}

function userVolumes({ volumes = {} }: PodProps): Plain<k8s.Volume>[] {
  return sortedEntries(volumes).map(([name, source]) => inKeyOrder({ name, ...copyPlain(source) }) as Plain<k8s.Volume>);
}

type VolumesAndMounts = Omit<PodVolumes, 'shorthands'>;

function scratchVolume({ scratch }: PodProps): VolumesAndMounts {
  if (!scratch) return { volumes: [], mounts: [] };
  return {
    volumes: [{ emptyDir: { medium: scratch.medium, sizeLimit: scratch.sizeLimit }, name: SCRATCH_VOLUME }],
    mounts: [{ mountPath: scratch.path, name: SCRATCH_VOLUME }],
  };
}

function sharedMemoryVolume({ sharedMemory }: PodProps): VolumesAndMounts {
  if (sharedMemory === undefined) return { volumes: [], mounts: [] };
  return {
    volumes: [{ emptyDir: { medium: 'Memory', sizeLimit: sharedMemory }, name: SHARED_MEMORY_VOLUME }],
    mounts: [{ mountPath: SHARED_MEMORY_PATH, name: SHARED_MEMORY_VOLUME }],
  };
}

/** PVC volumes sorted by claim name: the order of a map means nothing, so the output does not follow it. */
function claimVolumes({ persistentVolumeClaims = {} }: PodProps): VolumesAndMounts {
  const claims = sortedEntries(persistentVolumeClaims);
  return {
    volumes: claims.map(([claimName]) => ({ name: claimVolumeName(claimName), persistentVolumeClaim: { claimName } })),
    mounts: claims.map(([claimName, mountPath]) => ({ mountPath, name: claimVolumeName(claimName) })),
  };
}
