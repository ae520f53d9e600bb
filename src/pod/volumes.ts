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

/** Scratch, /dev/shm and PVC volumes, in that order. */
export function buildVolumes(props: PodProps): PodVolumes {
  const parts: PodVolumes[] = [scratchVolume(props), sharedMemoryVolume(props), claimVolumes(props)];
  return { volumes: parts.flatMap((part) => part.volumes), mounts: parts.flatMap((part) => part.mounts) };
}

/** The volume name a PersistentVolumeClaim is mounted under. */
export function claimVolumeName(claim: string, index: number): string {
  const name = `pvc-${claim}`;
  return name.length <= 63 && !name.includes('.') ? name : `pvc-${index}`;
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

function claimVolumes({ persistentVolumeClaims = {} }: PodProps): PodVolumes {
  const claims = Object.entries(persistentVolumeClaims);
  return {
    volumes: claims.map(([claimName], index) => ({ name: claimVolumeName(claimName, index), persistentVolumeClaim: { claimName } })),
    mounts: claims.map(([claimName, mountPath], index) => ({ name: claimVolumeName(claimName, index), mountPath })),
  };
}
