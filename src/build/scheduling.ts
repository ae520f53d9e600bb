import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import type { PodProps, TopologySpreadConstraintProps } from '../pod/pod-props';
import { copyPlain } from './env';

export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** The spread follow and serve pods get unless they set their own: over zones, then nodes, never blocking. */
export const DEFAULT_TOPOLOGY_SPREAD: readonly TopologySpreadConstraintProps[] = [
  { maxSkew: 1, topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 1, topologyKey: HOSTNAME_TOPOLOGY_KEY, whenUnsatisfiable: 'ScheduleAnyway' },
];

/** What the component decides about where its pods run. */
export interface SchedulingOptions {
  /** The component's selector labels: what a constraint without `labelSelector` counts. */
  readonly selector: Record<string, string>;
  /** Spread over zones and nodes when props set no constraints (follow, serve). @default false */
  readonly spreadByDefault?: boolean;
}

/** Tolerations as the API takes them; undefined when there are none. */
export function buildTolerations(tolerations: PodProps['tolerations']): Plain<k8s.Toleration>[] | undefined {
  return tolerations?.length ? tolerations.map((toleration) => copyPlain(toleration) as Plain<k8s.Toleration>) : undefined;
}

/** The pod's DNS options, copied; undefined when unset. */
export function buildDnsConfig(dnsConfig: PodProps['dnsConfig']): Plain<k8s.PodDnsConfig> | undefined {
  return dnsConfig ? copyPlain(dnsConfig) as Plain<k8s.PodDnsConfig> : undefined;
}

/** Extra /etc/hosts entries, copied; undefined when there are none. */
export function buildHostAliases(hostAliases: PodProps['hostAliases']): Plain<k8s.HostAlias>[] | undefined {
  return hostAliases?.length ? copyPlain(hostAliases) as Plain<k8s.HostAlias>[] : undefined;
}

/**
 * The pod's topology spread constraints: the props' own, else the default spread when the component asks
 * for it; a constraint without `labelSelector` counts the component's pods.
 */
export function buildTopologySpread(props: PodProps, options: SchedulingOptions): Plain<k8s.TopologySpreadConstraint>[] | undefined {
  const constraints = props.topologySpreadConstraints ?? (options.spreadByDefault ? DEFAULT_TOPOLOGY_SPREAD : []);
  if (!constraints.length) return undefined;
  return constraints.map((constraint) => {
    if (isDefaultSpread(constraint)) {
      return { labelSelector: selectingPods(options.selector), maxSkew: constraint.maxSkew, topologyKey: constraint.topologyKey, whenUnsatisfiable: constraint.whenUnsatisfiable };
    }
    const { labelSelector, ...rest } = constraint;
    return { labelSelector: labelSelector ? copyPlain(labelSelector) : selectingPods(options.selector), ...copyPlain(rest) } as Plain<k8s.TopologySpreadConstraint>;
  });
}

function isDefaultSpread(constraint: TopologySpreadConstraintProps): boolean {
  return constraint === DEFAULT_TOPOLOGY_SPREAD[0] || constraint === DEFAULT_TOPOLOGY_SPREAD[1];
}

function selectingPods(selector: Record<string, string>): Plain<k8s.LabelSelector> {
  return { matchLabels: { ...selector } };
}

/** A map with at least one key, else undefined. */
export function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value && Object.keys(value).length ? value : undefined;
}
