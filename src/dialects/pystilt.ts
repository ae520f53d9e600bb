/**
 * The PYSTILT dialect: a PYSTILT project config (`config.yaml`) whose `execution:` block selects the
 * Kubernetes backend, and the project given as `--project` as `stilt run <project>` takes it, rendered
 * as the objects `stilt.service.kubernetes` builds (worker Job, follow Deployment with its KEDA
 * ScaledObject, serve Deployment) — with their bugs fixed: distinct names, no replica count on the
 * scaled Deployment, the real output location passed to the workers, a writable compute root under a
 * read-only root filesystem.
 */

import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { describeValue, usageError } from '../config/errors';
import { checkFleetConfig } from '../config/load';
import { QueueScalerOptions } from '../constructs/queue-scaler';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { PoolFollowProps, PoolServeProps, WorkerPoolProps } from '../constructs/worker-pool';
import { Dialect, DialectInput, DialectOutput } from './dialect';
import { PodSpecOptions, readPodSpec } from './pystilt-pod-spec';
import { didYouMean } from '../config/suggest';
import { checkNameFlag, dropUndefined, ForeignDocument, isMapping, MappingReader, readTolerations, rejectOtherFlags, withinEdits } from './foreign-values';

/** The env variable and Secret key PYSTILT reads its queue's database URL from. */
export const DB_URL_ENV = 'PYSTILT_DB_URL';
/** The Secret PYSTILT reads the database URL from by default. */
export const DEFAULT_DB_SECRET = 'pystilt-db';
/** PYSTILT's container name, in every object. */
export const CONTAINER_NAME = 'stilt-worker';
/** The query of PYSTILT's KEDA postgresql trigger (`POSTGRES_PENDING_SIMULATIONS_SQL`). */
export const PENDING_QUERY = "SELECT COUNT(*) FROM queue WHERE status = 'pending'";
/** Port of the serve Service: PYSTILT documents none (`stilt serve` is a follow worker), so the native default. */
export const SERVE_PORT = 8000;

const MAX_NAME = 63;
/** KEDA's webhook refuses a ScaledObject whose HPA name, keda-hpa-<follow>-scaler, is over 63 characters. */
const MAX_FOLLOW_NAME = MAX_NAME - 'keda-hpa-'.length - '-scaler'.length;
const FOLLOW_SUFFIX = '-follow';
const SERVE_SUFFIX = '-serve';
/** Keys this dialect read from config.yaml before `--project`; PYSTILT's own config model refuses them there. */
const LOCATION_KEYS = ['project', 'output_dir', 'compute_root'];
const TOP_LEVEL_KEYS = [...LOCATION_KEYS, 'execution'];
const EXECUTION_KEYS = ['backend', 'image', 'namespace', 'n_workers', 'db_secret', 'autoscale', 'keda_target_value', 'max_workers', 'serve'];
/** Pod-spec keys PYSTILT merges into the pod spec that the native config expresses. */
const POD_SPEC_KEYS = [
  'nodeSelector', 'tolerations', 'affinity', 'serviceAccountName', 'priorityClassName', 'imagePullSecrets',
  'terminationGracePeriodSeconds', 'automountServiceAccountToken', 'runtimeClassName', 'schedulerName', 'dnsPolicy',
  'dnsConfig', 'hostAliases', 'topologySpreadConstraints', 'volumes', 'initContainers', 'securityContext',
];
/** Kubernetes PodSpec fields (1.28) that the native pod model does not express. */
const INEXPRESSIBLE_POD_SPEC_KEYS = [
  'activeDeadlineSeconds', 'enableServiceLinks', 'ephemeralContainers', 'hostname', 'hostUsers', 'nodeName', 'os',
  'overhead', 'preemptionPolicy', 'priority', 'readinessGates', 'resourceClaims', 'schedulingGates', 'serviceAccount',
  'setHostnameAsFQDN', 'shareProcessNamespace', 'subdomain',
];
/** PodSpec fields the restricted Pod Security profile forbids turning on. */
const HOST_NAMESPACE_KEYS = ['hostNetwork', 'hostPID', 'hostIPC'];
/** PodSpec fields PYSTILT writes itself, which a merged key would replace. */
const PYSTILT_POD_SPEC_KEYS = ['containers', 'restartPolicy'];
/** Where a run with cloud output puts its compute root: `$TMPDIR/pystilt`, with the pod's TMPDIR /tmp. */
export const CLOUD_COMPUTE_ROOT = '/tmp/pystilt';
/** Where a run with local output puts its compute root, below the output directory. */
const LOCAL_COMPUTE_SUBDIR = 'simulations/by-id';

/** PYSTILT's `project_slug`: the last path segment of a path or URI, made DNS-safe; `project` when empty. */
export function projectSlug(project: string): string {
  let raw = project.replace(/\/+$/, '');
  const scheme = raw.indexOf('://');
  if (scheme >= 0) raw = raw.slice(scheme + 3);
  const parts = raw.split('/').filter((part) => part);
  const candidate = parts.length ? parts[parts.length - 1] : 'project';
  const slug = candidate.toLowerCase().replace(/_/g, '-').replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'project';
}

/** PYSTILT's `service_name`: `stilt-<slug>` cut to 63, without the trailing "-" the cut can leave (a PYSTILT bug). */
export function serviceName(project: string): string {
  return cutName(`stilt-${projectSlug(project)}`, MAX_NAME);
}

function cutName(name: string, max: number): string {
  return name.slice(0, max).replace(/-+$/, '');
}

/** Reads a PYSTILT project config and translates its Kubernetes execution settings into a fleet. */
export const PYSTILT: Dialect = {
  name: 'pystilt',
  summary: 'a PYSTILT config.yaml with execution.backend: kubernetes, and --project (worker Job, autoscaled follow workers, serve)',
  translate(input: DialectInput): DialectOutput {
    rejectOtherFlags(input, 'pystilt');
    if (input.command !== undefined) {
      throw usageError('--command is not used with --dialect pystilt: PYSTILT computes its commands (stilt pull-worker <project> for the Job and the follow workers, stilt serve <project> for serve), expected no --command');
    }
    if (input.name !== undefined) checkNameFlag(input.name);
    checkLocationFlags(input);
    const doc = ForeignDocument.read(input.file);
    const settings = readSettings(doc, input);
    doc.throwProblems();
    if (!settings) throw new Error('pystilt: settings unreadable without a reported problem');
    const fleet = buildFleet(settings, input.name);
    return { fleet: checkFleetConfig(fleet, input.file, doc.source), warnings: settings.warnings };
  },
};

/** What the project config says about running on Kubernetes. */
interface PystiltSettings {
  readonly project: string;
  readonly outputDir: string;
  readonly computeRoot: string;
  /** Whether the compute root is a pod-local directory (given, or `$TMPDIR/pystilt` for cloud output) rather than below a local output. */
  readonly podLocalComputeRoot: boolean;
  readonly image: string;
  readonly namespace: string;
  readonly workers: number;
  readonly dbSecret: string;
  readonly autoscale: boolean;
  readonly targetValue: number;
  readonly maxWorkers: number;
  readonly serve: boolean;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  readonly affinity?: k8s.Affinity;
  readonly serviceAccountName?: string;
  readonly priorityClassName?: string;
  readonly imagePullSecrets?: string[];
  readonly terminationGraceSeconds?: number;
  readonly automountServiceAccountToken?: boolean;
  readonly pod?: PodSpecOptions;
  readonly warnings: string[];
}

/** --project, --output-dir, --compute-root: non-empty, and the compute root an absolute directory. */
function checkLocationFlags(input: DialectInput): void {
  for (const [flag, value] of [['--project', input.project], ['--output-dir', input.outputDir], ['--compute-root', input.computeRoot]] as const) {
    if (value !== undefined && !value.trim()) throw usageError(`${flag}: received an empty string, expected ${flag === '--compute-root' ? 'an absolute directory in the pod, such as /tmp/pystilt' : 'a path or an s3:// or gs:// URI'}`);
  }
  const problem = input.computeRoot === undefined ? undefined : computeRootProblem(input.computeRoot);
  if (problem) throw usageError(`--compute-root: received ${describeValue(input.computeRoot)}, ${problem}`);
}

function computeRootProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'expected an absolute path in the container, starting with "/"';
  if (path.split('/').includes('..')) return 'expected a path without ".."';
  if (path.replace(/\/+$/, '') === '') return 'expected a directory below "/", such as /tmp/pystilt (a scratch volume is mounted there)';
  return undefined;
}

/** Whether PYSTILT treats a location as object storage. */
function isCloud(location: string): boolean {
  return location.startsWith('s3://') || location.startsWith('gs://');
}

/** A location from its flag or, in this dialect's older form, its config.yaml key; never both. */
function readLocation(root: MappingReader, key: string, flag: string, value: string | undefined, expected: string): string | undefined {
  if (!root.has(key)) return value;
  const fromFile = root.string(key, { nonEmpty: true, expected });
  if (value !== undefined && fromFile !== undefined) {
    root.report(key, `received ${describeValue(fromFile)} here and ${describeValue(value)} from ${flag}, expected one of them (${flag} is PYSTILT's own way: its config model refuses a ${key} key)`, true);
  }
  return fromFile;
}

function readSettings(doc: ForeignDocument, input: DialectInput): PystiltSettings | undefined {
  const root = doc.root('a PYSTILT project config: a mapping with an execution block');
  if (!root) return undefined;
  checkTopLevelKeys(root);
  const project = readLocation(root, 'project', '--project', input.project, 'a project path or an s3:// or gs:// URI');
  if (project === undefined && !root.has('project')) {
    throw usageError(`--project is required with --dialect pystilt: the project path or s3:// / gs:// URI, as \`stilt run <project>\` takes it (config.yaml has no project key), such as --project gs://my-bucket/my_project`);
  }
  const outputDir = readLocation(root, 'output_dir', '--output-dir', input.outputDir, 'a path or URI (usually s3:// or gs://) every pod can reach');
  const computeRoot = readLocation(root, 'compute_root', '--compute-root', input.computeRoot, 'an absolute path in the pod, such as /tmp/pystilt');
  if (computeRoot !== undefined && root.has('compute_root')) {
    const problem = computeRootProblem(computeRoot);
    if (problem) root.report('compute_root', `received ${describeValue(computeRoot)}, ${problem}`);
  }
  const execution = root.mapping('execution', { required: 'the execution block, with backend: kubernetes and the worker image' });
  if (!execution) return undefined;
  checkPodSpecKeys(execution);
  execution.oneOf('backend', ['kubernetes'], {
    required: 'expected backend: kubernetes (without it PYSTILT runs locally, which needs no manifests)',
    why: 'this dialect renders the Kubernetes backend; local and slurm runs need no manifests',
  });
  const image = execution.string('image', { required: 'the worker image with PYSTILT installed, as PYSTILT requires', nonEmpty: true, expected: 'an image reference such as ghcr.io/example/pystilt-worker:1.0.0' });
  const namespace = execution.string('namespace', { nonEmpty: true, expected: 'a namespace name' });
  if (namespace !== undefined) doc.dnsLabel(namespace, execution.at('namespace'));
  const workers = execution.integer('n_workers', { min: 1 });
  const dbSecret = readDbSecret(execution);
  const autoscale = execution.boolean('autoscale') ?? false;
  const targetValue = execution.number('keda_target_value', { above: 0, expected: 'a number of pending simulations per worker greater than 0' });
  const maxWorkers = execution.integer('max_workers', { min: 1 });
  const serve = execution.boolean('serve') ?? false;
  const warnings: string[] = [];
  if (!autoscale) {
    const unused = ['keda_target_value', 'max_workers'].filter((key) => execution.has(key));
    if (unused.length) warnings.push(`${doc.file}: execution.${unused.join(' and execution.')} only matter with execution.autoscale: true; nothing is autoscaled`);
  }
  if (autoscale && dbSecret === '') {
    execution.report('autoscale', 'received true with no db_secret, expected a db_secret: the KEDA postgresql trigger reads the queue\'s connection string from it');
  }
  const pod = readPodSpecKeys(doc, execution);
  if (project === undefined || image === undefined) return undefined;
  const output = outputDir ?? project;
  const cloudOutput = isCloud(output);
  if (!cloudOutput) {
    warnings.push(`${doc.file}: the output ${JSON.stringify(output)} is a path inside each pod, whose root filesystem is read-only and lost with the pod: expected an s3:// or gs:// output (--output-dir), as PYSTILT recommends on Kubernetes`);
  }
  return {
    project,
    outputDir: output,
    computeRoot: computeRoot ?? (cloudOutput ? CLOUD_COMPUTE_ROOT : `${output.replace(/\/+$/, '')}/${LOCAL_COMPUTE_SUBDIR}`),
    podLocalComputeRoot: computeRoot !== undefined || cloudOutput,
    image,
    namespace: namespace ?? 'default',
    workers: workers ?? 1,
    dbSecret: dbSecret ?? DEFAULT_DB_SECRET,
    autoscale,
    targetValue: targetValue ?? 10,
    maxWorkers: maxWorkers ?? 50,
    serve,
    ...pod,
    warnings,
  };
}

/** Unknown top-level keys are the rest of the project config, except those that look meant for Kubernetes or misspelt. */
function checkTopLevelKeys(root: MappingReader): void {
  for (const key of Object.keys(root.value)) {
    if (TOP_LEVEL_KEYS.includes(key)) continue;
    if (EXECUTION_KEYS.includes(key) || POD_SPEC_KEYS.includes(key)) {
      root.report(key, `${JSON.stringify(key)} is an execution setting, expected it under execution:`, true);
      continue;
    }
    // Only near-certain typos: the rest of the project config has keys such as `projection`.
    const near = TOP_LEVEL_KEYS.find((candidate) => withinEdits(key, candidate, 2));
    if (near !== undefined) root.report(key, `unknown key ${JSON.stringify(key)} (did you mean ${JSON.stringify(near)}?), expected one of: ${TOP_LEVEL_KEYS.join(', ')} beside the rest of the project config`, true);
  }
}

/** db_secret: a Secret name; an empty string or null means no database env, as in PYSTILT. */
function readDbSecret(execution: MappingReader): string | undefined {
  if (Object.prototype.hasOwnProperty.call(execution.value, 'db_secret') && execution.value.db_secret === null) return '';
  const secret = execution.string('db_secret', { expected: 'the name of the Secret holding PYSTILT_DB_URL, or "" for none' });
  if (secret) execution.doc.subdomain(secret, execution.at('db_secret'));
  return secret;
}

/** The pod-spec keys PYSTILT merges into the pod spec, as far as the native config expresses them. */
function readPodSpecKeys(doc: ForeignDocument, execution: MappingReader): Partial<PystiltSettings> {
  const nodeSelector = execution.stringMap('nodeSelector', { what: 'a node label value (a string)' });
  if (nodeSelector) doc.labels(nodeSelector, execution.at('nodeSelector'));
  const tolerations = readTolerations(execution, 'tolerations', { seconds: ['tolerationSeconds'] });
  let affinity: k8s.Affinity | undefined;
  if (execution.has('affinity')) {
    const value = execution.raw('affinity');
    if (!isMapping(value)) execution.report('affinity', `received ${describeValue(value)}, expected a Kubernetes Affinity mapping (nodeAffinity, podAffinity, podAntiAffinity)`);
    else if (doc.fitsNative(value, execution.at('affinity'), 'affinity')) affinity = value as k8s.Affinity;
  }
  const serviceAccountName = execution.string('serviceAccountName', { nonEmpty: true, expected: 'a service account name' });
  if (serviceAccountName !== undefined) doc.subdomain(serviceAccountName, execution.at('serviceAccountName'));
  const priorityClassName = execution.string('priorityClassName', { nonEmpty: true, expected: 'a PriorityClass name' });
  if (priorityClassName !== undefined) doc.subdomain(priorityClassName, execution.at('priorityClassName'));
  const terminationGraceSeconds = execution.integer('terminationGracePeriodSeconds', { min: 0, expected: 'a whole number of seconds, 0 or more' });
  const automountServiceAccountToken = execution.boolean('automountServiceAccountToken');
  return {
    nodeSelector, tolerations, affinity, serviceAccountName, priorityClassName, imagePullSecrets: readPullSecrets(execution),
    terminationGraceSeconds, automountServiceAccountToken, pod: readPodSpec(execution),
  };
}

/**
 * PYSTILT merges every execution key it does not read into the pod spec: each is translated, or refused
 * with the reason — never dropped.
 */
function checkPodSpecKeys(execution: MappingReader): void {
  const expressible = [...EXECUTION_KEYS, ...POD_SPEC_KEYS];
  for (const key of Object.keys(execution.value)) {
    if (expressible.includes(key)) continue;
    let why: string;
    if (INEXPRESSIBLE_POD_SPEC_KEYS.includes(key)) {
      why = `PYSTILT merges it into the pod spec, but the native pod model has no pod-spec key ${JSON.stringify(key)}`;
    } else if (HOST_NAMESPACE_KEYS.includes(key)) {
      why = `PYSTILT merges it into the pod spec, but the restricted Pod Security profile forbids sharing the node's ${key.slice(4)} namespace`;
    } else if (PYSTILT_POD_SPEC_KEYS.includes(key)) {
      why = `PYSTILT merges it into the pod spec, where it would replace the ${key === 'containers' ? 'stilt-worker container' : 'restart policy'} PYSTILT writes itself`;
    } else {
      why = `it is neither a PYSTILT execution setting nor a Kubernetes pod-spec field${didYouMean(key, [...expressible, ...INEXPRESSIBLE_POD_SPEC_KEYS])}: PYSTILT would merge it into the pod spec and the API server would refuse the Job`;
    }
    execution.report(key, `unknown key ${JSON.stringify(key)}: ${why}; expected the execution settings ${EXECUTION_KEYS.join(', ')} or the pod-spec keys ${POD_SPEC_KEYS.join(', ')}`, true);
  }
}

/** imagePullSecrets as a pod spec has them (`[{name: x}]`), or plain names. */
function readPullSecrets(execution: MappingReader): string[] | undefined {
  const items = execution.list('imagePullSecrets');
  if (!items) return undefined;
  const names: string[] = [];
  items.forEach((item, index) => {
    const path = execution.at('imagePullSecrets').concat(index);
    const name = isMapping(item) && Object.keys(item).length === 1 ? item.name : item;
    if (typeof name !== 'string' || !name) {
      execution.doc.report(path, `received ${describeValue(item)}, expected {name: <secret>} or a Secret name`);
    } else if (execution.doc.subdomain(name, isMapping(item) ? path.concat('name') : path)) {
      names.push(name);
    }
  });
  return names;
}

function buildFleet(settings: PystiltSettings, nameFlag: string | undefined): WorkerFleetProps {
  const names = objectNames(settings, nameFlag);
  // As Model.run passes them to every worker, with the real output location (PYSTILT passes a local temp
  // directory of the submitting machine when the output is in object storage).
  const tail = ['--output-dir', settings.outputDir, '--compute-root', settings.computeRoot];
  const pool: WorkerPoolProps = dropUndefined({
    name: names.pool,
    image: settings.image,
    // PYSTILT sets none: the API server then pulls :latest and untagged images Always.
    imagePullPolicy: null,
    containerName: CONTAINER_NAME,
    secretEnv: settings.dbSecret ? { [DB_URL_ENV]: `${settings.dbSecret}:${DB_URL_ENV}` } : undefined,
    // Python's tempfile (PYSTILT stages cloud projects and configs with it) follows TMPDIR onto the scratch volume.
    env: settings.podLocalComputeRoot ? { TMPDIR: settings.computeRoot } : undefined,
    scratch: { path: settings.podLocalComputeRoot ? settings.computeRoot : '/tmp' },
    terminationGraceSeconds: settings.terminationGraceSeconds,
    automountServiceAccountToken: settings.automountServiceAccountToken,
    nodeSelector: settings.nodeSelector,
    tolerations: settings.tolerations,
    affinity: settings.affinity,
    serviceAccountName: settings.serviceAccountName,
    priorityClassName: settings.priorityClassName,
    imagePullSecrets: settings.imagePullSecrets,
    ...settings.pod,
    job: {
      name: names.job,
      workers: settings.workers,
      completions: settings.workers,
      // PYSTILT sets no backoffLimit, so its Job gets the Kubernetes default.
      backoffLimit: 6,
      command: ['stilt', 'pull-worker', settings.project, ...tail],
    },
    follow: settings.autoscale ? followComponent(settings, names.follow, tail) : undefined,
    serve: settings.serve ? serveComponent(settings, names.serve, tail) : undefined,
  });
  return { namespace: settings.namespace, pools: [pool] };
}

function followComponent(settings: PystiltSettings, name: string, tail: string[]): PoolFollowProps {
  const autoscale: QueueScalerOptions = {
    minReplicas: 0,
    maxReplicas: settings.maxWorkers,
    triggers: [{
      type: 'postgresql',
      metadata: { query: PENDING_QUERY, targetQueryValue: String(settings.targetValue) },
      secretAuth: { connection: `${settings.dbSecret}:${DB_URL_ENV}` },
    }],
  };
  return { name, command: ['stilt', 'pull-worker', settings.project, '--follow', ...tail], autoscale };
}

function serveComponent(settings: PystiltSettings, name: string, tail: string[]): PoolServeProps {
  // `stilt serve` is a long-lived queue worker that listens on no port: a probe would restart it forever.
  return { name, command: ['stilt', 'serve', settings.project, ...tail], port: SERVE_PORT, readiness: false, liveness: false };
}

/** The Job keeps PYSTILT's name; follow and serve get their own, cut so that every name fits 63 characters. */
function objectNames(settings: PystiltSettings, nameFlag: string | undefined): { pool: string; job: string; follow: string; serve: string } {
  if (nameFlag !== undefined) {
    for (const [enabled, suffix, kind, max] of [[settings.autoscale, FOLLOW_SUFFIX, 'follow Deployment', MAX_FOLLOW_NAME], [settings.serve, SERVE_SUFFIX, 'serve Deployment and Service', MAX_NAME]] as const) {
      const name = `${nameFlag}${suffix}`;
      if (enabled && name.length > max) {
        throw usageError(`--name: ${JSON.stringify(nameFlag)} makes the ${kind} name ${JSON.stringify(name)} ${name.length} characters long, expected at most ${max}: shorten --name to ${max - suffix.length} characters or fewer`);
      }
    }
    return { pool: nameFlag, job: nameFlag, follow: `${nameFlag}${FOLLOW_SUFFIX}`, serve: `${nameFlag}${SERVE_SUFFIX}` };
  }
  const base = serviceName(settings.project);
  return {
    pool: base,
    job: base,
    follow: `${cutName(base, MAX_FOLLOW_NAME - FOLLOW_SUFFIX.length)}${FOLLOW_SUFFIX}`,
    serve: `${cutName(base, MAX_NAME - SERVE_SUFFIX.length)}${SERVE_SUFFIX}`,
  };
}
