import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import { Quantity, ResourceProps } from '../pod/pod-props';
import { inKeyOrder } from './object';

type QuantityMap = Record<string, Quantity>;

/** Requests, limits, GPUs and extended resources of a container; undefined when nothing is asked for. */
export function buildResources(resources: ResourceProps | undefined): Plain<k8s.ResourceRequirements> | undefined {
  if (!resources) return undefined;
  const requests = quantities(resources, resources.extended);
  const limits = quantities(resources.limits, gpuLimit(resources), resources.extended);
  if (!requests && !limits) return undefined;
  return { limits, requests };
}

/** The extended-resource name a vendor's device plugin serves GPUs under. */
export function gpuResourceName(vendor: string = 'nvidia'): string {
  return vendor.endsWith('.com/gpu') ? vendor : `${vendor}.com/gpu`;
}

function gpuLimit(resources: ResourceProps): QuantityMap | undefined {
  return resources.gpu ? { [gpuResourceName(resources.gpuVendor)]: resources.gpu } : undefined;
}

/** The cpu, memory and ephemeral storage set, then each extra map's quantities over them; undefined when none is set. */
function quantities(standard: Pick<ResourceProps, 'cpu' | 'memory' | 'ephemeralStorage'> | undefined, ...extra: (QuantityMap | undefined)[]): QuantityMap | undefined {
  const map: QuantityMap = {};
  if (standard?.cpu !== undefined) map.cpu = standard.cpu;
  if (standard?.ephemeralStorage !== undefined) map['ephemeral-storage'] = standard.ephemeralStorage;
  if (standard?.memory !== undefined) map.memory = standard.memory;
  for (const more of extra) {
    if (!more) continue;
    for (const name of Object.keys(more)) {
      if (more[name] !== undefined) map[name] = more[name];
      else if (Object.hasOwn(map, name)) delete map[name];
    }
  }
  if (!Object.keys(map).length) return undefined;
  return extra.some((more) => more !== undefined) ? inKeyOrder(map) : map;
}
