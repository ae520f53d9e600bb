import { receivedCredentialIn } from '../../checks/credentials-walk';
import { dnsLabelProblem, dnsSubdomainProblem } from '../../config/names';
import { describeValue, formatPath, inputError, InputError, Problem, usageError } from '../../config/errors';
import { SourceDocument } from '../../config/source';
import { Manifest } from '../../synth/render';
import { findPlaceholders } from '../../templates/placeholders';
import { splitShellWords } from '../shell-words';
import { dnsLabelSlug, validLabelKey, validLabelValue } from './labels';
import { isMapping } from '../foreign-values';

/** The workload kinds a job_manifest may be. */
export const WORKLOAD_KINDS = [
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
] as const;

export type WorkloadKind = (typeof WORKLOAD_KINDS)[number]['kind'];

/** Path of a value in the rendered manifest. */
export type ManifestPath = readonly (string | number)[];

/** Where problems about the rendered configuration are placed in the template file. */
export class Locator {
  constructor(private readonly source: SourceDocument) {}

  /** A problem about `job_configuration.<path>`. */
  public configuration(path: ManifestPath, message: string): Problem {
    const at = ['job_configuration', ...path];
    return this.source.problem(at, formatPath(at), message);
  }

  /** A problem about the rendered manifest at `path`, placed where the template writes it (or its nearest parent). */
  public manifest(path: ManifestPath, message: string): Problem {
    return this.source.problem(['job_configuration', 'job_manifest', ...path], formatPath(path), message);
  }
}

/** The prepared workload, and what was changed on the way that the user should hear about. */
export interface Prepared {
  readonly manifest: Manifest;
  readonly kind: WorkloadKind;
  readonly warnings: string[];
}

/**
 * Prepares a rendered job configuration the way Prefect's Kubernetes worker does before it creates the
 * Job (`prepare_for_flow_run`), minus what needs a flow run, plus what `kubectl apply` needs:
 * - the `env` mapping becomes the first container's `[{name, value}]` list (before a list the template
 *   writes there itself);
 * - a string `args` on the first container is split like a shell;
 * - `labels` go onto the object and onto the pod template, keys and values made valid;
 * - `metadata.namespace` comes from `namespace` when the manifest has none;
 * - a stable `metadata.name` replaces `generateName` (see `stableName`);
 * - `parallelism`/`completions` written in a Job's pod spec move to the Job spec, with a warning.
 */
export function prepare(configuration: Record<string, unknown>, flagName: string | undefined, locate: Locator): Prepared {
  const settings = readSettings(configuration, locate);
  const manifest = configuration.job_manifest as Manifest;
  const warnings: string[] = [];
  const kind = workloadKind(manifest, locate);
  const metadata = mappingAt(manifest, ['metadata'], locate, true);
  const template = mappingAt(manifest, ['spec', 'template'], locate, false);
  const podSpec = mappingAt(manifest, ['spec', 'template', 'spec'], locate, false);
  const containers = podSpec.containers;
  if (!Array.isArray(containers) || containers.length === 0 || !isMapping(containers[0])) {
    throw new InputError([locate.manifest(['spec', 'template', 'spec', 'containers'], `received ${describeValue(containers)}, expected a list of containers (the first one runs the flow)`)]);
  }
  const first = containers[0] as Record<string, unknown>;

  if (metadata.namespace === undefined || metadata.namespace === null) metadata.namespace = settings.namespace;
  namespaceCheck(metadata.namespace, configuration.namespace, locate);
  populateEnv(first, settings.env, warnings);
  populateArgs(first, locate);
  for (const container of containers) if (isMapping(container)) dropEmptyResources(container);

  const problems: Problem[] = [];
  const labelled = (path: ManifestPath, existing: unknown, extra: Record<string, string>) => {
    if (existing !== undefined && !isMapping(existing)) {
      problems.push(locate.manifest(path, `received ${describeValue(existing)}, expected a mapping of label to value`));
      return {};
    }
    return validLabels({ ...(existing ?? {}), ...extra }, path, locate, problems, warnings);
  };
  setOrDrop(metadata, 'labels', labelled(['metadata', 'labels'], metadata.labels, settings.labels));
  const annotations = annotated(metadata.annotations, settings.annotations, locate, problems, warnings);
  setOrDrop(metadata, 'annotations', annotations);
  const podMetadata = template.metadata === undefined ? {} : template.metadata;
  if (!isMapping(podMetadata)) {
    problems.push(locate.manifest(['spec', 'template', 'metadata'], `received ${describeValue(podMetadata)}, expected a mapping with labels`));
  } else {
    setOrDrop(podMetadata, 'labels', labelled(['spec', 'template', 'metadata', 'labels'], podMetadata.labels, settings.labels));
    if (Object.keys(annotations).length > 0) podMetadata.annotations = { ...(isMapping(podMetadata.annotations) ? podMetadata.annotations : {}), ...annotations };
    setOrDrop(template, 'metadata', podMetadata);
  }
  const selector = (manifest.spec as Record<string, unknown>).selector;
  if (kind === 'Deployment' && isMapping(selector) && selector.matchLabels !== undefined) {
    selector.matchLabels = labelled(['spec', 'selector', 'matchLabels'], selector.matchLabels, {});
  }
  if (problems.length > 0) throw new InputError(problems);

  metadata.name = stableName(metadata, kind, settings.name, flagName, locate);
  delete metadata.generateName;
  if (kind === 'Job') moveJobFields(manifest, podSpec, warnings);
  return { manifest, kind, warnings: [...new Set(warnings)] };
}

/**
 * Prefect's `_slugify_annotations`: the manifest's annotations and job_configuration's, the latter winning,
 * keys made valid like label keys; values are any text. They go onto the pod template too
 * (`_propagate_annotations_to_pod`).
 */
function annotated(
  existing: unknown,
  extra: Record<string, string>,
  locate: Locator,
  problems: Problem[],
  warnings: string[],
): Record<string, string> {
  const path = ['metadata', 'annotations'];
  if (existing !== undefined && existing !== null && !isMapping(existing)) {
    problems.push(locate.manifest(path, `received ${describeValue(existing)}, expected a mapping of annotation to value`));
    return {};
  }
  const result: Record<string, string> = {};
  for (const [key, raw] of Object.entries({ ...(existing ?? {}), ...extra })) {
    if (raw === null || raw === undefined) continue;
    if (isMapping(raw) || Array.isArray(raw)) {
      problems.push(locate.manifest([...path, key], `received ${describeValue(raw)}, expected an annotation value (a string)`));
      continue;
    }
    const credential = receivedCredentialIn(key);
    if (credential) {
      problems.push(locate.manifest(path, `${credential}, expected no credential in an annotation key: anyone who can list the objects reads their annotations`));
      continue;
    }
    const validKey = validLabelKey(key);
    if (validKey === undefined) {
      problems.push(locate.manifest([...path, key], `annotation key ${JSON.stringify(key)} has no letters or digits to make a valid key from`));
      continue;
    }
    if (validKey !== key) warnings.push(`annotation key ${JSON.stringify(key)} is not a valid Kubernetes annotation key: wrote ${JSON.stringify(validKey)}`);
    defineEntry(result, validKey, pythonText(raw));
  }
  return result;
}

/** Sets `key` to a mapping, or removes it when the mapping is empty. */
function setOrDrop(target: Record<string, unknown>, key: string, value: Record<string, unknown>): void {
  if (Object.keys(value).length > 0) target[key] = value;
  else delete target[key];
}

/**
 * The manifest's namespace must be a DNS-1123 label and, when job_configuration names a namespace too,
 * the same one: Prefect creates the object in job_configuration's namespace, and the API server refuses
 * an object whose metadata names another.
 */
function namespaceCheck(namespace: unknown, configured: unknown, locate: Locator): void {
  const problem = typeof namespace === 'string' ? dnsLabelProblem(namespace) : 'expected a string';
  if (problem) throw inputError(locate.manifest(['metadata', 'namespace'], `received ${describeValue(namespace)}, ${problem}`));
  if (configured !== undefined && configured !== null && String(configured) !== namespace) {
    throw inputError(locate.manifest(['metadata', 'namespace'], `received ${describeValue(namespace)}, but job_configuration.namespace is ${describeValue(configured)}: expected the same namespace (Prefect creates the object in job_configuration's)`));
  }
}

interface Settings {
  readonly name?: string;
  readonly namespace: string;
  readonly env: readonly Record<string, unknown>[];
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** The worker settings of the rendered configuration, with the worker's defaults. */
function readSettings(configuration: Record<string, unknown>, locate: Locator): Settings {
  const problems: Problem[] = [];
  const text = (key: string): string | undefined => {
    const value = configuration[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    problems.push(locate.configuration([key], `received ${describeValue(value)}, expected a string`));
    return undefined;
  };
  const name = text('name');
  const namespace = text('namespace') ?? 'default';
  text('command'); // checked only: the command reaches the manifest through the container's args
  const env = envList(configuration.env, locate, problems);
  const labels = textMapping(configuration, 'labels', locate, problems);
  const annotations = textMapping(configuration, 'annotations', locate, problems);
  const namespaceProblem = dnsLabelProblem(namespace);
  if (namespaceProblem) problems.push(locate.configuration(['namespace'], `received ${JSON.stringify(namespace)}, ${namespaceProblem}`));
  if (problems.length > 0) throw new InputError(problems);
  return { name, namespace, env, labels, annotations };
}

/** job_configuration's `labels` or `annotations`: a mapping of key to text; null values are left out. */
function textMapping(configuration: Record<string, unknown>, key: 'labels' | 'annotations', locate: Locator, problems: Problem[]): Record<string, string> {
  const result: Record<string, string> = {};
  const raw = configuration[key] ?? {};
  const what = key === 'labels' ? 'label' : 'annotation';
  if (!isMapping(raw)) {
    problems.push(locate.configuration([key], `received ${describeValue(raw)}, expected a mapping of ${what} to value`));
    return result;
  }
  for (const [entry, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    if (isMapping(value) || Array.isArray(value)) problems.push(locate.configuration([key, entry], `received ${describeValue(value)}, expected ${what === 'label' ? 'a label' : 'an annotation'} value (a string)`));
    else defineEntry(result, entry, pythonText(value));
  }
  return result;
}

/** `env`: a mapping (Prefect's usual form) or a list of Kubernetes env entries. */
function envList(env: unknown, locate: Locator, problems: Problem[]): Record<string, unknown>[] {
  if (env === undefined || env === null) return [];
  if (Array.isArray(env)) {
    env.forEach((entry, index) => {
      if (!isMapping(entry)) problems.push(locate.configuration(['env', index], `received ${describeValue(entry)}, expected {name, value} or {name, valueFrom}`));
    });
    // `{name, value: null}` unsets the variable, as null does in the mapping form.
    return env.filter(isMapping).filter((entry) => entry.value !== null || entry.valueFrom !== undefined)
      .map((entry) => (entry.value === undefined || entry.value === null || typeof entry.value === 'string' ? entry : { ...entry, value: pythonText(entry.value) }));
  }
  if (!isMapping(env)) {
    problems.push(locate.configuration(['env'], `received ${describeValue(env)}, expected a mapping of variable name to value`));
    return [];
  }
  const list: Record<string, unknown>[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === null || value === undefined) continue;
    if (isMapping(value) || Array.isArray(value)) {
      problems.push(locate.configuration(['env', name], `received ${describeValue(value)}, expected a string value`));
    } else {
      list.push({ name, value: pythonText(value) });
    }
  }
  return list;
}

/**
 * Prefect's `_populate_env_in_manifest`: the first container's env is the configuration's env as a list,
 * followed by the entries of the template's own list whose names it does not set. A name in both keeps
 * the configuration's entry (with a warning when the template's said something else).
 */
function populateEnv(container: Record<string, unknown>, env: readonly Record<string, unknown>[], warnings: string[]): void {
  const own = Array.isArray(container.env) ? container.env : [];
  const names = new Map(env.map((entry) => [entry.name, entry]));
  const kept = own.filter((entry) => {
    const replacement = isMapping(entry) ? names.get(entry.name) : undefined;
    if (replacement === undefined) return true;
    if (JSON.stringify(replacement) !== JSON.stringify(entry) && !(entry.value === null && entry.valueFrom === undefined)) {
      warnings.push(`env ${JSON.stringify(entry.name)} is also written in the template's env list: kept the value of job_configuration.env, as Prefect does`);
    }
    return false;
  });
  const unset = kept.filter((entry) => isMapping(entry) && entry.value === null && entry.valueFrom === undefined);
  const merged = [...env, ...kept.filter((entry) => !unset.includes(entry))];
  if (merged.length > 0) container.env = merged;
  else delete container.env;
}

/**
 * `resources: {limits: {}, requests: {}}`, what Prefect's default renders when no cpu or memory variable is
 * set, means nothing: left out.
 */
function dropEmptyResources(container: Record<string, unknown>): void {
  const resources = container.resources;
  if (!isMapping(resources)) return;
  for (const group of ['limits', 'requests']) {
    const quantities = resources[group];
    if (isMapping(quantities) && Object.keys(quantities).length === 0) delete resources[group];
  }
  if (Object.keys(resources).length === 0) delete container.resources;
}

/** Prefect's `_populate_command_if_not_present`: a string `args` is split like a shell; unset stays unset. */
function populateArgs(container: Record<string, unknown>, locate: Locator): void {
  const args = container.args;
  const path = ['spec', 'template', 'spec', 'containers', 0, 'args'];
  if (typeof args === 'string') {
    const split = splitShellWords(args);
    if ('error' in split) throw new InputError([locate.manifest(path, `cannot split the command ${JSON.stringify(args)} like a shell: ${split.error}`)]);
    container.args = split.words;
  } else if (args !== undefined && !Array.isArray(args)) {
    throw new InputError([locate.manifest(path, `received ${describeValue(args)}, expected a command string or a list of arguments`)]);
  }
}

function validLabels(
  labels: Record<string, unknown>,
  path: ManifestPath,
  locate: Locator,
  problems: Problem[],
  warnings: string[],
): Record<string, string> {
  const result: Record<string, string> = {};
  const sourceOf = new Map<string, string>();
  for (const [key, raw] of Object.entries(labels)) {
    if (raw === null || raw === undefined) continue;
    if (isMapping(raw) || Array.isArray(raw)) {
      problems.push(locate.manifest([...path, key], `received ${describeValue(raw)}, expected a label value (a string)`));
      continue;
    }
    const text = pythonText(raw);
    const credential = receivedCredentialIn(text) ?? receivedCredentialIn(key);
    if (credential) {
      problems.push(locate.manifest([...path, key], `${credential}, expected no credential in a label: anyone who can list the objects reads their labels`));
      continue;
    }
    const validKey = validLabelKey(key);
    const validValue = validLabelValue(text);
    if (validKey === undefined) {
      problems.push(locate.manifest([...path, key], `label key ${JSON.stringify(key)} has no letters or digits to make a valid key from`));
      continue;
    }
    if (validValue === undefined) {
      problems.push(locate.manifest([...path, key], `label value ${JSON.stringify(text)} has no letters or digits to make a valid value from`));
      continue;
    }
    const clash = sourceOf.get(validKey);
    if (clash !== undefined && clash !== key) {
      problems.push(locate.manifest([...path, key], `label keys ${JSON.stringify(clash)} and ${JSON.stringify(key)} both become ${JSON.stringify(validKey)}, expected keys that stay distinct`));
      continue;
    }
    // Not located: the same label usually lands on the object and its pods, one warning is enough.
    if (validKey !== key) warnings.push(`label key ${JSON.stringify(key)} is not a valid Kubernetes label key: wrote ${JSON.stringify(validKey)}`);
    if (validValue !== text) warnings.push(`label value ${JSON.stringify(text)} (${validKey}) is not a valid Kubernetes label value: wrote ${JSON.stringify(validValue)}`);
    sourceOf.set(validKey, key);
    defineEntry(result, validKey, validValue);
  }
  return result;
}

/**
 * The object's stable name, replacing `generateName` (which `kubectl apply` cannot create): `--name`,
 * else the manifest's own `metadata.name`, else the rendered `generateName` without its trailing `-`,
 * else the configuration's `name`; slugified with `dnsLabelSlug` (the manifest's own name is kept
 * as written and must already be valid).
 */
function stableName(metadata: Record<string, unknown>, kind: WorkloadKind, configName: string | undefined, flagName: string | undefined, locate: Locator): string {
  if (flagName !== undefined) {
    const name = dnsLabelSlug(flagName);
    if (name === '') throw usageError(`--name ${JSON.stringify(flagName)}: has no letters or digits to make a Kubernetes name from`);
    return name;
  }
  if (metadata.name !== undefined) {
    const problem = typeof metadata.name !== 'string'
      ? `expected a string`
      : kind === 'Job' ? dnsLabelProblem(metadata.name) : dnsSubdomainProblem(metadata.name);
    if (problem) {
      const hint = typeof metadata.name === 'string' && dnsLabelSlug(metadata.name) !== '' ? ` (such as ${JSON.stringify(dnsLabelSlug(metadata.name))})` : '';
      throw inputError(locate.manifest(['metadata', 'name'], `received ${describeValue(metadata.name)}, ${problem}${hint}`));
    }
    return metadata.name as string;
  }
  // A generateName that still holds a placeholder came from a name with run-time `{{ ctx.* }}` placeholders:
  // Prefect then derives it from the name once those are filled (`_populate_generate_name_if_not_present`).
  const generateName = typeof metadata.generateName === 'string' && findPlaceholders(metadata.generateName).length === 0
    ? metadata.generateName.replace(/-+$/, '')
    : '';
  const base = generateName !== '' ? generateName : configName;
  if (base === undefined || base.trim() === '') {
    throw usageError('--name: missing, and the template renders no name: kubectl apply needs a stable metadata.name (generateName alone cannot be applied); set the name variable (--set name=NAME) or pass --name NAME');
  }
  const name = dnsLabelSlug(base);
  if (name === '') {
    throw usageError(`--name: the rendered name ${JSON.stringify(base)} has no letters or digits to make a Kubernetes name from; pass --name NAME`);
  }
  return name;
}

/**
 * Prefect's default template writes `parallelism: 1` and `completions: 1` in the pod spec, where
 * Kubernetes has no such fields; they belong to the Job spec.
 */
function moveJobFields(manifest: Manifest, podSpec: Record<string, unknown>, warnings: string[]): void {
  const moved = (['parallelism', 'completions'] as const).filter((field) => field in podSpec);
  if (moved.length === 0) return;
  const spec = manifest.spec as Record<string, unknown>;
  const kept: string[] = [];
  for (const field of moved) {
    if (spec[field] === undefined) spec[field] = podSpec[field];
    else if (spec[field] !== podSpec[field]) kept.push(`${field} ${describeValue(spec[field])}`);
    delete podSpec[field];
  }
  const fields = moved.join(' and ');
  const note = kept.length > 0 ? `; spec already sets ${kept.join(' and ')}, kept it` : '';
  warnings.push(`spec.template.spec: ${fields} ${moved.length > 1 ? 'are not pod fields' : 'is not a pod field'} (a quirk of Prefect's default template): moved to the Job spec (${moved.map((field) => `spec.${field}`).join(', ')})${note}`);
}

function workloadKind(manifest: Manifest, locate: Locator): WorkloadKind {
  const match = WORKLOAD_KINDS.find((known) => known.kind === manifest.kind);
  const expected = WORKLOAD_KINDS.map((known) => `${known.apiVersion} ${known.kind}`).join(' or ');
  if (!match) throw inputError(locate.manifest(['kind'], `received ${describeValue(manifest.kind)}, expected ${expected}`));
  if (manifest.apiVersion !== match.apiVersion) {
    throw inputError(locate.manifest(['apiVersion'], `received ${describeValue(manifest.apiVersion)}, expected ${JSON.stringify(match.apiVersion)} for a ${match.kind}`));
  }
  return match.kind;
}

/** The mapping at `path`, created when missing and `create` is set. */
function mappingAt(manifest: Manifest, path: readonly string[], locate: Locator, create: boolean): Record<string, any> {
  let node: Record<string, any> = manifest;
  path.forEach((segment, index) => {
    let child = node[segment];
    if (child === undefined && create) {
      child = {};
      node[segment] = child;
    }
    if (!isMapping(child)) {
      throw inputError(locate.manifest(path.slice(0, index + 1), `received ${describeValue(child)}, expected a mapping`));
    }
    node = child;
  });
  return node;
}

/** A scalar's text as Prefect (Python's `str`) writes it: `True`/`False` for booleans. */
export function pythonText(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function defineEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
