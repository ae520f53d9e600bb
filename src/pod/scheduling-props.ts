/** A label selector in Kubernetes' shape. */
export interface LabelSelectorProps {
  /** @default - none */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

/** How pods spread over a topology domain (zones, nodes), in Kubernetes' shape. */
export interface TopologySpreadConstraintProps {
  /** Largest allowed difference in matching pods between two domains; at least 1. */
  readonly maxSkew: number;
  /** Node label whose values are the domains, e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /** `ScheduleAnyway` prefers the spread; `DoNotSchedule` requires it. */
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /** The pods counted. @default - the component's selector labels */
  readonly labelSelector?: LabelSelectorProps;
  /** Pod label keys whose values, added to the selector, count only pods of the same rollout. @default - none */
  readonly matchLabelKeys?: readonly string[];
  /** Fewest eligible domains (DoNotSchedule only). @default - none */
  readonly minDomains?: number;
  /** @default 'Honor' */
  readonly nodeAffinityPolicy?: 'Honor' | 'Ignore';
  /** @default 'Ignore' */
  readonly nodeTaintsPolicy?: 'Honor' | 'Ignore';
}

/** Extra /etc/hosts lines. */
export interface HostAliasProps {
  /** An IPv4 or IPv6 address. */
  readonly ip: string;
  readonly hostnames: readonly string[];
}

/** The pod's DNS resolver settings, merged with those dnsPolicy yields. */
export interface DnsConfigProps {
  /** At most 3 IP addresses; required when dnsPolicy is `None`. @default - none */
  readonly nameservers?: readonly string[];
  /** At most 32 search domains. @default - none */
  readonly searches?: readonly string[];
  /** resolv.conf options, e.g. `{ name: ndots, value: "2" }`. @default - none */
  readonly options?: readonly { readonly name: string; readonly value?: string }[];
}

/** How the pod's DNS is set up. */
export type DnsPolicy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';

/** Every DNS policy, in the API's order. */
export const DNS_POLICIES: readonly DnsPolicy[] = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
