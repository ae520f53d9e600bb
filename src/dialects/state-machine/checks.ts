import { validateEnvVarName } from '../../checks/api-server/env';
import { checkManifestCredentials } from '../../checks/credentials-walk';
import { IMAGE_PULL_POLICIES } from '../../pod/pod-props';
import { describeValue } from '../../config/errors';
import { labelKeyProblem, labelValueProblem } from '../../config/names';
import { didYouMean } from '../../config/suggest';

type Path = (string | number)[];

/** Receives each problem found, at the path of the bad value (`onKey` points at its key). */
export type Report = (path: Path, message: string, onKey?: boolean) => void;

/** Receives what is valid but likely to fail at run time, at the path of the value. */
export type Warn = (path: Path, message: string) => void;

/** The fields of a StateMachine object (JSON field names, defaults applied) that the checks read. */
export interface StateMachineJson {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec?: StateMachineSpecJson;
}

export interface StateMachineSpecJson {
  readonly workflow?: {
    readonly completed?: number;
    readonly prefix?: string;
    readonly events?: readonly { readonly action?: string; readonly metric?: string }[];
  };
  readonly cluster?: { readonly maxSize?: number };
  readonly manager?: { readonly pullPolicy?: string; readonly subdomain?: string };
  readonly registry?: { readonly host?: string; readonly port?: number; readonly name?: string; readonly pullPolicy?: string };
  readonly jobs?: readonly StepJson[];
}

export interface StepJson {
  readonly name?: string;
  readonly image?: string;
  readonly registry?: { readonly push?: string; readonly pull?: string; readonly host?: string };
  readonly config?: { readonly nodes?: number; readonly coresPerTask?: number; readonly gpus?: number; readonly pullPolicy?: string };
  readonly environment?: Readonly<Record<string, string>>;
}

/** Kubernetes object names (Jobs here) that the API server accepts: the Job controller labels pods with them. */
export const MAX_JOB_NAME = 63;
/** The manager's jobid: the workflow prefix and a zero-padded random number of this many digits. */
export const JOBID_DIGITS = 9;
/** The manager's prefix when `workflow.prefix` is unset or empty. */
export const DEFAULT_JOBID_PREFIX = 'job_';
/** Actions a workflow event may take (the manager's `all_actions`). */
export const EVENT_ACTIONS = ['grow', 'shrink', 'finish-workflow', 'repeat'] as const;

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A step name: it is a label value (`app=<step>`) and, with "_" turned into "-", the start of a Job name. */
const STEP_NAME = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/;
/** A jobid prefix: with "_" turned into "-" and lowercased, it starts Job and ConfigMap names. */
const JOBID_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** An OCI tag, as `oras push <registry>/<jobid>:<tag>` accepts it. */
const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const IN_CLUSTER_REGISTRY = 'the in-cluster registry';

/**
 * Everything about a StateMachine that the CRD's schema does not say and the operator or its manager only
 * discovers at run time. `cr` has passed the schema (or comes from typed construct props) and has its
 * defaults applied.
 */
export function checkStateMachine(cr: StateMachineJson, report: Report, warn: Warn = () => undefined): void {
  checkMetadata(cr, report);
  checkManifestCredentials(cr, report);
  const spec = cr.spec;
  if (spec === undefined) {
    report([], 'missing required key "spec", expected the workflow, cluster and jobs of the state machine');
    return;
  }
  checkWorkflow(spec, report);
  checkCluster(spec, report);
  checkManagerAndRegistry(spec, report);
  checkSteps(spec, report, warn);
}

/** `name`, or `<namespace>/<name>`: what identifies a StateMachine among several. */
export function stateMachineKey(cr: StateMachineJson): string {
  const name = cr.metadata?.name ?? '';
  return cr.metadata?.namespace ? `${cr.metadata.namespace}/${name}` : name;
}

/** The jobid prefix the manager uses. */
export function jobidPrefix(spec: StateMachineSpecJson): string {
  return spec.workflow?.prefix || DEFAULT_JOBID_PREFIX;
}

/** The most characters a step name may have so that `<step>-<jobid>` fits a Job name. */
export function maxStepNameLength(spec: StateMachineSpecJson): number {
  return MAX_JOB_NAME - 1 - jobidPrefix(spec).length - JOBID_DIGITS;
}

/** The Job name the manager gives the step's run `jobid`: `<step>-<jobid>`, lowercased jobid, "_" → "-". */
export function stepJobName(step: string, jobid: string): string {
  return `${step}-${jobid.toLowerCase()}`.replace(/_/g, '-');
}

function checkMetadata(cr: StateMachineJson, report: Report): void {
  const metadata = cr.metadata;
  if (metadata === undefined) {
    report([], 'missing required key "metadata", expected metadata.name: the operator names the headless Service, the registry and "<name>-manager" after it');
    return;
  }
  const name = metadata.name;
  if (name === undefined) {
    report(['metadata'], 'missing required key "name", expected a DNS-1035 label such as "training-pipeline"');
  } else if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    report(['metadata', 'name'], `received ${describeValue(name)}, expected a DNS-1123 subdomain that is also a DNS-1035 label: at most 63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit`);
  } else if (!DNS1035_LABEL.test(name) || name.length > 63) {
    report(['metadata', 'name'], `received ${describeValue(name)}, expected a DNS-1035 label (at most 63 lowercase letters, digits and "-", starting with a letter): a DNS-1123 subdomain is not enough, the operator creates a headless Service with this name`);
  }
  if (metadata.namespace !== undefined && (!DNS1123_LABEL.test(metadata.namespace) || metadata.namespace.length > 63)) {
    report(['metadata', 'namespace'], `received ${describeValue(metadata.namespace)}, expected a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit`);
  }
  for (const [field, values] of [['labels', metadata.labels], ['annotations', metadata.annotations]] as const) {
    for (const [key, value] of Object.entries(values ?? {})) {
      const keyProblem = labelKeyProblem(key);
      if (keyProblem) report(['metadata', field, key], `received key ${describeValue(key)}, ${keyProblem}`, true);
      const valueProblem = field === 'labels' ? labelValueProblem(value) : undefined;
      if (valueProblem) report(['metadata', field, key], `received ${describeValue(value)}, ${valueProblem}`);
    }
  }
}

function checkWorkflow(spec: StateMachineSpecJson, report: Report): void {
  const workflow = spec.workflow;
  if (workflow === undefined) {
    report(['spec'], 'missing required key "workflow", expected at least workflow.completed');
    return;
  }
  if (workflow.completed === undefined) {
    report(['spec', 'workflow'], 'missing required key "completed", expected how many job sequences must finish, at least 1');
  } else if (workflow.completed < 1) {
    report(['spec', 'workflow', 'completed'], `received ${workflow.completed}, expected at least 1: the number of job sequences that must finish (the operator refuses less only when it reconciles)`);
  }
  if (workflow.prefix !== undefined && workflow.prefix !== '') {
    const longest = MAX_JOB_NAME - 2 - JOBID_DIGITS;
    if (!JOBID_PREFIX.test(workflow.prefix)) {
      report(['spec', 'workflow', 'prefix'], `received ${describeValue(workflow.prefix)}, expected letters, digits, "_" and "-", starting with a letter or digit: jobids (prefix + ${JOBID_DIGITS} digits) become label values and, lowercased with "_" → "-", Job names`);
    } else if (workflow.prefix.length > longest) {
      report(['spec', 'workflow', 'prefix'], `received ${describeValue(workflow.prefix)} (${workflow.prefix.length} characters), expected at most ${longest}: Job names "<step>-<prefix><${JOBID_DIGITS} digits>" must fit in ${MAX_JOB_NAME} characters`);
    }
  }
  workflow.events?.forEach((event, index) => {
    if (event.action !== undefined && !(EVENT_ACTIONS as readonly string[]).includes(event.action)) {
      report(['spec', 'workflow', 'events', index, 'action'], `received ${describeValue(event.action)}, expected one of: ${EVENT_ACTIONS.join(', ')}${didYouMean(event.action, EVENT_ACTIONS)}`);
    }
  });
}

function checkCluster(spec: StateMachineSpecJson, report: Report): void {
  const cluster = spec.cluster;
  if (cluster === undefined) {
    report(['spec'], 'missing required key "cluster", expected at least cluster.maxSize');
  } else if (cluster.maxSize === undefined) {
    report(['spec', 'cluster'], 'missing required key "maxSize", expected the most nodes the workflow may use at once, at least 1');
  } else if (cluster.maxSize < 1) {
    report(['spec', 'cluster', 'maxSize'], `received ${cluster.maxSize}, expected at least 1: the most nodes the workflow may use at once (the operator refuses less only when it reconciles)`);
  }
}

function checkManagerAndRegistry(spec: StateMachineSpecJson, report: Report): void {
  checkPullPolicy(spec.manager?.pullPolicy, ['spec', 'manager', 'pullPolicy'], report);
  checkPullPolicy(spec.registry?.pullPolicy, ['spec', 'registry', 'pullPolicy'], report);
  if (spec.manager?.subdomain !== undefined) checkDnsLabel(spec.manager.subdomain, ['spec', 'manager', 'subdomain'], 'the pods\' subdomain', report);
  if (spec.registry?.name !== undefined) checkDnsLabel(spec.registry.name, ['spec', 'registry', 'name'], 'the registry StatefulSet and its pod\'s hostname', report);
  const port = spec.registry?.port;
  if (port !== undefined && (port < 0 || port > 65535)) {
    report(['spec', 'registry', 'port'], `received ${port}, expected a port from 1 to 65535 (0 or unset: the operator's 5000)`);
  }
}

function checkSteps(spec: StateMachineSpecJson, report: Report, warn: Warn): void {
  const steps = spec.jobs ?? [];
  if (steps.length === 0) {
    report(spec.jobs === undefined ? ['spec'] : ['spec', 'jobs'], `${spec.jobs === undefined ? 'missing required key "jobs"' : 'received an empty list'}, expected at least one step: the manager has nothing to run`);
    return;
  }
  const maxSize = spec.cluster?.maxSize;
  const prefixFits = maxStepNameLength(spec) >= 1;
  const byName = new Map<string, number>();
  const byJobName = new Map<string, number>();
  steps.forEach((step, index) => {
    const path: Path = ['spec', 'jobs', index];
    checkStepName(step, index, spec, prefixFits, byName, byJobName, report);
    if (step.image === undefined) report(path, `missing required key "image", expected the step's container image: the manager refuses to submit ${describeStep(step, index)} without one`);
    else if (!step.image.trim()) report([...path, 'image'], `received ${describeValue(step.image)}, expected a container image such as python:3.12-slim`);
    checkStepConfig(step, index, maxSize, report, warn);
    checkStepRegistry(spec, steps, index, report, warn);
    for (const name of Object.keys(step.environment ?? {})) validateEnvVarName(name, [...path, 'environment', name], (at, message, onKey) => report([...at], message, onKey));
  });
}

function checkStepName(step: StepJson, index: number, spec: StateMachineSpecJson, prefixFits: boolean, byName: Map<string, number>, byJobName: Map<string, number>, report: Report): void {
  const path: Path = ['spec', 'jobs', index];
  const name = step.name;
  if (name === undefined) {
    report(path, 'missing required key "name", expected a step name such as "train": the manager keys steps by name and names their Jobs after it');
    return;
  }
  if (!STEP_NAME.test(name)) {
    report([...path, 'name'], `received ${describeValue(name)}, expected lowercase letters, digits, "-" and "_", starting and ending with a letter or digit: the step name labels its pods (app=<step>) and, with "_" → "-", starts its Jobs' names`);
  } else if (prefixFits && name.length > maxStepNameLength(spec)) {
    const example = stepJobName(name, `${jobidPrefix(spec)}${'0'.repeat(JOBID_DIGITS)}`);
    report([...path, 'name'], `received ${describeValue(name)} (${name.length} characters), expected at most ${maxStepNameLength(spec)}: the Job name "<step>-<jobid>" must fit in ${MAX_JOB_NAME} characters and the jobid is the prefix ${describeValue(jobidPrefix(spec))} plus ${JOBID_DIGITS} digits (${describeValue(example)} has ${example.length})`);
  }
  const earlier = byName.get(name);
  if (earlier !== undefined) {
    report([...path, 'name'], `received ${describeValue(name)}, expected a name no other step has: spec.jobs[${earlier}] is also named ${describeValue(name)} (the manager keys steps by name)`);
  } else {
    byName.set(name, index);
    const jobStem = name.replace(/_/g, '-');
    const clash = byJobName.get(jobStem);
    if (clash !== undefined) {
      report([...path, 'name'], `received ${describeValue(name)}, expected a name whose Jobs differ from every other step's: spec.jobs[${clash}] (${describeValue(spec.jobs?.[clash]?.name)}) also becomes Jobs named "${jobStem}-<jobid>" once "_" is turned into "-"`);
    } else {
      byJobName.set(jobStem, index);
    }
  }
}

function checkStepConfig(step: StepJson, index: number, maxSize: number | undefined, report: Report, warn: Warn): void {
  const path: Path = ['spec', 'jobs', index, 'config'];
  const config = step.config;
  checkPullPolicy(config?.pullPolicy, [...path, 'pullPolicy'], report);
  if (config?.coresPerTask !== undefined && config.coresPerTask < 1) {
    report([...path, 'coresPerTask'], `received ${config.coresPerTask}, expected at least 1: the manager refuses a step with no cores`);
  }
  if (config?.gpus !== undefined && config.gpus < 0) {
    report([...path, 'gpus'], `received ${config.gpus}, expected 0 or more`);
  }
  const nodes = config?.nodes ?? 1;
  if (nodes < 1) {
    report([...path, 'nodes'], `received ${nodes}, expected at least 1: each run of the step is a Job with parallelism = completions = nodes`);
  } else if (index === 0 && maxSize !== undefined && maxSize >= 1 && nodes > maxSize) {
    // maxSize bounds only how many first steps the manager packs at once; later steps may be larger.
    const where: Path = config?.nodes === undefined ? ['spec', 'jobs', index] : [...path, 'nodes'];
    warn(where, `${nodes} nodes for the first step ${describeStep(step, index)} is more than cluster.maxSize (${maxSize}): the manager packs floor(${maxSize} / ${nodes}) = 0 first steps at once`);
  }
}

function checkStepRegistry(spec: StateMachineSpecJson, steps: readonly StepJson[], index: number, report: Report, warn: Warn): void {
  const step = steps[index];
  const path: Path = ['spec', 'jobs', index, 'registry'];
  const push = step.registry?.push;
  const pull = step.registry?.pull;
  if (push !== undefined && push !== '' && !OCI_TAG.test(push)) report([...path, 'push'], `received ${describeValue(push)}, expected an OCI tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`);
  if (pull === undefined || pull === '') return;
  if (!OCI_TAG.test(pull)) {
    report([...path, 'pull'], `received ${describeValue(pull)}, expected an OCI tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`);
    return;
  }
  const pushers = steps.map((other, at) => ({ other, at })).filter(({ other }) => other.registry?.push === pull);
  const earlier = pushers.filter(({ at }) => at < index);
  const earlierTags = [...new Set(steps.slice(0, index).map((other) => other.registry?.push).filter((tag): tag is string => !!tag))];
  const tagList = earlierTags.length ? `one of: ${earlierTags.map((tag) => describeValue(tag)).join(', ')}` : 'a tag an earlier step pushes, but no earlier step pushes any';
  if (earlier.length === 0) {
    const later = pushers.filter(({ at }) => at > index);
    const itself = pushers.some(({ at }) => at === index);
    if (!later.length && !itself) {
      // A step's own script may push an artifact that no step declares (state-machine-operator's mummi examples do).
      warn([...path, 'pull'], `${describeStep(step, index)} pulls tag ${describeValue(pull)}, which no step declares under registry.push${didYouMean(pull, earlierTags)}: it must be pushed by a script, else the step fails at run time when oras finds no artifact`);
      return;
    }
    const why = later.length
      ? `only a later step pushes it (spec.jobs[${later[0].at}], ${describeStep(later[0].other, later[0].at)}), and steps run in order`
      : 'only this step itself pushes it, after it has pulled';
    report([...path, 'pull'], `${describeStep(step, index)} pulls tag ${describeValue(pull)}, but ${why}: received ${describeValue(pull)}, expected ${tagList}${didYouMean(pull, earlierTags)}; the step would fail at run time when oras finds no artifact`);
    return;
  }
  const pullHost = stepRegistry(spec, step);
  const sameRegistry = earlier.filter(({ other }) => stepRegistry(spec, other) === pullHost);
  if (sameRegistry.length === 0) {
    const { other, at } = earlier[earlier.length - 1];
    report([...path, 'pull'], `${describeStep(step, index)} pulls tag ${describeValue(pull)} from ${describeRegistry(pullHost)}, but ${describeStep(other, at)} (spec.jobs[${at}]) pushes it to ${describeRegistry(stepRegistry(spec, other))}: received a pull from ${describeRegistry(pullHost)}, expected a pull from the registry the tag is pushed to (set registry.host alike on both steps)`);
  }
}

/** The registry a step pushes to and pulls from: its own host, else the StateMachine's, else the in-cluster one. */
function stepRegistry(spec: StateMachineSpecJson, step: StepJson): string {
  if (step.registry?.host) return step.registry.host;
  const host = spec.registry?.host;
  if (!host) return IN_CLUSTER_REGISTRY;
  return spec.registry?.port ? `${host}:${spec.registry.port}` : host;
}

function describeRegistry(host: string): string {
  return host === IN_CLUSTER_REGISTRY ? host : describeValue(host);
}

function describeStep(step: StepJson, index: number): string {
  return step.name === undefined ? `step ${index + 1}` : `step ${describeValue(step.name)}`;
}

function checkPullPolicy(value: string | undefined, path: Path, report: Report): void {
  if (value !== undefined && !(IMAGE_PULL_POLICIES as readonly string[]).includes(value)) {
    report(path, `received ${describeValue(value)}, expected one of: ${IMAGE_PULL_POLICIES.join(', ')}${didYouMean(value, IMAGE_PULL_POLICIES)}`);
  }
}

function checkDnsLabel(value: string, path: Path, what: string, report: Report): void {
  if (!DNS1123_LABEL.test(value) || value.length > 63) {
    report(path, `received ${describeValue(value)}, expected a DNS-1123 label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit): it names ${what}`);
  }
}
