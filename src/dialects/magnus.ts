/**
 * The Magnus dialect: a Magnus config whose executor is `k8s-job`, rendered as the Job
 * `magnus_extensions.executor.k8s_job` submits — with its bugs fixed: image_pull_policy is honoured
 * (Magnus always sends Always) and no `nvidia.com/gpu: "0"` limit is set when no GPU is asked for.
 */

import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { describeValue } from '../config/errors';
import { parseQuantity } from '../config/quantity';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { extendedResourceNameProblem } from '../config/names';
import { GpuVendor, ImagePullPolicy, IMAGE_PULL_POLICIES, Quantity, ResourceProps } from '../pod/pod-props';
import { Dialect, DialectInput, DialectOutput } from './dialect';
import { dropUndefined, ForeignDocument, MappingReader, Path, readTolerations, translateOneJob } from './foreign-values';

/** Magnus' defaults for the k8s-job executor. */
export const MAGNUS_DEFAULTS = {
  namespace: 'default',
  cpuLimit: '250m',
  memoryLimit: '1G',
  gpuVendor: 'nvidia.com/gpu',
  activeDeadlineSeconds: 7200,
  ttlSecondsAfterFinished: 60,
  imagePullPolicy: 'Always' as ImagePullPolicy,
  backoffLimit: 2,
} as const;

/** Magnus keeps Istio's sidecar out of its Job pods, which would otherwise never finish. */
export const ISTIO_INJECT_ANNOTATION = 'sidecar.istio.io/inject';

const TOP_LEVEL_KEYS = ['executor', 'run_log_store', 'catalog', 'secrets', 'experiment_tracker'];
const EXECUTOR_KEYS = ['type', 'config'];
const CONFIG_KEYS = [
  'config_path', 'docker_image', 'namespace', 'cpu_limit', 'memory_limit', 'gpu_limit', 'gpu_vendor', 'cpu_request',
  'memory_request', 'active_deadline_seconds', 'ttl_seconds_after_finished', 'image_pull_policy', 'secrets_from_k8s',
  'persistent_volumes', 'node_selector', 'tolerations', 'labels',
];
/** Keys of Magnus' BaseExecutor.Config, valid in every executor's config; they change no manifest. */
const BASE_EXECUTOR_KEYS = ['enable_parallel', 'placeholders'];
const GPU_VENDORS: Readonly<Record<string, GpuVendor>> = { 'nvidia.com/gpu': 'nvidia', 'amd.com/gpu': 'amd' };
const SECRET_FORM = '"EnvVar=SecretName:Key", such as DB_PASSWORD=db-credentials:password';

/** Reads a Magnus config with the k8s-job executor and translates it into a one-Job fleet. */
export const MAGNUS: Dialect = {
  name: 'magnus',
  summary: 'a Magnus config with executor type k8s-job (needs --name and --command)',
  translate(input: DialectInput): DialectOutput {
    return translateOneJob(input, {
      dialect: 'magnus',
      nameWhy: 'the Job name, which Magnus computes at run time (its run_id)',
      commandWhy: 'the command the Job runs, which Magnus builds at run time (magnus execute_single_node ... for one step)',
      read: readSettings,
      build: buildFleet,
    });
  },
};

/** The k8s-job executor config, with Magnus' defaults applied. */
interface MagnusSettings {
  readonly image: string;
  readonly namespace: string;
  readonly cpuLimit: Quantity;
  readonly memoryLimit: Quantity;
  readonly cpuRequest: Quantity;
  readonly memoryRequest: Quantity;
  readonly gpu: number;
  /** The extended resource the GPUs are asked for under, such as nvidia.com/gpu. */
  readonly gpuResource: string;
  readonly activeDeadlineSeconds: number;
  readonly ttlSecondsAfterFinished: number;
  readonly imagePullPolicy: ImagePullPolicy;
  readonly secretEnv: Record<string, string>;
  readonly persistentVolumeClaims: Record<string, string>;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  readonly labels: Record<string, string>;
}

function readSettings(doc: ForeignDocument): MagnusSettings | undefined {
  const root = doc.root('a Magnus config: a mapping with an executor of type k8s-job');
  if (!root) return undefined;
  root.knownKeys(TOP_LEVEL_KEYS, () => ' (run_log_store, catalog, secrets and experiment_tracker are read by Magnus in the pod, not rendered)');
  const executor = root.mapping('executor', { required: 'the executor block, with type: k8s-job and its config' });
  if (!executor) return undefined;
  executor.knownKeys(EXECUTOR_KEYS);
  executor.oneOf('type', ['k8s-job'], { required: 'expected type: k8s-job', why: 'this dialect renders the Job of the k8s-job executor' });
  const config = executor.mapping('config', { required: 'the k8s-job settings, with docker_image at least' });
  if (!config) return undefined;
  config.knownKeys([...CONFIG_KEYS, ...BASE_EXECUTOR_KEYS]);
  config.boolean('enable_parallel');
  config.mapping('placeholders');
  config.string('config_path', { expected: 'the path of a kubeconfig (accepted and ignored: it is not part of a manifest)' });
  const image = config.string('docker_image', { required: 'the image the Job runs, as Magnus requires', nonEmpty: true, expected: 'an image reference such as ghcr.io/example/pipeline:1.0.0' });
  const namespace = config.string('namespace', { nonEmpty: true, expected: 'a namespace name' });
  if (namespace !== undefined) doc.dnsLabel(namespace, config.at('namespace'));
  const resources = readResources(config);
  const gpuVendorName = readGpuVendor(config);
  const activeDeadlineSeconds = config.integer('active_deadline_seconds', { min: 1, digits: true });
  const ttlSecondsAfterFinished = config.integer('ttl_seconds_after_finished', { min: 0, digits: true });
  const imagePullPolicy = config.oneOf('image_pull_policy', IMAGE_PULL_POLICIES);
  const secretEnv = readSecrets(config);
  const persistentVolumeClaims = readVolumes(config);
  const nodeSelector = config.stringMap('node_selector', { what: 'a node label value (a string)' });
  if (nodeSelector) doc.labels(nodeSelector, config.at('node_selector'));
  const tolerations = readTolerations(config, 'tolerations', { seconds: [] });
  const labels = config.stringMap('labels', { what: 'a label value (a string)' }) ?? {};
  doc.labels(labels, config.at('labels'));
  if (image === undefined) return undefined;
  return {
    image,
    namespace: namespace ?? MAGNUS_DEFAULTS.namespace,
    ...resources,
    gpuResource: gpuVendorName ?? MAGNUS_DEFAULTS.gpuVendor,
    activeDeadlineSeconds: activeDeadlineSeconds ?? MAGNUS_DEFAULTS.activeDeadlineSeconds,
    ttlSecondsAfterFinished: ttlSecondsAfterFinished ?? MAGNUS_DEFAULTS.ttlSecondsAfterFinished,
    imagePullPolicy: imagePullPolicy ?? MAGNUS_DEFAULTS.imagePullPolicy,
    secretEnv,
    persistentVolumeClaims,
    nodeSelector,
    tolerations,
    labels,
  };
}

/** gpu_vendor: the extended resource a GPU device plugin serves, such as nvidia.com/gpu, amd.com/gpu or gpu.intel.com/i915. */
function readGpuVendor(config: MappingReader): string | undefined {
  const vendor = config.string('gpu_vendor', { nonEmpty: true, expected: 'an extended resource name such as nvidia.com/gpu' });
  if (vendor === undefined) return undefined;
  const known = Object.keys(GPU_VENDORS).find((name) => GPU_VENDORS[name] === vendor.toLowerCase());
  const problem = extendedResourceNameProblem(vendor);
  if (problem) {
    config.report('gpu_vendor', `received ${describeValue(vendor)}, ${problem}${known ? ` (did you mean ${JSON.stringify(known)}?)` : ''}; Magnus sets gpu_limit on this resource name as it is`);
    return undefined;
  }
  return vendor;
}

/** Limits, requests defaulting to the limits (as Magnus does), and GPUs. */
function readResources(config: MappingReader): Pick<MagnusSettings, 'cpuLimit' | 'memoryLimit' | 'cpuRequest' | 'memoryRequest' | 'gpu'> {
  const cpuLimit = config.quantity('cpu_limit') ?? MAGNUS_DEFAULTS.cpuLimit;
  const memoryLimit = config.quantity('memory_limit') ?? MAGNUS_DEFAULTS.memoryLimit;
  const cpuRequest = config.quantity('cpu_request') ?? cpuLimit;
  const memoryRequest = config.quantity('memory_request') ?? memoryLimit;
  for (const [request, limit, requestKey, limitKey] of [[cpuRequest, cpuLimit, 'cpu_request', 'cpu_limit'], [memoryRequest, memoryLimit, 'memory_request', 'memory_limit']] as const) {
    const [requested, limited] = [parseQuantity(request), parseQuantity(limit)];
    if (requested !== undefined && limited !== undefined && requested > limited) {
      const which = config.has(limitKey) ? limitKey : `${limitKey} (Magnus' default)`;
      config.report(requestKey, `received ${describeValue(request)}, above ${which} ${describeValue(limit)}, expected a request at most the limit (the API server refuses it)`);
    }
  }
  const gpu = config.integer('gpu_limit', { min: 0, digits: true, expected: 'a whole number of GPUs, 0 or more' }) ?? 0;
  return { cpuLimit, memoryLimit, cpuRequest, memoryRequest, gpu };
}

/**
 * secrets_from_k8s: `{EnvVar: "SecretName:Key"}` as Magnus reads it, or the `EnvVar=SecretName:Key` form its
 * documentation writes, one string or a list of them. Returns native secretEnv.
 */
function readSecrets(config: MappingReader): Record<string, string> {
  const key = 'secrets_from_k8s';
  const value = config.raw(key);
  const entries: { env: string; ref: string; path: Path; envPath: Path; form: 'map' | 'string' }[] = [];
  const fromString = (text: unknown, path: Path) => {
    const equals = typeof text === 'string' ? text.indexOf('=') : -1;
    if (typeof text !== 'string' || equals <= 0) {
      config.doc.report(path, `received ${describeValue(text)}, expected ${SECRET_FORM}`);
      return;
    }
    entries.push({ env: text.slice(0, equals), ref: text.slice(equals + 1), path, envPath: path, form: 'string' });
  };
  if (value === undefined) return {};
  if (typeof value === 'string') fromString(value, config.at(key));
  else if (Array.isArray(value)) value.forEach((item, index) => fromString(item, config.at(key).concat(index)));
  else if (typeof value === 'object') {
    for (const [env, ref] of Object.entries(value as Record<string, unknown>)) {
      const path = config.at(key).concat(env);
      if (typeof ref !== 'string') config.doc.report(path, `received ${describeValue(ref)}, expected "SecretName:Key", such as ${env}: db-credentials:password`);
      else entries.push({ env, ref, path, envPath: path, form: 'map' });
    }
  } else {
    config.report(key, `received ${describeValue(value)}, expected a mapping {EnvVar: "SecretName:Key"}, or ${SECRET_FORM} (one, or a list)`);
  }
  const secretEnv: Record<string, string> = {};
  for (const entry of entries) {
    const parts = entry.ref.split(':');
    const expected = entry.form === 'map' ? `"SecretName:Key" (a Secret's name, one colon, and the key), such as ${entry.env}: db-credentials:password` : SECRET_FORM;
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      config.doc.report(entry.path, `received ${describeValue(entry.form === 'map' ? entry.ref : `${entry.env}=${entry.ref}`)}, expected ${expected}`);
      continue;
    }
    const envOk = config.doc.envName(entry.env, entry.envPath, entry.form === 'map');
    if (!config.doc.secretRef(parts[0], parts[1], entry.path) || !envOk) continue;
    if (Object.hasOwn(secretEnv, entry.env)) {
      config.doc.report(entry.path, `variable ${entry.env} is set more than once in secrets_from_k8s, expected each variable once`, entry.form === 'map');
      continue;
    }
    Object.defineProperty(secretEnv, entry.env, { value: `${parts[0]}:${parts[1]}`, enumerable: true, writable: true, configurable: true });
  }
  return secretEnv;
}

/** persistent_volumes: `{claim_name: mount_path}`. */
function readVolumes(config: MappingReader): Record<string, string> {
  const volumes = config.mapping('persistent_volumes');
  if (!volumes) return {};
  const claims: Record<string, string> = {};
  const mounted = new Map<string, string>();
  for (const [claim, mountPath] of Object.entries(volumes.value)) {
    const path = volumes.at(claim);
    if (typeof mountPath !== 'string') {
      volumes.report(claim, `received ${describeValue(mountPath)}, expected the mount path of claim ${claim}, such as /mnt/data`);
      continue;
    }
    const claimOk = config.doc.subdomain(claim, path, true);
    if (!config.doc.absolutePath(mountPath, path) || !claimOk) continue;
    const normalized = mountPath.replace(/\/+$/, '') || '/';
    const other = mounted.get(normalized);
    if (other !== undefined) {
      volumes.report(claim, `received ${describeValue(mountPath)}, already the mount path of claim ${other}, expected each claim at its own path`);
      continue;
    }
    mounted.set(normalized, claim);
    claims[claim] = mountPath;
  }
  return claims;
}

function buildFleet(settings: MagnusSettings, name: string, command: string[]): WorkerFleetProps {
  return {
    namespace: settings.namespace,
    pools: [dropUndefined({
      name,
      image: settings.image,
      imagePullPolicy: settings.imagePullPolicy,
      // Magnus names the container after the run, like the Job.
      containerName: name,
      command,
      secretEnv: Object.keys(settings.secretEnv).length ? settings.secretEnv : undefined,
      resources: {
        cpu: settings.cpuRequest,
        memory: settings.memoryRequest,
        limits: { cpu: settings.cpuLimit, memory: settings.memoryLimit },
        ...gpuResources(settings),
      },
      persistentVolumeClaims: Object.keys(settings.persistentVolumeClaims).length ? settings.persistentVolumeClaims : undefined,
      nodeSelector: settings.nodeSelector,
      tolerations: settings.tolerations,
      // Magnus labels the pod with job_name: <run_id>, over the user's labels.
      labels: { ...settings.labels, job_name: name },
      annotations: { [ISTIO_INJECT_ANNOTATION]: 'false' },
      // Magnus writes its run log and catalog under the working directory unless they are pointed at a volume.
      securityContext: { readOnlyRootFilesystem: false },
      job: {
        name,
        workers: 1,
        completions: 1,
        backoffLimit: MAGNUS_DEFAULTS.backoffLimit,
        activeDeadlineSeconds: settings.activeDeadlineSeconds,
        ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
      },
    })],
  };
}

/** GPUs: the native GPU limit for the nvidia and amd device plugins, any other resource as an extended one. */
function gpuResources(settings: MagnusSettings): Partial<ResourceProps> {
  if (settings.gpu <= 0) return {};
  const vendor = Object.hasOwn(GPU_VENDORS, settings.gpuResource) ? GPU_VENDORS[settings.gpuResource] : undefined;
  return vendor ? { gpu: settings.gpu, gpuVendor: vendor } : { extended: { [settings.gpuResource]: settings.gpu } };
}
