import type { ContainerProps, PodProps } from './pod-props';

/** Maps merged key by key: a narrower layer sets or overrides single entries (volumes by name, mounts by path). */
const MERGED_MAPS = [
  'env', 'secretEnv', 'downwardEnv', 'nodeSelector', 'labels', 'annotations', 'podLabels', 'podAnnotations',
  'persistentVolumeClaims', 'volumes', 'mounts',
] as const;
/** Objects merged field by field. */
const MERGED_OBJECTS = ['resources', 'securityContext'] as const;
/** Overrides of the credential check: a narrower layer adds to the wider one's. */
const MERGED_LISTS = ['envNotSecret', 'notSecret'] as const;
/** Lists of containers merged by name: a narrower layer replaces a container of the same name whole, or adds one. */
const MERGED_CONTAINERS = ['initContainers', 'sidecars'] as const;

/** How each merged field combines the wider layer's value with the narrower one's. */
const MERGE_OF_FIELD: ReadonlyMap<string, (wide: any, narrow: any) => unknown> = new Map<string, (wide: any, narrow: any) => unknown>([
  ...[...MERGED_MAPS, ...MERGED_OBJECTS].map((key) => [key, mergeMaps] as [string, typeof mergeMaps]),
  ...MERGED_LISTS.map((key) => [key, mergeLists] as [string, typeof mergeLists]),
  ...MERGED_CONTAINERS.map((key) => [key, mergeByName] as [string, typeof mergeByName]),
]);

/**
 * Layers pod options, the later (narrower) layer winning:
 * - maps merge key by key: `env`, `secretEnv`, `downwardEnv`, `nodeSelector`, `labels`, `annotations`,
 *   `podLabels`, `podAnnotations`, `persistentVolumeClaims`, `volumes` (by volume name: a source is
 *   replaced whole) and `mounts` (by mount path);
 * - `resources` (with its `limits` and `extended`) and `securityContext` merge field by field;
 * - `initContainers` and `sidecars` merge by container name: a container of the same name replaces the
 *   wider layer's whole, in its place; new names follow, in the narrower layer's order;
 * - `envNotSecret` and `notSecret` add up;
 * - everything else, lists included (`envFrom`, `ports`, `tolerations`, `topologySpreadConstraints`,
 *   `hostAliases`) and probes, `lifecycle`, `dnsConfig`, is replaced whole. `[]` clears a list.
 *
 * The result is always a new object, never one of the layers: a caller may add fields to it.
 */
export function mergePodProps<T extends PodProps>(...layers: (PodProps | undefined)[]): T {
  let merged: PodProps | undefined;
  let layerCount = 0;
  for (const layer of layers) {
    if (!layer) continue;
    merged = merged ? mergeTwo(merged, layer) : layer;
    layerCount++;
  }
  // mergeTwo makes a new object; a single layer is copied.
  return (layerCount === 1 ? { ...{}, ...merged } : merged ?? {}) as T;
}

function mergeTwo(base: PodProps, layer: PodProps): PodProps {
  // Spread into `{}` first: V8 gives `{ ...base, ...layer }` a hidden class of its own for every object,
  // and code reading thousands of merged pods then runs at the speed of a dictionary lookup.
  const merged: Record<string, unknown> = { ...{}, ...base, ...layer };
  // Only a field the narrower layer sets can need more than the spread.
  for (const key of Object.keys(layer)) {
    const merge = MERGE_OF_FIELD.get(key);
    if (!merge) continue;
    const wide = (base as Record<string, unknown>)[key];
    const narrow = (layer as Record<string, unknown>)[key];
    if (wide && narrow) merged[key] = merge(wide, narrow);
  }
  if (base.resources && layer.resources) {
    for (const key of ['limits', 'extended'] as const) {
      if (base.resources[key] && layer.resources[key]) {
        merged.resources = { ...(merged.resources as object), [key]: { ...base.resources[key], ...layer.resources[key] } };
      }
    }
  }
  return merged as PodProps;
}

function mergeMaps(wide: object, narrow: object): object {
  return { ...{}, ...wide, ...narrow };
}

function mergeLists(wide: readonly string[], narrow: readonly string[]): string[] {
  return [...new Set([...wide, ...narrow])];
}

function mergeByName(base: readonly ContainerProps[], layer: readonly ContainerProps[]): ContainerProps[] {
  const overrides = new Map(layer.map((container) => [container.name, container]));
  const kept = base.map((container) => overrides.get(container.name) ?? container);
  const baseNames = new Set(base.map((container) => container.name));
  return [...kept, ...layer.filter((container) => !baseNames.has(container.name))];
}
