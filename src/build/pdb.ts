import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import { IntOrPercent } from './deployment-strategy';
import { KubeObject, ObjectMetadata, objectMeta } from './object';

/** What the eviction API lets a node drain or an autoscaler take away from a set of pods. */
export interface DisruptionBudgetOptions {
  /** Pods that must stay available, a count or a percentage. Exclusive with maxUnavailable. @default - maxUnavailable 1 */
  readonly minAvailable?: IntOrPercent;
  /** Pods that may be unavailable at once, a count or a percentage. Exclusive with minAvailable. @default 1 */
  readonly maxUnavailable?: IntOrPercent;
  /**
   * Whether running but not ready pods may be evicted: `AlwaysAllow` lets a drain evict pods that are
   * failing anyway. @default - Kubernetes' IfHealthyBudget
   */
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

/** The budget when none is given: one pod at a time, whatever the replica count. */
export const DEFAULT_MAX_UNAVAILABLE = 1;

/** A policy/v1 PodDisruptionBudget over the pods these labels select. */
export function buildDisruptionBudget(metadata: ObjectMetadata, selector: Readonly<Record<string, string>>, options: DisruptionBudgetOptions): KubeObject<Plain<k8s.PodDisruptionBudgetSpec>> {
  const budget = options.minAvailable === undefined && options.maxUnavailable === undefined
    ? { maxUnavailable: DEFAULT_MAX_UNAVAILABLE }
    : { maxUnavailable: options.maxUnavailable, minAvailable: options.minAvailable };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(metadata),
    spec: { ...budget, selector: { matchLabels: { ...selector } }, unhealthyPodEvictionPolicy: options.unhealthyPodEvictionPolicy },
  };
}
