/**
 * Probes and lifecycle hooks as pkg/apis/core/validation (Kubernetes 1.28) checks them: validateProbe,
 * validateHandler and validateLifecycle, with ports as ValidatePortNumOrName sees them.
 */
import type { HttpGetActionProps, LifecycleHandlerProps, LifecycleProps, ProbeProps } from '../../pod/pod-props';
import { at, Path, Report, shown } from '../report';

const API_SERVER = '(the API server refuses it)';
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const HTTP_HEADER_NAME = /^[-!#$%&'*+.^_`|~0-9A-Za-z]+$/;
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket'] as const;
const PROBE_TIMINGS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;

/** Which probe: liveness and startup probes must pass once to count, readiness probes may need more. */
export type ProbeKind = 'startupProbe' | 'readinessProbe' | 'livenessProbe';

/** Why `name` is not an IANA service name (a named container port), or undefined. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return `is ${name.length} characters long, expected an IANA service name of at most 15 characters`;
  if (!IANA_SVC_NAME.test(name) || name.includes('--')) return 'expected an IANA service name: lowercase letters, digits and single "-", starting and ending with a letter or digit';
  if (!/[a-z]/.test(name)) return 'expected an IANA service name with at least one letter';
  return undefined;
}

/** Checks a port given as a number (1–65535) or as the name of a container port that exists. */
export function validatePortNumOrName(port: number | string, path: Path, report: Report, portNames?: ReadonlySet<string>): void {
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 1 || port > 65535) report(path, `received ${shown(port)}, expected a port from 1 to 65535 ${API_SERVER}`);
    return;
  }
  const problem = portNameProblem(port);
  if (problem) report(path, `received ${shown(port)}, which ${problem.startsWith('is') ? problem : `is not a port name: ${problem}`} ${API_SERVER}`);
  else if (portNames && !portNames.has(port)) {
    report(path, `received port name ${shown(port)}, expected the name of one of the container's ports${portNames.size ? ` (${[...portNames].join(', ')})` : ' (it names none)'}: the kubelet cannot resolve another name and the check always fails`);
  }
}

/** Checks a probe: one handler, timings not negative, the thresholds its kind allows. */
export function validateProbe(probe: ProbeProps, kind: ProbeKind, path: Path, report: Report, portNames?: ReadonlySet<string>): void {
  validateHandlers(probe, PROBE_HANDLERS, path, report, portNames);
  for (const field of PROBE_TIMINGS) {
    const value = probe[field];
    if (value !== undefined && value < 0) report(at(path, field), `received ${value}, expected a number that is not negative ${API_SERVER}`);
  }
  if (kind !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    report(at(path, 'successThreshold'), `received ${probe.successThreshold}, expected 1: a ${kind === 'livenessProbe' ? 'liveness' : 'startup'} probe passes on its first success ${API_SERVER}`);
  }
  if (probe.terminationGracePeriodSeconds !== undefined) {
    if (kind === 'readinessProbe') report(at(path, 'terminationGracePeriodSeconds'), `received ${probe.terminationGracePeriodSeconds}, expected none on a readiness probe: it never kills the container ${API_SERVER}`);
    else if (probe.terminationGracePeriodSeconds <= 0) report(at(path, 'terminationGracePeriodSeconds'), `received ${probe.terminationGracePeriodSeconds}, expected at least 1 ${API_SERVER}`);
  }
}

/** Checks postStart and preStop: each exactly one handler. */
export function validateLifecycle(lifecycle: LifecycleProps, path: Path, report: Report, portNames?: ReadonlySet<string>): void {
  for (const hook of ['postStart', 'preStop'] as const) {
    const handler = lifecycle[hook];
    if (handler) validateHandlers(handler, LIFECYCLE_HANDLERS, at(path, hook), report, portNames);
  }
}

function validateHandlers(handler: ProbeProps | LifecycleHandlerProps, allowed: readonly string[], path: Path, report: Report, portNames?: ReadonlySet<string>): void {
  const set = allowed.filter((name) => (handler as Record<string, unknown>)[name] !== undefined);
  if (set.length === 0) report(path, `received no handler, expected exactly one of ${allowed.join(', ')} ${API_SERVER}`);
  if (set.length > 1) report(path, `received ${set.join(' and ')}, expected exactly one handler of ${allowed.join(', ')} ${API_SERVER}`);
  const { exec, httpGet, tcpSocket } = handler;
  if (exec && !exec.command?.length) report(at(path, 'exec', 'command'), `received no command, expected the command to run ${API_SERVER}`);
  if (httpGet) validateHttpGet(httpGet, at(path, 'httpGet'), report, portNames);
  if (tcpSocket) validatePortNumOrName(tcpSocket.port, at(path, 'tcpSocket', 'port'), report, portNames);
  const grpc = (handler as ProbeProps).grpc;
  if (grpc) validatePortNumOrName(grpc.port, at(path, 'grpc', 'port'), report);
}

function validateHttpGet(httpGet: HttpGetActionProps, path: Path, report: Report, portNames?: ReadonlySet<string>): void {
  validatePortNumOrName(httpGet.port, at(path, 'port'), report, portNames);
  if (httpGet.path !== undefined && httpGet.path !== '' && !httpGet.path.startsWith('/')) {
    report(at(path, 'path'), `received ${shown(httpGet.path)}, expected an HTTP path starting with "/"`);
  }
  if (httpGet.scheme !== undefined && httpGet.scheme !== 'HTTP' && httpGet.scheme !== 'HTTPS') {
    report(at(path, 'scheme'), `received ${shown(httpGet.scheme)}, expected HTTP or HTTPS ${API_SERVER}`);
  }
  httpGet.httpHeaders?.forEach((header, index) => {
    if (!HTTP_HEADER_NAME.test(header.name)) report(at(path, 'httpHeaders', index, 'name'), `received ${shown(header.name)}, expected an HTTP header name (letters, digits and !#$%&'*+-.^_\`|~) ${API_SERVER}`);
  });
}
