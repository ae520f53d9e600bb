const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME = /^[^=]+$/;

/** Why `name` is not a DNS-1123 label of at most `max` characters, or undefined when it is one. */
export function dnsLabelProblem(name: string, max = 63): string | undefined {
  if (!DNS_LABEL.test(name)) return 'expected a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit';
  if (name.length > max) return `is ${name.length} characters long, expected at most ${max}`;
  return undefined;
}

/** Why `name` is not a DNS-1123 subdomain (Secret, ConfigMap and most object names). */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (!DNS_SUBDOMAIN.test(name)) return 'expected a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit';
  if (name.length > 253) return `is ${name.length} characters long, expected at most 253`;
  return undefined;
}

/** Why `key` is not a label or annotation key (`[prefix/]name`). */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && dnsSubdomainProblem(prefix)) return 'expected a key prefix that is a DNS-1123 subdomain, such as example.com/';
  if (name.length > 63 || !LABEL_NAME.test(name)) {
    return 'expected a key name of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a label value. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return 'expected a label value of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `key` cannot be a key of a Secret. */
export function secretKeyProblem(key: string): string | undefined {
  return SECRET_KEY.test(key) && key.length <= 253 ? undefined : 'expected a Secret key of letters, digits, "-", "_" or "."';
}

/** Why `name` cannot be an environment variable name. */
export function envNameProblem(name: string): string | undefined {
  return ENV_NAME.test(name) ? undefined : 'expected an environment variable name without "="';
}

/**
 * Why `name` cannot be an extended resource (the API server's IsExtendedResourceName): it must be
 * qualified with a domain outside kubernetes.io, and `requests.<name>` must be a qualified name.
 */
export function extendedResourceNameProblem(name: string): string | undefined {
  const expected = 'expected an extended resource name qualified by its device plugin\'s domain, such as vpc.amazonaws.com/efa or amd.com/gpu';
  if (!name.includes('/')) return `${expected}: a name without a domain is one of Kubernetes' own resources`;
  if (name.includes('kubernetes.io/') || name.startsWith('requests.')) return `${expected}: the kubernetes.io domain and the requests. prefix are Kubernetes' own`;
  if (labelKeyProblem(`requests.${name}`)) return `${expected} (a DNS-1123 subdomain, "/", and a name of at most 63 letters, digits, "-", "_" or ".")`;
  return undefined;
}
