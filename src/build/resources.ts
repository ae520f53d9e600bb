import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import { Quantity, ResourceProps } from '../pod/pod-props';

type QuantityMap = Record<string, Quantity>;

/** Requests, limits, GPUs and extended resources of a container; undefined when nothing is asked for. */
export function buildResources(resources: ResourceProps | undefined): Plain<k8s.ResourceRequirements> | undefined {
  if (!resources) return undefined;
  const requests = quantities({ 'cpu': resources.cpu, 'memory': resources.memory, 'ephemeral-storage': resources.ephemeralStorage, ...resources.extended });
  const limits = quantities({
    'cpu': resources.limits?.cpu,
    'memory': resources.limits?.memory,
    'ephemeral-storage': resources.limits?.ephemeralStorage,
    ...gpuLimit(resources),
    ...resources.extended,
  });
  if (!requests && !limits) return undefined;
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

/** The extended-resource name a vendor's device plugin serves GPUs under. */
export function gpuResourceName(vendor: string = 'nvidia'): string {
  return vendor.endsWith('.com/gpu') ? vendor : `${vendor}.com/gpu`;
}

function gpuLimit(resources: ResourceProps): Record<string, Quantity | undefined> {
  return resources.gpu ? { [gpuResourceName(resources.gpuVendor)]: resources.gpu } : {};
}

function quantities(values: Record<string, Quantity | undefined>): QuantityMap | undefined {
  const entries = Object.entries(values).filter((entry): entry is [string, Quantity] => entry[1] !== undefined);
  if (!entries.length) return undefined;
  return Object.fromEntries(entries);
}
