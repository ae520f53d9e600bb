import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';

/** A count of pods, or a percentage of the desired replicas such as `"25%"`. */
export type IntOrPercent = number | string;

/** How many pods a rolling update may add and take away at once. */
export interface RollingUpdateProps {
  /** Pods above the desired replicas during an update. @default '25%' (Kubernetes' default) */
  readonly maxSurge?: IntOrPercent;
  /** Pods below the desired replicas during an update; not 0 when maxSurge is 0. @default '25%' (Kubernetes' default) */
  readonly maxUnavailable?: IntOrPercent;
}

/** How a Deployment replaces its pods (Kubernetes' `DeploymentStrategy`). */
export interface DeploymentStrategyProps {
  /** `Recreate` stops every old pod before starting new ones. @default 'RollingUpdate' */
  readonly type?: 'RollingUpdate' | 'Recreate';
  /** With `RollingUpdate`: its surge and unavailability. @default - Kubernetes' 25% and 25% */
  readonly rollingUpdate?: RollingUpdateProps;
}

/** The Deployment's `strategy`, or undefined to leave Kubernetes' default (rolling, 25% / 25%). */
export function buildDeploymentStrategy(strategy: DeploymentStrategyProps | undefined): Plain<k8s.DeploymentStrategy> | undefined {
  if (!strategy) return undefined;
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'Recreate' || !strategy.rollingUpdate) return { type };
  const { maxSurge, maxUnavailable } = strategy.rollingUpdate;
  return { rollingUpdate: { maxSurge, maxUnavailable }, type };
}
