/** Ingress fields as pkg/apis/networking/validation (Kubernetes 1.28) checks them (ValidateIngressSpec, validateIngressTLS). */
import { INGRESS_PATH_TYPES, ServeIngressOptions } from '../../build/ingress';
import { at, Path, Report, shown } from '../report';
import { dnsSubdomainProblem } from './names';
import { validateAnnotationKeys } from './metadata';

const API_SERVER = '(the API server refuses it)';
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** Checks an Ingress: hosts, paths and their types, TLS Secrets and hosts, the class. */
export function validateIngress(ingress: ServeIngressOptions, path: Path, report: Report): void {
  if (ingress.host !== undefined && ingress.hosts !== undefined) {
    report(at(path, 'hosts'), 'received both host and hosts, expected one of them: host for one host, hosts for several');
  }
  if (ingress.host !== undefined) validateHost(ingress.host, at(path, 'host'), report);
  ingress.hosts?.forEach((host, index) => validateHost(host, at(path, 'hosts', index), report));
  ingress.paths?.forEach((entry, index) => validatePath(entry.path ?? '/', entry.pathType ?? 'Prefix', at(path, 'paths', index), report));
  ingress.tls?.forEach((entry, index) => {
    const tlsPath = at(path, 'tls', index);
    const problem = dnsSubdomainProblem(entry.secretName);
    if (problem) report(at(tlsPath, 'secretName'), `received ${shown(entry.secretName)}, ${problem} (the API server refuses it as a Secret name)`);
    entry.hosts?.forEach((host, hostIndex) => validateHost(host, at(tlsPath, 'hosts', hostIndex), report, 'a TLS host'));
  });
  if (ingress.ingressClassName !== undefined) {
    const problem = dnsSubdomainProblem(ingress.ingressClassName);
    if (problem) report(at(path, 'ingressClassName'), `received ${shown(ingress.ingressClassName)}, ${problem} ${API_SERVER}`);
    if (ingress.annotations && Object.hasOwn(ingress.annotations, INGRESS_CLASS_ANNOTATION)) {
      report(at(path, 'annotations', INGRESS_CLASS_ANNOTATION), `received the ${INGRESS_CLASS_ANNOTATION} annotation with ingressClassName, expected one of them: the API server refuses the annotation when the class field is set`, true);
    }
  }
  validateAnnotationKeys(ingress.annotations, at(path, 'annotations'), report);
}

/** A rule or TLS host: a DNS name, `*.` only as a whole first label, never an IP address. */
function validateHost(host: string, path: Path, report: Report, what = 'a host'): void {
  if (isIpAddress(host)) {
    report(path, `received ${shown(host)}, expected ${what} that is a DNS name, not an IP address ${API_SERVER}`);
    return;
  }
  const wildcard = host.includes('*');
  const name = wildcard && host.startsWith('*.') ? host.slice(2) : host;
  if (wildcard && (!host.startsWith('*.') || name.includes('*'))) {
    report(path, `received ${shown(host)}, expected a wildcard only as the whole first label, such as "*.example.com" ${API_SERVER}`);
    return;
  }
  const problem = dnsSubdomainProblem(name);
  if (problem) report(path, `received ${shown(host)}, expected ${what} that is a DNS name: ${problem.replace(/^expected /, '')} ${API_SERVER}`);
}

/** Exact and Prefix paths are absolute and canonical; an ImplementationSpecific path, when given, is absolute. */
function validatePath(value: string, pathType: string, path: Path, report: Report): void {
  if (!INGRESS_PATH_TYPES.includes(pathType as never)) {
    report(at(path, 'pathType'), `received ${shown(pathType)}, expected one of ${INGRESS_PATH_TYPES.join(', ')} ${API_SERVER}`);
    return;
  }
  if (pathType === 'ImplementationSpecific' && value === '') return;
  if (!value.startsWith('/')) {
    report(at(path, 'path'), `received ${shown(value)}, expected an absolute path starting with "/" ${API_SERVER}`);
    return;
  }
  if (pathType === 'ImplementationSpecific') return;
  const sequence = INVALID_PATH_SEQUENCES.find((bad) => value.includes(bad));
  if (sequence) report(at(path, 'path'), `received ${shown(value)}, expected ${pathType === 'Exact' ? 'an' : 'a'} ${pathType} path without ${shown(sequence)} ${API_SERVER}`);
  const suffix = INVALID_PATH_SUFFIXES.find((bad) => value.endsWith(bad));
  if (suffix) report(at(path, 'path'), `received ${shown(value)}, expected ${pathType === 'Exact' ? 'an' : 'a'} ${pathType} path not ending in ${shown(suffix)} ${API_SERVER}`);
}

function isIpAddress(host: string): boolean {
  const v4 = IPV4.exec(host);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255);
  return host.includes(':') && /^[0-9a-fA-F:.]+$/.test(host);
}
