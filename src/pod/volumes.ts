import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from './plain';
import { PodProps } from './pod-props';

/** Volumes of the pod and where the main container mounts them. */
export interface PodVolumes {
  readonly volumes: Plain<k8s.Volume>[];
  readonly mounts: Plain<k8s.VolumeMount>[];
}

export const SCRATCH_VOLUME = 'scratch';
export const SHARED_MEMORY_VOLUME = 'dshm';
export const SHARED_MEMORY_PATH = '/dev/shm';

/** Scratch, /dev/shm and PVC volumes, in that order; each volume's mount at the same index. */
export function buildVolumes(props: PodProps): PodVolumes {
  const parts: PodVolumes[] = [scratchVolume(props), sharedMemoryVolume(props), claimVolumes(props)];
  return { volumes: parts.flatMap((part) => part.volumes), mounts: parts.flatMap((part) => part.mounts) };
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

function scratchVolume({ scratch }: PodProps): PodVolumes {
  if (!scratch) return { volumes: [], mounts: [] };
  return {
    volumes: [{ name: SCRATCH_VOLUME, emptyDir: { medium: scratch.medium, sizeLimit: scratch.sizeLimit } }],
    mounts: [{ name: SCRATCH_VOLUME, mountPath: scratch.path }],
  };
}

function sharedMemoryVolume({ sharedMemory }: PodProps): PodVolumes {
  if (sharedMemory === undefined) return { volumes: [], mounts: [] };
  return {
    volumes: [{ name: SHARED_MEMORY_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: sharedMemory } }],
    mounts: [{ name: SHARED_MEMORY_VOLUME, mountPath: SHARED_MEMORY_PATH }],
  };
}

/** PVC volumes sorted by claim name: the order of a map means nothing, so the output does not follow it. */
function claimVolumes({ persistentVolumeClaims = {} }: PodProps): PodVolumes {
  const claims = Object.entries(persistentVolumeClaims).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    volumes: claims.map(([claimName]) => ({ name: claimVolumeName(claimName), persistentVolumeClaim: { claimName } })),
    mounts: claims.map(([claimName, mountPath]) => ({ name: claimVolumeName(claimName), mountPath })),
  };
}
