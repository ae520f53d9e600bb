/**
 * The Metaflow dialect: the arguments of a `@kubernetes` step decorator, rendered as the Job Metaflow
 * creates for the step (`metaflow.plugins.kubernetes.kubernetes_job`), with Metaflow's own validation
 * and the restricted Pod Security profile on top.
 */

import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { describeValue } from '../config/errors';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { GpuVendor, ImagePullPolicy, IMAGE_PULL_POLICIES, ResourceProps, SecurityProps } from '../pod/pod-props';
import { Dialect, DialectInput, DialectOutput } from './dialect';
import { dropUndefined, ForeignDocument, MappingReader, Path, readTolerations, translateOneJob } from './foreign-values';

/** The parameters of `@kubernetes`, in Metaflow's order. */
export const METAFLOW_PARAMETERS = [
  'cpu', 'memory', 'disk', 'gpu', 'gpu_vendor', 'image', 'image_pull_policy', 'image_pull_secrets', 'service_account',
  'secrets', 'node_selector', 'tolerations', 'labels', 'annotations', 'namespace', 'persistent_volume_claims',
  'shared_memory', 'use_tmpfs', 'tmpfs_tempdir', 'tmpfs_size', 'tmpfs_path', 'port', 'compute_pool', 'qos',
  'security_context', 'hostname_resolution_timeout',
] as const;

/** The downward-API variables Metaflow injects into every task container. */
export const METAFLOW_DOWNWARD_ENV: Readonly<Record<string, string>> = {
  METAFLOW_KUBERNETES_NAMESPACE: 'metadata.namespace',
  METAFLOW_KUBERNETES_POD_NAMESPACE: 'metadata.namespace',
  METAFLOW_KUBERNETES_POD_NAME: 'metadata.name',
  METAFLOW_KUBERNETES_POD_ID: 'metadata.uid',
  METAFLOW_KUBERNETES_SERVICE_ACCOUNT_NAME: 'spec.serviceAccountName',
  METAFLOW_KUBERNETES_NODE_IP: 'status.hostIP',
};

/** The node label compute_pool selects on. */
export const COMPUTE_POOL_LABEL = 'outerbounds.co/compute-pool';
/** Metaflow keeps a finished Job for a week. */
export const TTL_SECONDS_AFTER_FINISHED = 7 * 24 * 60 * 60;

const DEFAULTS = { cpu: 1, memory: 4096, disk: 10240, tmpfsPath: '/metaflow_temp' } as const;
const QOS_CLASSES = ['Guaranteed', 'Burstable'] as const;
const SECURITY_KEYS = ['privileged', 'allow_privilege_escalation', 'run_as_user', 'run_as_group', 'run_as_non_root'];
const SHARED_MEMORY_PATH = '/dev/shm';

/** Reads `@kubernetes` arguments and translates them into a one-Job fleet. */
export const METAFLOW: Dialect = {
  name: 'metaflow',
  summary: 'the arguments of a Metaflow @kubernetes decorator (needs --name and --command)',
  translate(input: DialectInput): DialectOutput {
    return translateOneJob(input, {
      dialect: 'metaflow',
      nameWhy: 'the Job name, which Metaflow generates at run time (generateName)',
      commandWhy: 'the command the Job runs, which Metaflow builds at run time for the step',
      read: readSettings,
      build: buildFleet,
    });
  },
};

interface MetaflowSettings {
  readonly image: string;
  readonly namespace: string;
  readonly resources: ResourceProps;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: string[];
  readonly serviceAccountName?: string;
  readonly secrets?: string[];
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly persistentVolumeClaims?: Record<string, string>;
  readonly sharedMemory?: number;
  readonly tmpfs?: { readonly path: string; readonly size: number; readonly tempdir: boolean };
  readonly port?: number;
  readonly securityContext: SecurityProps;
}

function readSettings(doc: ForeignDocument): MetaflowSettings | undefined {
  const args = decoratorArguments(doc);
  if (!args) return undefined;
  args.knownKeys(METAFLOW_PARAMETERS);
  const cpu = positive(args, 'cpu', 'a number of CPUs greater than 0, such as 0.5 or 2 (a plain number, not a quantity like "500m")') ?? DEFAULTS.cpu;
  const memory = positive(args, 'memory', 'a number of megabytes greater than 0, such as 4096 (a plain number, not a quantity like "4Gi")') ?? DEFAULTS.memory;
  const disk = positive(args, 'disk', 'a number of megabytes greater than 0, such as 10240 (a plain number, not a quantity like "10Gi")') ?? DEFAULTS.disk;
  const gpu = readGpu(args);
  const gpuVendor = (args.oneOf('gpu_vendor', ['nvidia', 'amd'], { ignoreCase: true, why: 'Metaflow supports no other GPU vendor' }) ?? 'nvidia') as GpuVendor;
  const qos = readQos(args);
  const image = args.string('image', {
    required: 'the task image; Metaflow falls back to METAFLOW_KUBERNETES_CONTAINER_IMAGE or python:<the version of your Python>, which a manifest cannot know',
    nonEmpty: true,
    expected: 'an image reference such as python:3.12',
  });
  const imagePullPolicy = args.oneOf('image_pull_policy', IMAGE_PULL_POLICIES);
  const imagePullSecrets = secretNames(args, 'image_pull_secrets');
  const serviceAccountName = args.string('service_account', { nonEmpty: true, expected: 'a service account name' });
  if (serviceAccountName !== undefined) doc.subdomain(serviceAccountName, args.at('service_account'));
  const secrets = secretNames(args, 'secrets');
  const nodeSelector = readNodeSelector(args);
  const tolerations = readTolerations(args, 'tolerations', { seconds: ['toleration_seconds', 'tolerationSeconds'] });
  const labels = args.stringMap('labels', { what: 'a label value (a string)' });
  if (labels) doc.labels(labels, args.at('labels'));
  const annotations = args.stringMap('annotations', { what: 'an annotation value (a string)' });
  if (annotations) doc.labels(annotations, args.at('annotations'), { keysOnly: true });
  const namespace = args.string('namespace', { nonEmpty: true, expected: 'a namespace name' });
  if (namespace !== undefined) doc.dnsLabel(namespace, args.at('namespace'));
  const persistentVolumeClaims = readClaims(args);
  const sharedMemory = args.integer('shared_memory', { min: 1, expected: 'a whole number of MiB greater than 0 (Metaflow takes an integer here, not a string)' });
  const tmpfs = readTmpfs(args, memory);
  const port = args.integer('port', { min: 1, max: 65535 });
  const securityContext = readSecurityContext(args);
  args.integer('hostname_resolution_timeout', { min: 0, digits: true, expected: 'a whole number of seconds (accepted; it only matters with @parallel and changes no manifest)' });
  checkMountPaths(args, sharedMemory, tmpfs, persistentVolumeClaims);
  if (image === undefined) return undefined;
  return {
    image,
    namespace: namespace ?? 'default',
    resources: resourcesFor(qos, cpu, memory, disk, gpu, gpuVendor),
    imagePullPolicy, imagePullSecrets, serviceAccountName, secrets, nodeSelector, tolerations, labels, annotations,
    persistentVolumeClaims, sharedMemory, tmpfs, port, securityContext,
  };
}

/** The decorator arguments: the whole file, or its `kubernetes:` key. */
function decoratorArguments(doc: ForeignDocument): MappingReader | undefined {
  const root = doc.root('the arguments of @kubernetes as a mapping, such as {cpu: 2, memory: 8192, image: python:3.12}');
  if (!root || !Object.prototype.hasOwnProperty.call(root.value, 'kubernetes')) return root;
  for (const key of Object.keys(root.value).filter((key) => key !== 'kubernetes')) {
    root.report(key, `unknown key ${JSON.stringify(key)} beside kubernetes:, expected every @kubernetes argument under kubernetes: (or none of them)`, true);
  }
  return root.mapping('kubernetes', { required: 'the @kubernetes arguments, as a mapping' });
}

/** cpu, memory, disk: numbers (or numeric strings) above 0, as Metaflow checks them. */
function positive(args: MappingReader, key: string, expected: string): number | undefined {
  return args.number(key, { above: 0, numeric: true, expected });
}

/** gpu: a whole number (Metaflow: `float(gpu).is_integer()`); 0 asks for none. */
function readGpu(args: MappingReader): number | undefined {
  const expected = 'a whole number of GPUs, 0 or more, such as 1';
  const gpu = args.number('gpu', { above: -1, numeric: true, expected });
  if (gpu === undefined) return undefined;
  if (!Number.isInteger(gpu)) {
    args.report('gpu', `received ${describeValue(args.raw('gpu'))}, expected ${expected}`);
    return undefined;
  }
  return gpu;
}

/** qos: Guaranteed or Burstable, any capitalisation; Burstable by default. */
function readQos(args: MappingReader): (typeof QOS_CLASSES)[number] {
  const value = args.raw('qos');
  if (typeof value === 'string' && value.toLowerCase() === 'besteffort') {
    args.report('qos', `received ${describeValue(value)}, expected one of: ${QOS_CLASSES.join(', ')} (any capitalisation); Metaflow's documentation lists BestEffort, but its code accepts only Guaranteed and Burstable and always requests cpu, memory and disk`);
    return 'Burstable';
  }
  return args.oneOf('qos', QOS_CLASSES, { ignoreCase: true }) ?? 'Burstable';
}

/** Requests for Burstable; requests and equal limits for Guaranteed; GPUs as limits. */
function resourcesFor(qos: (typeof QOS_CLASSES)[number], cpu: number, memory: number, disk: number, gpu: number | undefined, gpuVendor: GpuVendor): ResourceProps {
  const requests = { cpu: String(cpu), memory: `${memory}M`, ephemeralStorage: `${disk}M` };
  return {
    ...requests,
    ...(qos === 'Guaranteed' ? { limits: requests } : {}),
    // Metaflow writes `<vendor>.com/gpu: "0"` for gpu: 0; a zero limit asks for nothing, so none is written.
    ...(gpu ? { gpu, gpuVendor } : {}),
  };
}

/** image_pull_secrets and secrets: lists of Secret names (one name alone is taken as a list of one). */
function secretNames(args: MappingReader, key: string): string[] | undefined {
  const names = args.stringList(key, { single: true, what: 'Secret names' });
  names?.forEach((name, index) => args.doc.subdomain(name, Array.isArray(args.raw(key)) ? args.at(key).concat(index) : args.at(key)));
  return names;
}

/** node_selector: a mapping, or Metaflow's `"k=v,k2=v2"` string; compute_pool adds its label. */
function readNodeSelector(args: MappingReader): Record<string, string> | undefined {
  const raw = args.raw('node_selector');
  let selector: Record<string, string> | undefined;
  if (typeof raw === 'string') {
    selector = {};
    for (const item of raw.split(',').map((part) => part.trim())) {
      const equals = item.indexOf('=');
      if (equals <= 0) {
        args.report('node_selector', `received item ${describeValue(item)} in ${describeValue(raw)}, expected key=value items separated by commas, such as "kubernetes.io/os=linux,kubernetes.io/arch=amd64"`);
        continue;
      }
      const [key, value] = [item.slice(0, equals), item.slice(equals + 1)];
      if (key in selector) args.report('node_selector', `received key ${describeValue(key)} twice in ${describeValue(raw)}, expected each key once`);
      selector[key] = value;
    }
    checkSelectorLabels(args, selector, args.at('node_selector'), false);
  } else if (raw !== undefined) {
    selector = args.stringMap('node_selector', { what: 'a node label value (a string)' });
    if (selector) checkSelectorLabels(args, selector, args.at('node_selector'), true);
  }
  const pool = args.string('compute_pool', { nonEmpty: true, expected: 'the name of a compute pool' });
  if (pool !== undefined) {
    checkSelectorLabels(args, { [COMPUTE_POOL_LABEL]: pool }, args.at('compute_pool'), false);
    selector = { ...selector, [COMPUTE_POOL_LABEL]: pool };
  }
  return selector;
}

function checkSelectorLabels(args: MappingReader, selector: Record<string, string>, path: Path, perKey: boolean): void {
  args.doc.labels(selector, path, { atPath: !perKey });
}

/** persistent_volume_claims: `{claim: mount_path}`. */
function readClaims(args: MappingReader): Record<string, string> | undefined {
  const claims = args.mapping('persistent_volume_claims');
  if (!claims) return undefined;
  const result: Record<string, string> = {};
  for (const [claim, mountPath] of Object.entries(claims.value)) {
    if (typeof mountPath !== 'string') {
      claims.report(claim, `received ${describeValue(mountPath)}, expected the mount path of claim ${claim}, such as /mnt/data`);
      continue;
    }
    const claimOk = args.doc.subdomain(claim, claims.at(claim), true);
    if (args.doc.absolutePath(mountPath, claims.at(claim)) && claimOk) result[claim] = mountPath;
  }
  return result;
}

/** use_tmpfs / tmpfs_size / tmpfs_path / tmpfs_tempdir: a tmpfs is mounted when use_tmpfs or tmpfs_size is set. */
function readTmpfs(args: MappingReader, memory: number): MetaflowSettings['tmpfs'] {
  const use = args.boolean('use_tmpfs') ?? false;
  const tempdir = args.boolean('tmpfs_tempdir') ?? true;
  const size = args.integer('tmpfs_size', { min: 1, digits: true, expected: 'a whole number of MiB greater than 0' });
  const path = args.string('tmpfs_path', { nonEmpty: true, expected: 'an absolute path in the container' }) ?? DEFAULTS.tmpfsPath;
  if (args.has('tmpfs_path')) args.doc.absolutePath(path, args.at('tmpfs_path'));
  if (!use && !size) return undefined;
  // Metaflow's default is half the memory, as tmpfs itself does.
  return { path, size: size ?? Math.floor(memory / 2), tempdir };
}

/** security_context, snake_case as Metaflow takes it; what the restricted profile forbids is refused. */
function readSecurityContext(args: MappingReader): SecurityProps {
  const context = args.mapping('security_context');
  const security: SecurityProps = { readOnlyRootFilesystem: false };
  if (!context) return security;
  context.knownKeys(SECURITY_KEYS);
  const forbid = (key: string, received: unknown, why: string) =>
    context.report(key, `received ${describeValue(received)}, expected ${why}: the restricted Pod Security profile forbids it`);
  if (context.boolean('privileged') === true) forbid('privileged', true, 'false or unset (no privileged container)');
  if (context.boolean('allow_privilege_escalation') === true) forbid('allow_privilege_escalation', true, 'false or unset (no privilege escalation)');
  if (context.boolean('run_as_non_root') === false) forbid('run_as_non_root', false, 'true or unset (containers run as a non-root user)');
  const user = context.integer('run_as_user', { min: 0, expected: 'a user id, a whole number from 1' });
  if (user === 0) forbid('run_as_user', 0, 'a user id from 1 (user 0 is root)');
  const group = context.integer('run_as_group', { min: 0, expected: 'a group id, a whole number from 0' });
  return dropUndefined({ ...security, runAsUser: user || undefined, runAsGroup: group });
}

/** Two volumes at one path are refused by the API server; say which parameters collide. */
function checkMountPaths(args: MappingReader, sharedMemory: number | undefined, tmpfs: MetaflowSettings['tmpfs'], claims: Record<string, string> | undefined): void {
  const mounts: [string, Path, string][] = [];
  if (tmpfs) mounts.push([tmpfs.path, args.has('tmpfs_path') ? args.at('tmpfs_path') : args.at(args.has('use_tmpfs') ? 'use_tmpfs' : 'tmpfs_size'), 'tmpfs_path']);
  if (sharedMemory) mounts.push([SHARED_MEMORY_PATH, args.at('shared_memory'), 'shared_memory (/dev/shm)']);
  for (const [claim, path] of Object.entries(claims ?? {})) mounts.push([path, args.at('persistent_volume_claims').concat(claim), `persistent_volume_claims.${claim}`]);
  const seen = new Map<string, string>();
  for (const [mount, path, what] of mounts) {
    const normalized = mount.replace(/\/+$/, '') || '/';
    const first = seen.get(normalized);
    if (first !== undefined) args.doc.report(path, `received ${describeValue(mount)}, already mounted by ${first}, expected each volume at its own path`);
    else seen.set(normalized, what);
  }
}

function buildFleet(settings: MetaflowSettings, name: string, command: string[]): WorkerFleetProps {
  const env: Record<string, string> = { METAFLOW_KUBERNETES_WORKLOAD: '1' };
  if (settings.tmpfs?.tempdir) env.METAFLOW_TEMPDIR = settings.tmpfs.path;
  return {
    namespace: settings.namespace,
    pools: [dropUndefined({
      name,
      image: settings.image,
      imagePullPolicy: settings.imagePullPolicy,
      imagePullSecrets: nonEmpty(settings.imagePullSecrets),
      command,
      env,
      downwardEnv: { ...METAFLOW_DOWNWARD_ENV },
      envFromSecrets: nonEmpty(settings.secrets),
      resources: settings.resources,
      serviceAccountName: settings.serviceAccountName,
      nodeSelector: settings.nodeSelector && Object.keys(settings.nodeSelector).length ? settings.nodeSelector : undefined,
      tolerations: nonEmpty(settings.tolerations),
      labels: settings.labels && Object.keys(settings.labels).length ? settings.labels : undefined,
      annotations: settings.annotations && Object.keys(settings.annotations).length ? settings.annotations : undefined,
      persistentVolumeClaims: settings.persistentVolumeClaims && Object.keys(settings.persistentVolumeClaims).length ? settings.persistentVolumeClaims : undefined,
      sharedMemory: settings.sharedMemory ? `${settings.sharedMemory}Mi` : undefined,
      scratch: settings.tmpfs ? { path: settings.tmpfs.path, sizeLimit: `${settings.tmpfs.size}Mi`, medium: 'Memory' as const } : undefined,
      ports: settings.port ? [settings.port] : undefined,
      // Metaflow downloads the code package into the working directory and logs under it.
      securityContext: settings.securityContext,
      job: {
        name,
        workers: 1,
        completions: 1,
        backoffLimit: 0,
        ttlSecondsAfterFinished: TTL_SECONDS_AFTER_FINISHED,
      },
    })],
  };
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length ? list : undefined;
}
