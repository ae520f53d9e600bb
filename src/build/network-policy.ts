import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import type { LabelSelectorProps } from '../pod/scheduling-props';
import { KubeObject, ObjectMetadata, objectMeta } from './object';

/** The label every namespace carries with its own name (Kubernetes sets it since 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Where admitted traffic may come from: pods in a namespace named `namespace`, or in the namespaces
 * `namespaceSelector` selects, narrowed to the pods `podSelector` selects. A `podSelector` alone means
 * pods of the serve pods' own namespace.
 */
export interface NetworkPolicyPeerProps {
  /** A namespace by name (its `kubernetes.io/metadata.name` label). Exclusive with namespaceSelector. @default - none */
  readonly namespace?: string;
  /** Namespaces by label; `{}` selects every namespace. @default - none */
  readonly namespaceSelector?: LabelSelectorProps;
  /** Pods by label, in the namespaces named, else in the serve pods' namespace. @default - every pod of the namespaces named */
  readonly podSelector?: LabelSelectorProps;
}

/** A NetworkPolicy that admits traffic to the serve port from the peers named, and denies every other ingress to the serve pods. */
export interface ServeNetworkPolicyOptions {
  /** Who may connect to the serve port. */
  readonly from: readonly NetworkPolicyPeerProps[];
}

/** A networking.k8s.io/v1 NetworkPolicy over the pods `selector` selects: ingress to `port` from `from` only. */
export function buildNetworkPolicy(metadata: ObjectMetadata, selector: Readonly<Record<string, string>>, port: number, options: ServeNetworkPolicyOptions): KubeObject<Plain<k8s.NetworkPolicySpec>> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(metadata),
    spec: {
      ingress: [{ from: options.from.map(networkPolicyPeer), ports: [{ port, protocol: 'TCP' }] }],
      podSelector: { matchLabels: { ...selector } },
      policyTypes: ['Ingress'],
    },
  };
}

function networkPolicyPeer(peer: NetworkPolicyPeerProps): Plain<k8s.NetworkPolicyPeer> {
  const namespaceSelector = peer.namespace === undefined ? peer.namespaceSelector : { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } };
  return { namespaceSelector: namespaceSelector && labelSelector(namespaceSelector), podSelector: peer.podSelector && labelSelector(peer.podSelector) };
}

function labelSelector(selector: LabelSelectorProps): Plain<k8s.LabelSelector> {
  return {
    matchExpressions: selector.matchExpressions?.map((requirement) => ({ ...requirement, values: requirement.values && [...requirement.values] })),
    matchLabels: selector.matchLabels && { ...selector.matchLabels },
  };
}
