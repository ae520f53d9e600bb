import type { WorkerFleetProps } from '../constructs/worker-fleet';
import type { WorkerPoolProps } from '../constructs/worker-pool';
import { MANAGED_BY, MANAGED_BY_LABEL } from '../pod/labels';
import { builtObject, Manifest, PlannedObject } from './planned-object';
import { poolObjects, PoolObject } from './pool';

/** The labels that make the API server enforce the restricted Pod Security profile in a namespace. */
export const RESTRICTED_NAMESPACE_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
};

/** The namespace of a pool: its own, else the fleet's, else `default`. */
export function poolNamespace(fleet: Pick<WorkerFleetProps, 'namespace'>, pool: Pick<WorkerPoolProps, 'namespace'>): string {
  return pool.namespace ?? fleet.namespace ?? 'default';
}

/** Every namespace the pools use, in the order they first appear. */
export function fleetNamespaces(fleet: WorkerFleetProps): string[] {
  return [...new Set(fleet.pools.map((pool) => poolNamespace(fleet, pool)))];
}

/** A Namespace labelled to enforce the restricted Pod Security profile. */
export function planNamespace(name: string): PlannedObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { labels: { [MANAGED_BY_LABEL]: MANAGED_BY, ...RESTRICTED_NAMESPACE_LABELS }, name } };
}

/** A pool as the fleet renders it: in its namespace, over the fleet's defaults. */
export function fleetPoolObjects(fleet: WorkerFleetProps, pool: WorkerPoolProps): PoolObject[] {
  return poolObjects(pool, { namespace: poolNamespace(fleet, pool), defaults: fleet.defaults });
}

/**
 * The fleet's objects one at a time, as the builders make them (see `builtObject`): the Namespaces when asked
 * for, then each pool's, in the order the WorkerFleet construct synthesizes them; written by the YAML writer,
 * the same bytes. Only one pool's objects are alive at a time, so a writer that streams holds no more than that.
 */
export function* fleetManifests(fleet: WorkerFleetProps): Generator<Manifest> {
  if (fleet.createNamespaces) for (const namespace of fleetNamespaces(fleet)) yield builtObject(planNamespace(namespace));
  for (const pool of fleet.pools) {
    for (const object of fleetPoolObjects(fleet, pool)) yield builtObject(object.plan());
  }
}
