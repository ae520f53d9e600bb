/** NetworkPolicy peers as pkg/apis/networking/validation (Kubernetes 1.28) checks them (ValidateNetworkPolicyPeer). */
import type { NetworkPolicyPeerProps, ServeNetworkPolicyOptions } from '../../build/network-policy';
import { at, Path, Report, shown } from '../report';
import { dnsLabelProblem } from './names';
import { validateLabelSelector } from './scheduling';

/** Checks who a NetworkPolicy admits: at least one peer, each a namespace or selectors. */
export function validateNetworkPolicy(policy: ServeNetworkPolicyOptions, path: Path, report: Report): void {
  if (!policy.from.length) {
    report(at(path, 'from'), 'received no peers, expected at least one namespace or pod selector: a NetworkPolicy rule without peers admits traffic from everywhere');
  }
  policy.from.forEach((peer, index) => validatePeer(peer, at(path, 'from', index), report));
}

function validatePeer(peer: NetworkPolicyPeerProps, path: Path, report: Report): void {
  if (peer.namespace === undefined && peer.namespaceSelector === undefined && peer.podSelector === undefined) {
    report(path, 'received an empty peer, expected namespace, namespaceSelector or podSelector (the API server refuses a peer that names none)');
  }
  if (peer.namespace !== undefined) {
    if (peer.namespaceSelector !== undefined) report(at(path, 'namespaceSelector'), 'received both namespace and namespaceSelector, expected one of them: namespace is a namespaceSelector on the namespace\'s name');
    const problem = dnsLabelProblem(peer.namespace);
    if (problem) report(at(path, 'namespace'), `received ${shown(peer.namespace)}, ${problem} (a namespace name)`);
  }
  if (peer.namespaceSelector) validateLabelSelector(peer.namespaceSelector, at(path, 'namespaceSelector'), report);
  if (peer.podSelector) validateLabelSelector(peer.podSelector, at(path, 'podSelector'), report);
}
