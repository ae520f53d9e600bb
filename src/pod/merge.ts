import { PodProps } from './pod-props';

const MERGED_MAPS = [
  'env', 'secretEnv', 'downwardEnv', 'nodeSelector', 'labels', 'annotations', 'persistentVolumeClaims',
] as const;
const MERGED_OBJECTS = ['resources', 'securityContext'] as const;
/** Overrides of the credential check: a narrower layer adds to the wider one's. */
const MERGED_LISTS = ['envNotSecret', 'notSecret'] as const;

/**
 * Layers pod options, the later (narrower) layer winning: maps merge key by key, `resources` and
 * `securityContext` field by field, everything else (lists included) is replaced whole.
 */
export function mergePodProps<T extends PodProps>(...layers: (PodProps | undefined)[]): T {
  return layers.reduce<PodProps>((merged, layer) => (layer ? mergeTwo(merged, layer) : merged), {}) as T;
}

function mergeTwo(base: PodProps, layer: PodProps): PodProps {
  const merged: Record<string, unknown> = { ...base, ...layer };
  for (const key of [...MERGED_MAPS, ...MERGED_OBJECTS]) {
    if (base[key] && layer[key]) merged[key] = { ...base[key], ...layer[key] };
  }
  for (const key of MERGED_LISTS) {
    if (base[key] && layer[key]) merged[key] = [...new Set([...base[key], ...layer[key]])];
  }
  if (base.resources?.limits && layer.resources?.limits) {
    merged.resources = { ...(merged.resources as object), limits: { ...base.resources.limits, ...layer.resources.limits } };
  }
  return merged as PodProps;
}
