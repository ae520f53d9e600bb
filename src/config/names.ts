import { labelKeyProblem } from '../checks/api-server/names';

export {
  dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem, envNameProblem, labelKeyProblem, labelValueProblem, secretKeyProblem,
} from '../checks/api-server/names';

/** Why `name` is not an extended resource name a device plugin could offer, or undefined when it is one. */
export function extendedResourceNameProblem(name: string): string | undefined {
  const expected = 'expected an extended resource name qualified by its device plugin\'s domain, such as vpc.amazonaws.com/efa or amd.com/gpu';
  if (!name.includes('/')) return `${expected}: a name without a domain is one of Kubernetes' own resources`;
  if (name.includes('kubernetes.io/') || name.startsWith('requests.')) return `${expected}: the kubernetes.io domain and the requests. prefix are Kubernetes' own`;
  if (labelKeyProblem(`requests.${name}`)) return `${expected} (a DNS-1123 subdomain, "/", and a name of at most 63 letters, digits, "-", "_" or ".")`;
  return undefined;
}
