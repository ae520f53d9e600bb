/**
 * The Metaflow dialect: the arguments of a `@kubernetes` step decorator, rendered as the Job Metaflow
 * creates for the step (`metaflow.plugins.kubernetes.kubernetes_job`), with Metaflow's own validation
 * and the restricted Pod Security profile on top.
 */

import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { describeValue, usageError } from '../config/errors';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { GpuVendor, ImagePullPolicy, IMAGE_PULL_POLICIES, ResourceProps, SecurityProps } from '../pod/pod-props';
import { Dialect, DialectInput, DialectOutput } from './dialect';
import { dropUndefined, ForeignDocument, MappingReader, Path, readTolerations, translateOneJob } from './foreign-values';
import { dnsLabelProblem, dnsSubdomainProblem, extendedResourceNameProblem, labelKeyProblem, labelValueProblem } from '../config/names';
import { DialectInput as Input } from './dialect';
import { MetaflowConfig } from './metaflow-config';

/** The parameters of `@kubernetes`, in Metaflow's order. */
export const METAFLOW_PARAMETERS = [
  'cpu', 'memory', 'disk', 'gpu', 'gpu_vendor', 'image', 'image_pull_policy', 'image_pull_secrets', 'service_account',
  'secrets', 'node_selector', 'tolerations', 'labels', 'annotations', 'namespace', 'persistent_volume_claims',
  'shared_memory', 'use_tmpfs', 'tmpfs_tempdir', 'tmpfs_size', 'tmpfs_path', 'port', 'compute_pool', 'qos',
  'security_context', 'hostname_resolution_timeout', 'executable', 'extended_resources',
] as const;

/** The arguments of `@timeout`, beside the `@kubernetes` ones. */
export const TIMEOUT_PARAMETERS = ['seconds', 'minutes', 'hours'] as const;

/** Metaflow's DEFAULT_RUNTIME_LIMIT: a step without `@timeout` may run five days. */
export const DEFAULT_RUNTIME_LIMIT = 5 * 24 * 60 * 60;

/** The labels Metaflow puts on every Job and pod it creates. */
export const METAFLOW_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': 'metaflow-task',
  'app.kubernetes.io/part-of': 'metaflow',
};

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
  readonly timeoutSeconds: number;
  readonly namespace: string;
  readonly resources: ResourceProps;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: string[];
  readonly serviceAccountName?: string;
  readonly secrets?: string[];
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly persistentVolumeClaims?: Record<string, string>;
  readonly sharedMemory?: number;
  readonly tmpfs?: { readonly path: string; readonly size: number; readonly tempdir: boolean };
  readonly port?: number;
  readonly securityContext: SecurityProps;
}

function readSettings(doc: ForeignDocument, input: Input): MetaflowSettings | undefined {
  const decorator = decoratorArguments(doc);
  if (!decorator) return undefined;
  const { args } = decorator;
  args.knownKeys(METAFLOW_PARAMETERS, (key) => (key === 'timeout' ? null : undefined));
  const configuration = MetaflowConfig.load(input.metaflowConfig, input.env ?? process.env);
  const timeoutSeconds = readTimeout(decorator.timeout);
  args.string('executable', { nonEmpty: true, expected: 'the Python interpreter of the image, such as /usr/local/bin/python3 (accepted: the command line comes from --command)' });
  const extended = readExtendedResources(args);
  const from = (key: string, setting: string, json = false) => fallback(args, configuration, key, setting, json);
  const cpu = positive(fromDefault(args, configuration, 'cpu', 'KUBERNETES_CPU', DEFAULTS.cpu), 'cpu', 'a number of CPUs greater than 0, such as 0.5 or 2 (a plain number, not a quantity like "500m")') ?? DEFAULTS.cpu;
  const memory = positive(fromDefault(args, configuration, 'memory', 'KUBERNETES_MEMORY', DEFAULTS.memory), 'memory', 'a number of megabytes greater than 0, such as 4096 (a plain number, not a quantity like "4Gi")') ?? DEFAULTS.memory;
  const disk = positive(fromDefault(args, configuration, 'disk', 'KUBERNETES_DISK', DEFAULTS.disk), 'disk', 'a number of megabytes greater than 0, such as 10240 (a plain number, not a quantity like "10Gi")') ?? DEFAULTS.disk;
  const gpu = readGpu(args);
  const gpuVendor = (from('gpu_vendor', 'KUBERNETES_GPU_VENDOR').oneOf('gpu_vendor', ['nvidia', 'amd'], { ignoreCase: true, why: 'Metaflow supports no other GPU vendor' }) ?? 'nvidia') as GpuVendor;
  const qos = readQos(from('qos', 'KUBERNETES_QOS'));
  const image = args.string('image', { nonEmpty: true, expected: 'an image reference such as python:3.12' }) ?? configuredImage(configuration);
  const imagePullPolicy = from('image_pull_policy', 'KUBERNETES_IMAGE_PULL_POLICY').oneOf('image_pull_policy', IMAGE_PULL_POLICIES);
  const imagePullSecrets = secretNames(from('image_pull_secrets', 'KUBERNETES_IMAGE_PULL_SECRETS', true), 'image_pull_secrets');
  const serviceAccountName = args.string('service_account', { nonEmpty: true, expected: 'a service account name' })
    ?? configuredName(configuration, 'KUBERNETES_SERVICE_ACCOUNT', 'a service account name', dnsSubdomainProblem);
  if (serviceAccountName !== undefined && args.has('service_account')) doc.subdomain(serviceAccountName, args.at('service_account'));
  const secrets = [...(secretNames(args, 'secrets') ?? []), ...configuredSecrets(configuration)];
  const nodeSelector = readNodeSelector(args.has('node_selector') ? args : configuredReader(configuration, 'KUBERNETES_NODE_SELECTOR', 'node_selector'), args);
  const tolerations = readTolerations(args, 'tolerations', { seconds: ['toleration_seconds', 'tolerationSeconds'] })
    ?? configuredTolerations(configuration);
  const decoratorLabels = args.stringMap('labels', { what: 'a label value (a string)' });
  if (decoratorLabels) doc.labels(decoratorLabels, args.at('labels'));
  // Metaflow's own labels win over the decorator's, which win over METAFLOW_KUBERNETES_LABELS.
  const labels = { ...configuredPairs(configuration, 'KUBERNETES_LABELS', false), ...decoratorLabels, ...METAFLOW_LABELS };
  const decoratorAnnotations = args.stringMap('annotations', { what: 'an annotation value (a string)' });
  if (decoratorAnnotations) doc.labels(decoratorAnnotations, args.at('annotations'), { keysOnly: true });
  // The decorator's annotations win over METAFLOW_KUBERNETES_ANNOTATIONS.
  const annotations = { ...configuredPairs(configuration, 'KUBERNETES_ANNOTATIONS', true), ...decoratorAnnotations };
  const namespace = args.string('namespace', { nonEmpty: true, expected: 'a namespace name' })
    ?? configuredName(configuration, 'KUBERNETES_NAMESPACE', 'a namespace name', dnsLabelProblem);
  if (namespace !== undefined && args.has('namespace')) doc.dnsLabel(namespace, args.at('namespace'));
  const persistentVolumeClaims = readClaims(from('persistent_volume_claims', 'KUBERNETES_PERSISTENT_VOLUME_CLAIMS', true));
  const sharedMemory = args.integer('shared_memory', { min: 1, expected: 'a whole number of MiB greater than 0 (Metaflow takes an integer here, not a string)' });
  const tmpfs = readTmpfs(args, memory);
  const port = args.integer('port', { min: 1, max: 65535 });
  const securityContext = readSecurityContext(args);
  args.integer('hostname_resolution_timeout', { min: 0, digits: true, expected: 'a whole number of seconds (accepted; it only matters with @parallel and changes no manifest)' });
  checkMountPaths(args, sharedMemory, tmpfs, persistentVolumeClaims);
  doc.throwProblems();
  configuration.throwProblems();
  if (image === undefined) {
    throw usageError(`${doc.file}: no image: the decorator sets none and neither METAFLOW_KUBERNETES_CONTAINER_IMAGE nor METAFLOW_DEFAULT_CONTAINER_IMAGE is configured (environment, or the Metaflow config file: $METAFLOW_HOME/config.json or --metaflow-config FILE); Metaflow would fall back to python:<the version of your Python>, which a manifest cannot know: expected image: such as python:3.12`);
  }
  return {
    image,
    timeoutSeconds,
    namespace: namespace ?? 'default',
    resources: { ...resourcesFor(qos, cpu, memory, disk, gpu, gpuVendor), ...(extended && Object.keys(extended).length ? { extended } : {}) },
    imagePullPolicy, imagePullSecrets, serviceAccountName, secrets: secrets.length ? [...new Set(secrets)] : undefined, nodeSelector, tolerations, labels, annotations,
    persistentVolumeClaims, sharedMemory, tmpfs, port, securityContext,
  };
}

/** The decorator arguments (the whole file, or its `kubernetes:` key) and the `@timeout` arguments (its `timeout:` key). */
function decoratorArguments(doc: ForeignDocument): { args: MappingReader; timeout?: MappingReader } | undefined {
  const root = doc.root('the arguments of @kubernetes as a mapping, such as {cpu: 2, memory: 8192, image: python:3.12}');
  if (!root) return undefined;
  const timeout = root.mapping('timeout');
  if (!Object.prototype.hasOwnProperty.call(root.value, 'kubernetes')) {
    const rest = Object.fromEntries(Object.entries(root.value).filter(([key]) => key !== 'timeout'));
    return { args: new MappingReader(doc, rest, []), timeout };
  }
  for (const key of Object.keys(root.value).filter((key) => key !== 'kubernetes' && key !== 'timeout')) {
    root.report(key, `unknown key ${JSON.stringify(key)} beside kubernetes:, expected every @kubernetes argument under kubernetes: (and @timeout's under timeout:)`, true);
  }
  const args = root.mapping('kubernetes', { required: 'the @kubernetes arguments, as a mapping' });
  return args && { args, timeout };
}

/** `@timeout(seconds, minutes, hours)`: their sum; Metaflow's five days without it. */
function readTimeout(timeout: MappingReader | undefined): number {
  if (!timeout) return DEFAULT_RUNTIME_LIMIT;
  timeout.knownKeys(TIMEOUT_PARAMETERS);
  const [seconds, minutes, hours] = TIMEOUT_PARAMETERS.map((key) => timeout.integer(key, { min: 0, digits: true, expected: `a whole number of ${key}, 0 or more` }) ?? 0);
  const total = hours * 3600 + minutes * 60 + seconds;
  if (total === 0) {
    timeout.doc.report(timeout.path, 'received a timeout of 0 seconds, expected seconds, minutes or hours adding up to more than 0 (Metaflow times the step out at once)');
  }
  return total || DEFAULT_RUNTIME_LIMIT;
}

/** extended_resources: `{resource: count}`, each an equal request and limit. */
function readExtendedResources(args: MappingReader): Record<string, number> | undefined {
  const resources = args.mapping('extended_resources');
  if (!resources) return undefined;
  const result: Record<string, number> = {};
  for (const name of Object.keys(resources.value)) {
    const problem = extendedResourceNameProblem(name);
    if (problem) resources.report(name, `received ${describeValue(name)}, ${problem} (the API server refuses any other)`, true);
    const count = resources.integer(name, { min: 0, digits: true, expected: 'a whole number, such as "1" (the API server refuses a fraction of an extended resource)' });
    if (!problem && count !== undefined) result[name] = count;
  }
  return result;
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
function readNodeSelector(source: MappingReader | undefined, args: MappingReader): Record<string, string> | undefined {
  const pool = args.string('compute_pool', { nonEmpty: true, expected: 'the name of a compute pool' });
  if (pool !== undefined) checkSelectorLabels(args, { [COMPUTE_POOL_LABEL]: pool }, args.at('compute_pool'), false);
  const selector = source && readSelector(source);
  return pool === undefined ? selector : { ...selector, [COMPUTE_POOL_LABEL]: pool };
}

/** A node selector: a mapping, or Metaflow's `"k=v,k2=v2"` string. */
function readSelector(args: MappingReader): Record<string, string> | undefined {
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
      // The pool name is the app.kubernetes.io/name label, which Metaflow sets to metaflow-task; the Job keeps its own name.
      name: METAFLOW_LABELS['app.kubernetes.io/name'],
      image: settings.image,
      containerName: stepContainerName(command),
      // Metaflow sets none unless asked: the API server then pulls :latest and untagged images Always.
      imagePullPolicy: settings.imagePullPolicy ?? null,
      terminationMessagePolicy: 'FallbackToLogsOnError' as const,
      imagePullSecrets: nonEmpty(settings.imagePullSecrets),
      command,
      env,
      downwardEnv: { ...METAFLOW_DOWNWARD_ENV },
      envFromSecrets: nonEmpty(settings.secrets),
      resources: settings.resources,
      serviceAccountName: settings.serviceAccountName,
      nodeSelector: settings.nodeSelector && Object.keys(settings.nodeSelector).length ? settings.nodeSelector : undefined,
      tolerations: nonEmpty(settings.tolerations),
      labels: settings.labels,
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
        activeDeadlineSeconds: settings.timeoutSeconds,
        ttlSecondsAfterFinished: TTL_SECONDS_AFTER_FINISHED,
      },
    })],
  };
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length ? list : undefined;
}

/** METAFLOW_KUBERNETES_CONTAINER_IMAGE, else METAFLOW_DEFAULT_CONTAINER_IMAGE, prefixed with METAFLOW_KUBERNETES_CONTAINER_REGISTRY when it names none. */
function configuredImage(configuration: MetaflowConfig): string | undefined {
  const expected = 'an image reference such as python:3.12';
  const image = configuration.string('KUBERNETES_CONTAINER_IMAGE', expected) ?? configuration.string('DEFAULT_CONTAINER_IMAGE', expected);
  if (!image) return undefined;
  const registry = configuration.string('KUBERNETES_CONTAINER_REGISTRY', 'a registry host such as ghcr.io/example')
    ?? configuration.string('DEFAULT_CONTAINER_REGISTRY', 'a registry host such as ghcr.io/example');
  return registry && !namesRegistry(image.value) ? `${registry.value.replace(/\/+$/, '')}/${image.value}` : image.value;
}

/** Whether an image reference starts with a registry host, as Metaflow's get_docker_registry decides. */
function namesRegistry(image: string): boolean {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/** A configured name, checked like the API server checks it. */
function configuredName(configuration: MetaflowConfig, name: string, expected: string, problemOf: (value: string) => string | undefined): string | undefined {
  const configured = configuration.string(name, expected);
  if (!configured) return undefined;
  const problem = problemOf(configured.value);
  if (problem) configuration.report(configured.setting, `received ${describeValue(configured.value)}, ${problem}`);
  return problem ? undefined : configured.value;
}

/** METAFLOW_KUBERNETES_SECRETS: comma-separated Secret names, added after the decorator's. */
function configuredSecrets(configuration: MetaflowConfig): string[] {
  const configured = configuration.string('KUBERNETES_SECRETS', 'Secret names separated by commas');
  const names = configured ? configured.value.split(',').map((name) => name.trim()).filter((name) => name) : [];
  for (const name of names) {
    const problem = dnsSubdomainProblem(name);
    if (problem && configured) configuration.report(configured.setting, `received Secret name ${describeValue(name)}, ${problem}`);
  }
  return names.filter((name) => !dnsSubdomainProblem(name));
}

/** A `"k=v,k2=v2"` setting as a reader of one key, for the decorator's own parser. */
function configuredReader(configuration: MetaflowConfig, name: string, key: string): MappingReader | undefined {
  const configured = configuration.string(name, 'key=value items separated by commas');
  if (!configured) return undefined;
  return configuration.valueReader(configured.setting, key, configured.value);
}

/** METAFLOW_KUBERNETES_TOLERATIONS: a JSON list of tolerations. */
function configuredTolerations(configuration: MetaflowConfig): k8s.Toleration[] | undefined {
  const reader = configuration.json('KUBERNETES_TOLERATIONS', 'a list of tolerations');
  return reader && readTolerations(reader, 'KUBERNETES_TOLERATIONS', { seconds: ['toleration_seconds', 'tolerationSeconds'] });
}

/** METAFLOW_KUBERNETES_LABELS or _ANNOTATIONS: `"k=v,k2=v2"`, checked as label keys (and values, for labels). */
function configuredPairs(configuration: MetaflowConfig, name: string, keysOnly: boolean): Record<string, string> {
  const configured = configuration.string(name, 'key=value items separated by commas');
  if (!configured) return {};
  const pairs: Record<string, string> = {};
  for (const item of configured.value.split(',').map((part) => part.trim()).filter((part) => part)) {
    const equals = item.indexOf('=');
    const [key, value] = equals < 0 ? [item, ''] : [item.slice(0, equals), item.slice(equals + 1)];
    const problem = labelKeyProblem(key) ?? (keysOnly ? undefined : labelValueProblem(value));
    if (problem) configuration.report(configured.setting, `received ${describeValue(item)}, ${problem}`);
    else pairs[key] = value;
  }
  return pairs;
}

/** Where a parameter comes from: the decorator when it sets it, else Metaflow's configuration (`json`: JSON text, as Metaflow json.loads it). */
function fallback(args: MappingReader, configuration: MetaflowConfig, key: string, setting: string, json = false): MappingReader {
  if (args.has(key)) return args;
  const reader = json ? configuration.json(setting, `the value of ${key}`, key) : configuredText(configuration, setting, key);
  return reader ?? args;
}

function configuredText(configuration: MetaflowConfig, setting: string, key: string): MappingReader | undefined {
  const configured = configuration.get(setting);
  return configured && configuration.valueReader(configured, key, configured.value);
}

/** cpu, memory, disk: Metaflow takes the configured value whenever the decorator's is the default. */
function fromDefault(args: MappingReader, configuration: MetaflowConfig, key: string, setting: string, byDefault: number): MappingReader {
  const own = args.raw(key);
  if (own !== undefined && Number(own) !== byDefault) return args;
  return configuredText(configuration, setting, key) ?? args;
}

/** Metaflow names the container after the step (`_` → `-`): the word after `step` in the command, when it makes a valid name. */
function stepContainerName(command: readonly string[]): string | undefined {
  const at = command.indexOf('step');
  const step = at >= 0 ? command[at + 1]?.replace(/_/g, '-') : undefined;
  return step !== undefined && !dnsLabelProblem(step) ? step : undefined;
}
