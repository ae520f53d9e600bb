/**
 * The name rules of Kubernetes' apimachinery validation (k8s.io/apimachinery/pkg/util/validation),
 * as Kubernetes 1.28 applies them. Each function says why a value breaks the rule, or undefined.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;

/** Why `name` is not a DNS-1123 label of at most `max` characters (namespaces, container and volume names). */
export function dnsLabelProblem(name: string, max = DNS1123_LABEL_MAX): string | undefined {
  if (!DNS1123_LABEL.test(name)) return 'expected a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit';
  if (name.length > max) return `is ${name.length} characters long, expected at most ${max}`;
  return undefined;
}

/** Why `name` is not a DNS-1035 label (Service names): a DNS-1123 label that starts with a letter. */
export function dns1035LabelProblem(name: string): string | undefined {
  if (!DNS1035_LABEL.test(name)) return 'expected a DNS-1035 label: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit';
  if (name.length > DNS1123_LABEL_MAX) return `is ${name.length} characters long, expected at most ${DNS1123_LABEL_MAX}`;
  return undefined;
}

/** Why `name` is not a DNS-1123 subdomain (Secret, ConfigMap and most object names). */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (!DNS1123_SUBDOMAIN.test(name)) return 'expected a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit';
  if (name.length > DNS1123_SUBDOMAIN_MAX) return `is ${name.length} characters long, expected at most ${DNS1123_SUBDOMAIN_MAX}`;
  return undefined;
}

/** Why `key` is not a qualified name, `[prefix/]name` (label and annotation keys, toleration and selector keys, topology keys). */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && dnsSubdomainProblem(prefix)) return 'expected a key prefix that is a DNS-1123 subdomain, such as example.com/';
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'expected a key name of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a label value (empty, or a qualified name's name part). */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !QUALIFIED_NAME.test(value)) {
    return 'expected a label value of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `key` cannot be a key of a Secret or ConfigMap (IsConfigMapKey). */
export function secretKeyProblem(key: string): string | undefined {
  if (!CONFIG_MAP_KEY.test(key)) return 'expected a Secret key of letters, digits, "-", "_" or "."';
  if (key.length > DNS1123_SUBDOMAIN_MAX) return `is ${key.length} characters long, expected a Secret key of at most ${DNS1123_SUBDOMAIN_MAX}`;
  return relativePathProblem(key, 'Secret key');
}

/** Why `name` cannot be an environment variable name in Kubernetes 1.28 (IsEnvVarName). */
export function envNameProblem(name: string): string | undefined {
  if (name.includes('=')) return 'expected an environment variable name without "=": ASCII letters, digits, "_", "-" and ".", not starting with a digit';
  if (!ENV_VAR_NAME.test(name)) {
    return 'expected an environment variable name of ASCII letters, digits, "_", "-" and ".", not starting with a digit';
  }
  return relativePathProblem(name, 'environment variable name');
}

/** Names Kubernetes refuses because a path built from them would leave its directory. */
function relativePathProblem(name: string, what: string): string | undefined {
  if (name === '.' || name === '..') return `expected a ${what} other than "." and ".."`;
  if (name.startsWith('..')) return `expected a ${what} that does not start with ".."`;
  return undefined;
}
