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

/** The pod spec's scheduling and DNS fields from the props; unset fields stay undefined. */
export function buildScheduling(props: PodProps, options: SchedulingOptions): Partial<Plain<k8s.PodSpec>> {
  return {
    nodeSelector: nonEmpty(props.nodeSelector),
    tolerations: props.tolerations?.length ? props.tolerations.map((toleration) => ({ ...toleration })) : undefined,
    affinity: props.affinity as Plain<k8s.Affinity> | undefined,
    topologySpreadConstraints: buildTopologySpread(props.topologySpreadConstraints ?? (options.spreadByDefault ? DEFAULT_TOPOLOGY_SPREAD : []), options.selector),
    priorityClassName: props.priorityClassName,
    runtimeClassName: props.runtimeClassName,
    schedulerName: props.schedulerName,
    dnsPolicy: props.dnsPolicy,
    dnsConfig: props.dnsConfig ? copyPlain(props.dnsConfig) as Plain<k8s.PodDnsConfig> : undefined,
    hostAliases: props.hostAliases?.length ? copyPlain(props.hostAliases) as Plain<k8s.HostAlias>[] : undefined,
  };
}

function buildTopologySpread(constraints: readonly TopologySpreadConstraintProps[], selector: Record<string, string>): Plain<k8s.TopologySpreadConstraint>[] | undefined {
  if (!constraints.length) return undefined;
  return constraints.map((constraint) => ({
    ...(constraint === DEFAULT_TOPOLOGY_SPREAD[0] || constraint === DEFAULT_TOPOLOGY_SPREAD[1] ? constraint : copyPlain(constraint)),
    labelSelector: constraint.labelSelector ? copyPlain(constraint.labelSelector) : { matchLabels: { ...selector } },
  }) as Plain<k8s.TopologySpreadConstraint>);
}

/** A map with at least one key, else undefined. */
export function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value && Object.keys(value).length ? value : undefined;
}
