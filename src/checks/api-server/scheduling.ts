/**
 * Scheduling fields as pkg/apis/core/validation (Kubernetes 1.28) checks them: tolerations
 * (ValidateTolerations), node selectors and affinity (validateAffinity), and label selectors
 * (apimachinery's ValidateLabelSelector).
 */
import { at, Path, Report, shown } from '../report';
import { dnsSubdomainProblem, labelKeyProblem, labelValueProblem } from './names';

/** A toleration as written in a pod spec. */
export interface TolerationValue {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const API_SERVER = '(the API server refuses it)';

/** Checks one toleration: key and value syntax, the operator's needs, and tolerationSeconds. */
export function validateToleration(toleration: TolerationValue, path: Path, report: Report): void {
  const { key = '', operator = '', value = '', effect = '' } = toleration;
  if (key !== '') qualifiedName(key, at(path, 'key'), report, 'toleration key');
  if (key === '' && operator !== 'Exists') {
    report(at(path, 'operator'), `received ${operator ? shown(operator) : 'no operator (Equal)'} with an empty key, expected operator Exists: only Exists may leave the key empty, meaning every taint ${API_SERVER}`);
  }
  if (operator === 'Exists' && value !== '') {
    report(at(path, 'value'), `received ${shown(value)} with operator Exists, expected no value: Exists matches any value ${API_SERVER}`);
  } else if (operator === '' || operator === 'Equal') {
    const problem = labelValueProblem(value);
    if (problem) report(at(path, 'value'), `received ${shown(value)}, ${problem} ${API_SERVER}`);
  } else if (operator !== 'Exists') {
    report(at(path, 'operator'), `received ${shown(operator)}, expected Equal or Exists ${API_SERVER}`);
  }
  if (effect !== '' && !TAINT_EFFECTS.includes(effect)) report(at(path, 'effect'), `received ${shown(effect)}, expected one of ${TAINT_EFFECTS.join(', ')} ${API_SERVER}`);
  if (toleration.tolerationSeconds !== undefined) {
    if (effect !== 'NoExecute') {
      report(at(path, 'tolerationSeconds'), `received tolerationSeconds with effect ${effect ? shown(effect) : 'unset'}, expected effect NoExecute: only NoExecute taints evict after a delay ${API_SERVER}`);
    }
    validateInt64(toleration.tolerationSeconds, at(path, 'tolerationSeconds'), report);
  }
}

/** Checks that a number is an integer in the int64 range the API stores it in. */
export function validateInt64(value: number, path: Path, report: Report): void {
  if (!Number.isInteger(value) || BigInt(value) < INT64_MIN || BigInt(value) > INT64_MAX) {
    report(path, `received ${shown(value)}, expected a whole number from -9223372036854775808 to 9223372036854775807 (a 64-bit integer; the API server refuses others)`);
  }
}

/** Checks a pod's affinity: node affinity, pod affinity and pod anti-affinity. */
export function validateAffinity(affinity: Record<string, any>, path: Path, report: Report): void {
  const node = affinity.nodeAffinity;
  if (isObject(node)) {
    const nodePath = at(path, 'nodeAffinity');
    if (isObject(node.requiredDuringSchedulingIgnoredDuringExecution)) {
      validateNodeSelector(node.requiredDuringSchedulingIgnoredDuringExecution, at(nodePath, 'requiredDuringSchedulingIgnoredDuringExecution'), report);
    }
    list(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
      const termPath = at(nodePath, 'preferredDuringSchedulingIgnoredDuringExecution', index);
      validateWeight(term.weight, at(termPath, 'weight'), report);
      if (isObject(term.preference)) validateNodeSelectorTerm(term.preference, at(termPath, 'preference'), report);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pod = affinity[kind];
    if (!isObject(pod)) continue;
    const podPath = at(path, kind);
    list(pod.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
      validatePodAffinityTerm(term, at(podPath, 'requiredDuringSchedulingIgnoredDuringExecution', index), report);
    });
    list(pod.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
      const termPath = at(podPath, 'preferredDuringSchedulingIgnoredDuringExecution', index);
      validateWeight(term.weight, at(termPath, 'weight'), report);
      if (isObject(term.podAffinityTerm)) validatePodAffinityTerm(term.podAffinityTerm, at(termPath, 'podAffinityTerm'), report);
    });
  }
}

/** Checks a required node selector: at least one term, each valid. */
export function validateNodeSelector(selector: Record<string, any>, path: Path, report: Report): void {
  const terms = list(selector.nodeSelectorTerms);
  if (!terms.length) report(at(path, 'nodeSelectorTerms'), `received no nodeSelectorTerms, expected at least one term ${API_SERVER}`);
  terms.forEach((term, index) => validateNodeSelectorTerm(term, at(path, 'nodeSelectorTerms', index), report));
}

function validateNodeSelectorTerm(term: Record<string, any>, path: Path, report: Report): void {
  list(term.matchExpressions).forEach((requirement, index) => validateNodeSelectorRequirement(requirement, at(path, 'matchExpressions', index), report));
  list(term.matchFields).forEach((requirement, index) => {
    const requirementPath = at(path, 'matchFields', index);
    if (requirement.key !== 'metadata.name') report(at(requirementPath, 'key'), `received ${shown(requirement.key)}, expected metadata.name, the only node field a selector may use ${API_SERVER}`);
    if (requirement.operator !== 'In' && requirement.operator !== 'NotIn') report(at(requirementPath, 'operator'), `received ${shown(requirement.operator)}, expected In or NotIn for a node field ${API_SERVER}`);
    else if (list(requirement.values).length !== 1) report(at(requirementPath, 'values'), `received ${list(requirement.values).length} values, expected exactly one node name ${API_SERVER}`);
  });
}

function validateNodeSelectorRequirement(requirement: Record<string, any>, path: Path, report: Report): void {
  const values: unknown[] = Array.isArray(requirement.values) ? requirement.values : [];
  const operator = requirement.operator;
  qualifiedName(String(requirement.key ?? ''), at(path, 'key'), report, 'node label key');
  if (!NODE_SELECTOR_OPERATORS.includes(operator)) {
    report(at(path, 'operator'), `received ${shown(operator)}, expected one of ${NODE_SELECTOR_OPERATORS.join(', ')} ${API_SERVER}`);
  } else if ((operator === 'In' || operator === 'NotIn') && !values.length) {
    report(at(path, 'values'), `received no values with operator ${operator}, expected at least one value ${API_SERVER}`);
  } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length) {
    report(at(path, 'values'), `received ${values.length} value(s) with operator ${operator}, expected none ${API_SERVER}`);
  } else if (operator === 'Gt' || operator === 'Lt') {
    if (values.length !== 1) report(at(path, 'values'), `received ${values.length} values with operator ${operator}, expected exactly one ${API_SERVER}`);
    else if (!/^[+-]?\d+$/.test(String(values[0]))) report(at(path, 'values', 0), `received ${shown(values[0])}, expected an integer: the scheduler compares ${operator} values as integers and a node never matches another value`);
  }
}

function validatePodAffinityTerm(term: Record<string, any>, path: Path, report: Report): void {
  if (isObject(term.labelSelector)) validateLabelSelector(term.labelSelector, at(path, 'labelSelector'), report);
  if (isObject(term.namespaceSelector)) validateLabelSelector(term.namespaceSelector, at(path, 'namespaceSelector'), report);
  const topologyKey = typeof term.topologyKey === 'string' ? term.topologyKey : '';
  if (topologyKey === '') report(at(path, 'topologyKey'), `received no topologyKey, expected a node label key such as kubernetes.io/hostname ${API_SERVER}`);
  else qualifiedName(topologyKey, at(path, 'topologyKey'), report, 'topologyKey');
}

/** Checks a label selector: matchLabels as labels, matchExpressions with their operators' needs. */
export function validateLabelSelector(selector: Record<string, any>, path: Path, report: Report): void {
  for (const [key, value] of Object.entries(isObject(selector.matchLabels) ? selector.matchLabels : {})) {
    qualifiedName(key, at(path, 'matchLabels', key), report, 'label key', true);
    const problem = labelValueProblem(String(value));
    if (problem) report(at(path, 'matchLabels', key), `received ${shown(value)}, ${problem} ${API_SERVER}`);
  }
  list(selector.matchExpressions).forEach((requirement, index) => {
    const requirementPath = at(path, 'matchExpressions', index);
    const values: unknown[] = Array.isArray(requirement.values) ? requirement.values : [];
    qualifiedName(String(requirement.key ?? ''), at(requirementPath, 'key'), report, 'label key');
    if (!LABEL_SELECTOR_OPERATORS.includes(requirement.operator)) {
      report(at(requirementPath, 'operator'), `received ${shown(requirement.operator)}, expected one of ${LABEL_SELECTOR_OPERATORS.join(', ')} ${API_SERVER}`);
    } else if ((requirement.operator === 'In' || requirement.operator === 'NotIn') && !values.length) {
      report(at(requirementPath, 'values'), `received no values with operator ${requirement.operator}, expected at least one value ${API_SERVER}`);
    } else if ((requirement.operator === 'Exists' || requirement.operator === 'DoesNotExist') && values.length) {
      report(at(requirementPath, 'values'), `received ${values.length} value(s) with operator ${requirement.operator}, expected none ${API_SERVER}`);
    }
    values.forEach((value, valueIndex) => {
      const problem = labelValueProblem(String(value));
      if (problem) report(at(requirementPath, 'values', valueIndex), `received ${shown(value)}, ${problem} ${API_SERVER}`);
    });
  });
}

function validateWeight(weight: unknown, path: Path, report: Report): void {
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) {
    report(path, `received ${shown(weight)}, expected a weight from 1 to 100 ${API_SERVER}`);
  }
}

function qualifiedName(key: string, path: Path, report: Report, what: string, onKey = false): void {
  const problem = labelKeyProblem(key);
  if (problem) report(path, `received ${what} ${shown(key)}, ${problem} ${API_SERVER}`, onKey);
}

function list(value: unknown): Record<string, any>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A topology spread constraint as written in a pod spec. */
export interface TopologySpreadValue {
  readonly maxSkew?: number;
  readonly topologyKey?: string;
  readonly whenUnsatisfiable?: string;
  readonly labelSelector?: Record<string, any>;
  readonly matchLabelKeys?: readonly string[];
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: string;
  readonly nodeTaintsPolicy?: string;
}

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

/** Checks topology spread constraints (validateTopologySpreadConstraints): each valid, each key and action once. */
export function validateTopologySpreadConstraints(constraints: readonly TopologySpreadValue[], path: Path, report: Report): void {
  const seen = new Set<string>();
  constraints.forEach((constraint, index) => {
    const itemPath = at(path, index);
    const { maxSkew, topologyKey = '', whenUnsatisfiable = '', minDomains } = constraint;
    if (maxSkew === undefined || !Number.isInteger(maxSkew) || maxSkew < 1) report(at(itemPath, 'maxSkew'), `received ${shown(maxSkew)}, expected a whole number of at least 1 ${API_SERVER}`);
    if (topologyKey === '') report(at(itemPath, 'topologyKey'), `received no topologyKey, expected a node label key such as topology.kubernetes.io/zone ${API_SERVER}`);
    else qualifiedName(topologyKey, at(itemPath, 'topologyKey'), report, 'topologyKey');
    if (!WHEN_UNSATISFIABLE.includes(whenUnsatisfiable)) report(at(itemPath, 'whenUnsatisfiable'), `received ${shown(constraint.whenUnsatisfiable)}, expected DoNotSchedule or ScheduleAnyway ${API_SERVER}`);
    if (minDomains !== undefined) {
      if (!Number.isInteger(minDomains) || minDomains < 1) report(at(itemPath, 'minDomains'), `received ${shown(minDomains)}, expected a whole number of at least 1 ${API_SERVER}`);
      else if (whenUnsatisfiable !== 'DoNotSchedule') report(at(itemPath, 'minDomains'), `received minDomains with whenUnsatisfiable ${shown(whenUnsatisfiable)}, expected whenUnsatisfiable DoNotSchedule: minDomains only counts then ${API_SERVER}`);
    }
    for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const value = constraint[field];
      if (value !== undefined && !NODE_INCLUSION_POLICIES.includes(value)) report(at(itemPath, field), `received ${shown(value)}, expected Honor or Ignore ${API_SERVER}`);
    }
    if (isObject(constraint.labelSelector)) validateLabelSelector(constraint.labelSelector, at(itemPath, 'labelSelector'), report);
    const selectorKeys = new Set(Object.keys(constraint.labelSelector?.matchLabels ?? {}));
    constraint.matchLabelKeys?.forEach((key, keyIndex) => {
      qualifiedName(key, at(itemPath, 'matchLabelKeys', keyIndex), report, 'label key');
      if (selectorKeys.has(key)) report(at(itemPath, 'matchLabelKeys', keyIndex), `received ${shown(key)}, which labelSelector already matches: expected a key not in labelSelector ${API_SERVER}`);
    });
    const pair = `${topologyKey}\u0000${whenUnsatisfiable}`;
    if (seen.has(pair)) report(itemPath, `received topologyKey ${shown(topologyKey)} with ${shown(whenUnsatisfiable)} twice, expected each pair once ${API_SERVER}`);
    seen.add(pair);
  });
}

/** A pod's DNS settings as written in a pod spec. */
export interface DnsValue {
  readonly dnsPolicy?: string;
  readonly dnsConfig?: { readonly nameservers?: readonly string[]; readonly searches?: readonly string[]; readonly options?: readonly { readonly name?: string }[] };
}

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARACTERS = 2048;

/** Checks dnsPolicy and dnsConfig (validateDNSPolicy, validatePodDNSConfig); that None needs nameservers is the caller's, across layers. */
export function validateDns(pod: DnsValue, path: Path, report: Report): void {
  if (pod.dnsPolicy !== undefined && !DNS_POLICIES.includes(pod.dnsPolicy)) report(at(path, 'dnsPolicy'), `received ${shown(pod.dnsPolicy)}, expected one of ${DNS_POLICIES.join(', ')} ${API_SERVER}`);
  const config = pod.dnsConfig;
  if (!config) return;
  const nameservers = config.nameservers ?? [];
  if (nameservers.length > MAX_NAMESERVERS) report(at(path, 'dnsConfig', 'nameservers'), `received ${nameservers.length} nameservers, expected at most ${MAX_NAMESERVERS} ${API_SERVER}`);
  nameservers.forEach((ip, index) => validateIp(ip, at(path, 'dnsConfig', 'nameservers', index), report));
  const searches = config.searches ?? [];
  if (searches.length > MAX_SEARCHES) report(at(path, 'dnsConfig', 'searches'), `received ${searches.length} search domains, expected at most ${MAX_SEARCHES} ${API_SERVER}`);
  if (searches.join(' ').length > MAX_SEARCH_CHARACTERS) report(at(path, 'dnsConfig', 'searches'), `received search domains of ${searches.join(' ').length} characters in all, expected at most ${MAX_SEARCH_CHARACTERS} ${API_SERVER}`);
  searches.forEach((domain, index) => {
    const problem = dnsSubdomainProblem(domain.replace(/\.$/, ''));
    if (problem) report(at(path, 'dnsConfig', 'searches', index), `received ${shown(domain)}, ${problem} ${API_SERVER}`);
  });
  config.options?.forEach((option, index) => {
    if (!option.name) report(at(path, 'dnsConfig', 'options', index, 'name'), `received no name, expected a resolver option name such as ndots ${API_SERVER}`);
  });
}

/** Checks hostAliases: each an IP address and DNS-1123 subdomain host names (validateHostAliases). */
export function validateHostAliases(aliases: readonly { readonly ip?: string; readonly hostnames?: readonly string[] }[], path: Path, report: Report): void {
  aliases.forEach((alias, index) => {
    validateIp(alias.ip ?? '', at(path, index, 'ip'), report);
    alias.hostnames?.forEach((hostname, hostIndex) => {
      const problem = dnsSubdomainProblem(hostname);
      if (problem) report(at(path, index, 'hostnames', hostIndex), `received ${shown(hostname)}, ${problem} ${API_SERVER}`);
    });
  });
}

/** Checks an IPv4 or IPv6 address. */
export function validateIp(ip: string, path: Path, report: Report): void {
  // node:net is loaded only here: most fleets set no host aliases, and it is slow to load.
  const { isIP } = require('node:net') as typeof import('node:net');
  if (isIP(ip) === 0) report(path, `received ${shown(ip)}, expected an IPv4 or IPv6 address ${API_SERVER}`);
}
