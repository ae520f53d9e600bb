import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import type { LifecycleProps, ProbeProps } from '../pod/pod-props';
import { copyPlain } from './env';

/** A probe as the API takes it; the props already have Kubernetes' shape. */
export function buildProbe(probe: ProbeProps | undefined): Plain<k8s.Probe> | undefined {
  return probe ? copyPlain(probe) as Plain<k8s.Probe> : undefined;
}

/** postStart and preStop hooks; undefined when neither is set. */
export function buildLifecycle(lifecycle: LifecycleProps | undefined): Plain<k8s.Lifecycle> | undefined {
  if (!lifecycle || (!lifecycle.postStart && !lifecycle.preStop)) return undefined;
  return copyPlain(lifecycle) as Plain<k8s.Lifecycle>;
}
