/**
 * The runnable dialect: a runnable config whose `job-executor` is `k8s-job`, rendered as the Job
 * `extensions.job_executor.k8s.K8sJobExecutor` submits: its `jobSpec` (Kubernetes Job fields, camelCase
 * or snake_case as runnable's models take them), with runnable's defaults and its PVC for the run log
 * store and the catalog, under the restricted Pod Security profile.
 */

import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { describeValue } from '../config/errors';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { Quantity, ResourceProps } from '../pod/pod-props';
import { Dialect, DialectInput, DialectOutput } from './dialect';
import { dropUndefined, ForeignDocument, MappingReader, readTolerations, translateOneJob } from './foreign-values';

/** runnable's defaults for the k8s-job executor. */
export const RUNNABLE_DEFAULTS = {
  namespace: 'default',
  activeDeadlineSeconds: 2 * 60 * 60,
  backoffLimit: 6,
  ttlSecondsAfterFinished: 24 * 60 * 60,
  cpu: '250m',
  memory: '1Gi',
  serviceAccountName: 'default',
  containerName: 'default',
} as const;

/** Where runnable mounts its PVC when the run log store and the catalog are on the file system. */
export const RUN_LOG_MOUNT = '/tmp/run_logs/';
export const CATALOG_MOUNT = '/tmp/catalog/';

const TOP_LEVEL_KEYS = ['job-executor', 'run-log-store', 'catalog', 'secrets', 'pickler', 'pipeline-executor'];
const CONFIG_KEYS = ['pvc_claim_name', 'config_path', 'mock', 'namespace', 'schedule', 'jobSpec'];
const JOB_SPEC_KEYS = ['activeDeadlineSeconds', 'backoffLimit', 'selector', 'ttlSecondsAfterFinished', 'template'];
const TEMPLATE_KEYS = ['metadata', 'spec'];
const METADATA_KEYS = ['generateName', 'annotations', 'namespace'];
const POD_KEYS = ['activeDeadlineSeconds', 'nodeSelector', 'tolerations', 'volumes', 'serviceAccountName', 'restartPolicy', 'container'];
const CONTAINER_KEYS = ['image', 'env', 'imagePullPolicy', 'resources', 'volumeMounts'];
const FILE_SYSTEM_STORES = ['file-system', 'chunked-fs'];

/** Reads a runnable config with the k8s-job job executor and translates it into a one-Job fleet. */
export const RUNNABLE: Dialect = {
  name: 'runnable',
  summary: 'a runnable config with job-executor type k8s-job and its jobSpec (needs --name and --command)',
  translate(input: DialectInput): DialectOutput {
    return translateOneJob(input, {
      dialect: 'runnable',
      nameWhy: 'the Job name, which runnable sets to the run_id at run time',
      commandWhy: 'the command the Job runs, which runnable builds at run time for the job',
      read: readSettings,
      build: buildFleet,
    });
  },
};

interface RunnableSettings {
  readonly image: string;
  readonly namespace: string;
  readonly claim: string;
  readonly mounts: string[];
  readonly env?: Record<string, string>;
  readonly resources: ResourceProps;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  readonly serviceAccountName: string;
  readonly annotations?: Record<string, string>;
  readonly activeDeadlineSeconds: number;
  readonly backoffLimit: number;
  readonly ttlSecondsAfterFinished: number;
}

/** runnable's models take each key in camelCase or in snake_case: read both as the camelCase one. */
function camelKeys(reader: MappingReader): MappingReader {
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(reader.value)) value[key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())] = field;
  return new MappingReader(reader.doc, value, reader.path);
}

function nested(reader: MappingReader | undefined, key: string, known: readonly string[], required?: string): MappingReader | undefined {
  const found = reader?.mapping(key, { required });
  if (!found) return undefined;
  const camel = camelKeys(found);
  camel.knownKeys(known);
  return camel;
}

function readSettings(doc: ForeignDocument): RunnableSettings | undefined {
  const root = doc.root('a runnable config: a mapping with a job-executor of type k8s-job');
  if (!root) return undefined;
  root.knownKeys(TOP_LEVEL_KEYS);
  const executor = root.mapping('job-executor', { required: 'the job-executor block, with type: k8s-job and its config' });
  if (!executor) return undefined;
  executor.knownKeys(['type', 'config']);
  executor.oneOf('type', ['k8s-job'], {
    required: 'expected type: k8s-job',
    why: 'this dialect renders the Job of the k8s-job executor (mini-k8s-job mounts hostPath volumes, which the restricted Pod Security profile forbids)',
  });
  const config = executor.mapping('config', { required: 'the k8s-job settings: pvc_claim_name and jobSpec' });
  if (!config) return undefined;
  config.knownKeys(CONFIG_KEYS, (key) => (key === 'job_spec' ? null : undefined));
  const claim = config.string('pvc_claim_name', { required: 'the PersistentVolumeClaim that holds the run log store and the catalog, as runnable requires', nonEmpty: true, expected: 'a PersistentVolumeClaim name' });
  if (claim !== undefined) doc.subdomain(claim, config.at('pvc_claim_name'));
  config.string('config_path', { expected: 'the path of a kubeconfig (accepted: it is not part of a manifest)' });
  config.boolean('mock');
  if (config.has('schedule')) config.report('schedule', `received ${describeValue(config.raw('schedule'))}, expected no schedule: with one runnable submits a CronJob, which this toolkit does not render`);
  const namespace = config.string('namespace', { nonEmpty: true, expected: 'a namespace name' });
  if (namespace !== undefined) doc.dnsLabel(namespace, config.at('namespace'));
  const jobSpec = nested(camelKeys(config), 'jobSpec', JOB_SPEC_KEYS, 'the Kubernetes Job spec runnable submits, with template.spec.container.image at least');
  if (jobSpec?.has('selector')) jobSpec.report('selector', 'received a selector, expected none: the API server generates a Job\'s selector and refuses one that does not match its pods');
  const template = nested(jobSpec, 'template', TEMPLATE_KEYS, 'the pod template, with spec.container.image');
  const metadata = nested(template, 'metadata', METADATA_KEYS);
  metadata?.string('generateName', { expected: 'a name prefix (accepted: the Job is named after --name)' });
  const annotations = metadata?.stringMap('annotations', { what: 'an annotation value (a string)' });
  if (annotations && metadata) doc.labels(annotations, metadata.at('annotations'), { keysOnly: true });
  const pod = nested(template, 'spec', POD_KEYS, 'the pod spec, with container.image');
  if (pod?.has('restartPolicy')) pod.oneOf('restartPolicy', ['Never'], { why: 'a Job\'s pods are not restarted in place here: backoffLimit replaces failed pods' });
  if (pod?.has('volumes')) pod.report('volumes', 'received volumes, expected none: runnable mounts pvc_claim_name itself, and other volumes cannot be expressed here yet (hostPath is forbidden by the restricted Pod Security profile)');
  const podDeadline = pod?.integer('activeDeadlineSeconds', { min: 1 });
  const nodeSelector = pod?.stringMap('nodeSelector', { what: 'a node label value (a string)' });
  if (nodeSelector && pod) doc.labels(nodeSelector, pod.at('nodeSelector'));
  const tolerations = pod && readTolerations(pod, 'tolerations', { seconds: ['tolerationSeconds', 'toleration_seconds'] });
  const serviceAccountName = pod?.string('serviceAccountName', { nonEmpty: true, expected: 'a service account name' });
  if (serviceAccountName !== undefined && pod) doc.subdomain(serviceAccountName, pod.at('serviceAccountName'));
  const container = nested(pod, 'container', CONTAINER_KEYS, 'the container, with image');
  const image = container?.string('image', { required: 'the image of the job, as runnable requires', nonEmpty: true, expected: 'an image reference such as ghcr.io/example/project:1.0' });
  if (container?.has('imagePullPolicy')) container.oneOf('imagePullPolicy', ['Always', 'IfNotPresent', 'Never']);
  if (container?.has('volumeMounts')) container.report('volumeMounts', 'received volumeMounts, expected none: runnable mounts pvc_claim_name itself, and there are no other volumes to mount');
  const env = container && readEnv(container);
  const resources = readResources(nested(container, 'resources', ['limits', 'requests']));
  const jobDeadline = jobSpec?.integer('activeDeadlineSeconds', { min: 1 });
  const backoffLimit = jobSpec?.integer('backoffLimit', { min: 0 });
  const ttl = jobSpec?.integer('ttlSecondsAfterFinished', { min: 0 });
  if (image === undefined || claim === undefined) return undefined;
  return {
    image,
    namespace: namespace ?? RUNNABLE_DEFAULTS.namespace,
    claim,
    mounts: storeMounts(root),
    env,
    resources,
    nodeSelector,
    tolerations,
    serviceAccountName: serviceAccountName ?? RUNNABLE_DEFAULTS.serviceAccountName,
    annotations,
    // runnable sets both the Job's and the pod's deadline (two hours each by default): the shorter one ends the run.
    activeDeadlineSeconds: Math.min(jobDeadline ?? RUNNABLE_DEFAULTS.activeDeadlineSeconds, podDeadline ?? RUNNABLE_DEFAULTS.activeDeadlineSeconds),
    backoffLimit: backoffLimit ?? RUNNABLE_DEFAULTS.backoffLimit,
    ttlSecondsAfterFinished: ttl ?? RUNNABLE_DEFAULTS.ttlSecondsAfterFinished,
  };
}

/** env: a list of `{name, value}`. */
function readEnv(container: MappingReader): Record<string, string> | undefined {
  const items = container.list('env');
  if (!items) return undefined;
  const env: Record<string, string> = {};
  items.forEach((item, index) => {
    const entry = typeof item === 'object' && item !== null && !Array.isArray(item) ? new MappingReader(container.doc, item as Record<string, unknown>, container.at('env').concat(index)) : undefined;
    if (!entry) {
      container.doc.report(container.at('env').concat(index), `received ${describeValue(item)}, expected {name: VARIABLE, value: "text"}`);
      return;
    }
    entry.knownKeys(['name', 'value']);
    const name = entry.string('name', { required: 'the variable name', nonEmpty: true });
    const value = entry.string('value', { required: 'the value, a string', scalars: true });
    if (name !== undefined && container.doc.envName(name, entry.at('name'), false) && value !== undefined) env[name] = value;
  });
  return Object.keys(env).length ? env : undefined;
}

/** limits (runnable's defaults: cpu 250m, memory 1Gi) and optional requests; `gpu` is nvidia.com/gpu. */
function readResources(resources: MappingReader | undefined): ResourceProps {
  const limits = resources && nested(resources, 'limits', ['cpu', 'memory', 'gpu']);
  const requests = resources && nested(resources, 'requests', ['cpu', 'memory', 'gpu']);
  const limitCpu: Quantity = limits?.quantity('cpu') ?? RUNNABLE_DEFAULTS.cpu;
  const limitMemory: Quantity = limits?.quantity('memory') ?? RUNNABLE_DEFAULTS.memory;
  const gpu = limits?.integer('gpu', { min: 0, digits: true }) ?? 0;
  const requestGpu = requests?.integer('gpu', { min: 0, digits: true });
  if (requestGpu !== undefined && requestGpu !== gpu && requests) requests.report('gpu', `received ${requestGpu}, expected the same count as limits.gpu (${gpu}): the API server refuses a GPU request that differs from its limit`);
  return dropUndefined({
    cpu: requests ? requests.quantity('cpu') ?? RUNNABLE_DEFAULTS.cpu : undefined,
    memory: requests ? requests.quantity('memory') ?? RUNNABLE_DEFAULTS.memory : undefined,
    limits: { cpu: limitCpu, memory: limitMemory },
    ...(gpu > 0 ? { gpu, gpuVendor: 'nvidia' as const } : {}),
  });
}

/** The PVC is mounted where the run log store and the catalog write, when they are on the file system (runnable's default). */
function storeMounts(root: MappingReader): string[] {
  const typeOf = (key: string) => {
    const store = root.mapping(key);
    return store ? store.string('type') ?? 'file-system' : 'file-system';
  };
  return [
    ...(FILE_SYSTEM_STORES.includes(typeOf('run-log-store')) ? [RUN_LOG_MOUNT] : []),
    ...(typeOf('catalog') === 'file-system' ? [CATALOG_MOUNT] : []),
  ];
}

function buildFleet(settings: RunnableSettings, name: string, command: string[]): WorkerFleetProps {
  return {
    namespace: settings.namespace,
    pools: [dropUndefined({
      name,
      image: settings.image,
      // runnable's k8s-job always pulls: it sets Always whatever the config says.
      imagePullPolicy: 'Always' as const,
      containerName: RUNNABLE_DEFAULTS.containerName,
      command,
      env: settings.env,
      resources: settings.resources,
      serviceAccountName: settings.serviceAccountName,
      nodeSelector: settings.nodeSelector,
      tolerations: settings.tolerations,
      annotations: settings.annotations,
      // runnable's run log store and catalog are written under /tmp, on the claim; the rest of the filesystem may be written too.
      securityContext: { readOnlyRootFilesystem: false },
      job: {
        name,
        workers: 1,
        completions: 1,
        backoffLimit: settings.backoffLimit,
        activeDeadlineSeconds: settings.activeDeadlineSeconds,
        ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
      },
      ...claimMounts(settings),
    })],
  };
}

/**
 * The native persistentVolumeClaims mount each claim once; runnable mounts its one claim at both store
 * paths, so with both it is mounted at /tmp, which holds them both.
 */
function claimMounts(settings: RunnableSettings): { persistentVolumeClaims?: Record<string, string> } {
  if (!settings.mounts.length) return {};
  const path = settings.mounts.length === 1 ? settings.mounts[0].replace(/\/$/, '') : '/tmp';
  return { persistentVolumeClaims: { [settings.claim]: path } };
}
