/**
 * The checks of a component's pod options that are not the API server's field rules alone: references
 * (Secret keys, names of Secrets, service accounts, claims), the image, ports and serve probes. The config
 * path runs them on every layer and merged component; the constructs run them at synth on their props.
 */
import type { PoolServeProps } from '../constructs/worker-pool';
import { describeValue } from '../config/errors';
import { dnsLabelProblem, dnsSubdomainProblem } from '../config/names';
import { PodProps } from '../pod/pod-props';
import { validateDownwardField, validateEnvSources, validateSecretKeyRef } from './api-server/env';
import { validateMergedPod, validatePodLayer } from './api-server/pod';
import { ComponentContainer, validatePodModelReferences, validateServeProbes } from './api-server/pod-model';
import { Path, Report } from './report';

export function checkPodLayer(layer: PodProps, path: Path, report: Report): void {
  validatePodLayer(layer, path, report);
  checkEnv(layer, path, report);
  layer.imagePullSecrets?.forEach((name, index) => checkSubdomain(name, [...path, 'imagePullSecrets', index], report));
  layer.envFromSecrets?.forEach((name, index) => checkSubdomain(name, [...path, 'envFromSecrets', index], report));
  if (layer.serviceAccountName !== undefined) checkSubdomain(layer.serviceAccountName, [...path, 'serviceAccountName'], report);
  if (layer.priorityClassName !== undefined) checkSubdomain(layer.priorityClassName, [...path, 'priorityClassName'], report);
  if (layer.containerName !== undefined) checkDnsLabel(layer.containerName, [...path, 'containerName'], report);
  if (layer.persistentVolumeClaims) {
    for (const claim of Object.keys(layer.persistentVolumeClaims)) checkSubdomain(claim, [...path, 'persistentVolumeClaims', claim], report, true);
  }
}

export function checkEnv(layer: PodProps, path: Path, report: Report): void {
  if (layer.secretEnv) {
    for (const [name, ref] of Object.entries(layer.secretEnv)) validateSecretKeyRef(ref, [...path, 'secretEnv', name], report);
  }
  if (layer.downwardEnv) {
    for (const [name, fieldPath] of Object.entries(layer.downwardEnv)) validateDownwardField(fieldPath, [...path, 'downwardEnv', name], report);
  }
}

export { validateSecretKeyRef as checkSecretKeyRef };

export function checkEffectivePod(pod: PodProps, path: Path, report: Report, serve?: PoolServeProps): void {
  if (!pod.image) report(path, 'no image: expected image on the component, its pool, or defaults');
  validateMergedPod(pod, path, report);
  checkPorts(pod, path, report, serve);
}


export function checkPorts(pod: PodProps, path: Path, report: Report, serve?: PoolServeProps): void {
  if (!serve && !pod.ports?.length) return;
  const servePort = serve ? serve.port ?? 8000 : undefined;
  const ports = [...(servePort !== undefined ? [servePort] : []), ...(pod.ports ?? []).map((port) => (typeof port === 'number' ? port : port.containerPort))];
  pod.ports?.forEach((port) => {
    if (serve && typeof port === 'object' && port.name === 'http') report([...path, 'ports'], 'received a port named http, which is the serve port\'s name: expected another name (the API server refuses a port name twice in a container)');
  });
  if (ports.length > 1) {
    for (const port of new Set(ports.filter((port, index) => ports.indexOf(port) !== index))) {
      report([...path, 'ports'], `port ${port} is listed more than once in one container, expected each port once`);
    }
  }
  if (!serve) return;
  for (const probe of SERVE_PROBES) {
    const options = serve[probe];
    if (options === (true as unknown)) report([...path, probe], 'received true, expected false (no probe) or a mapping (path, port, …)');
    if (options && options.port !== undefined && !ports.includes(options.port)) {
      report([...path, probe, 'port'], `received ${options.port}, expected a port the container exposes: ${ports.join(', ')}`);
    }
    if (options && options.path !== undefined && !options.path.startsWith('/')) {
      report([...path, probe, 'path'], `received ${describeValue(options.path)}, expected an HTTP path starting with "/"`);
    }
  }
}

const SERVE_PROBES = ['readiness', 'liveness'] as const;

export function checkDnsLabel(name: string, path: Path, report: Report): void {
  const problem = dnsLabelProblem(name);
  if (problem) report(path, `received ${describeValue(name)}, ${problem}`);
}

export function checkSubdomain(name: string, path: Path, report: Report, onKey = false): void {
  const problem = dnsSubdomainProblem(name);
  if (problem) report(path, `received ${describeValue(name)}, ${problem}`, onKey);
}

/** Every check of one component's own props (a construct's, with no layers under it), at paths in those props. */
export function checkComponentProps(props: PodProps, report: Report, container: ComponentContainer, serve?: PoolServeProps): void {
  checkPodLayer(props, [], report);
  validateEnvSources([{ path: [], maps: props }], report);
  checkEffectivePod(props, [], report, serve);
  validatePodModelReferences(props, props, [], report, container);
  if (serve) validateServeProbes(serve, props, [], report);
}
