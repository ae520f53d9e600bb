import { formatPath, InputError, Problem } from '../../config/errors';
import { SourceDocument } from '../../config/source';
import { didYouMean } from '../../config/suggest';
import { placeholdersIn, rootName } from '../../templates/placeholders';
import { isMapping } from '../foreign-values';

/** Keys of a Kubernetes work pool's `job_configuration` (prefect-kubernetes `KubernetesWorkerJobConfiguration`). */
export const JOB_CONFIGURATION_KEYS = [
  'command', 'env', 'labels', 'name', 'annotations', 'namespace', 'job_manifest',
  'cluster_config', 'job_watch_timeout_seconds', 'pod_watch_timeout_seconds', 'stream_output',
] as const;

const TOP_LEVEL_KEYS = ['job_configuration', 'variables'] as const;

/** A work pool's base job template, read and checked for shape. */
export interface BaseJobTemplate {
  readonly source: SourceDocument;
  /** `job_configuration`, with `job_manifest` a mapping. */
  readonly jobConfiguration: Readonly<Record<string, unknown>>;
  /** `variables`: a JSON Schema whose `properties` declare the placeholders. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** `variables.properties`. */
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * Reads a base job template (`{job_configuration, variables}`, YAML or JSON) and checks its shape and
 * that every placeholder in `job_configuration` is declared in `variables.properties`.
 */
export function readBaseJobTemplate(file: string): BaseJobTemplate {
  const source = SourceDocument.read(file);
  const problems: Problem[] = [];
  const report = (path: (string | number)[], message: string, onKey = false) => {
    problems.push(source.problem(path, formatPath(path), message, onKey));
  };
  const data = source.data;
  if (!isMapping(data)) {
    report([], 'expected a base job template: a mapping with job_configuration and variables');
    throw new InputError(problems);
  }
  for (const key of Object.keys(data)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      report([key], `unknown key ${JSON.stringify(key)}${didYouMean(key, TOP_LEVEL_KEYS)}, expected one of: ${TOP_LEVEL_KEYS.join(', ')}`, true);
    }
  }
  const jobConfiguration = data.job_configuration;
  const variables = data.variables;
  if (jobConfiguration === undefined) report([], 'missing required key "job_configuration"');
  else if (!isMapping(jobConfiguration)) report(['job_configuration'], 'expected a mapping with job_manifest and the worker settings');
  if (variables === undefined) report([], 'missing required key "variables" (a JSON Schema declaring the placeholders)');
  else if (!isMapping(variables)) report(['variables'], 'expected a JSON Schema: a mapping with type: object and properties');
  if (problems.length > 0) throw new InputError(problems);

  const configuration = jobConfiguration as Record<string, unknown>;
  for (const key of Object.keys(configuration)) {
    if (!(JOB_CONFIGURATION_KEYS as readonly string[]).includes(key)) {
      report(['job_configuration', key], `unknown key ${JSON.stringify(key)}${didYouMean(key, JOB_CONFIGURATION_KEYS)}, expected one of: ${JOB_CONFIGURATION_KEYS.join(', ')}`, true);
    }
  }
  if (configuration.job_manifest === undefined) report(['job_configuration'], 'missing required key "job_manifest" (the Kubernetes Job or Deployment to render)');
  else if (!isMapping(configuration.job_manifest)) report(['job_configuration', 'job_manifest'], 'expected a mapping: a Kubernetes Job or Deployment');

  const schema = variables as Record<string, unknown>;
  const properties = schema.properties ?? {};
  if (!isMapping(properties)) {
    report(['variables', 'properties'], 'expected a mapping of variable name to its JSON Schema');
  } else {
    for (const [name, property] of Object.entries(properties)) {
      if (!isMapping(property)) report(['variables', 'properties', name], `expected the JSON Schema of variable ${JSON.stringify(name)}, a mapping such as {type: string}`);
    }
  }
  if (problems.length > 0) throw new InputError(problems);

  const declared = Object.keys(properties as object);
  for (const use of placeholdersIn(configuration, ['job_configuration'])) {
    const problem = undeclaredPlaceholder(use.name, declared);
    if (problem) report([...use.path], `placeholder ${use.text} ${problem}`);
  }
  if (problems.length > 0) throw new InputError(problems);
  return {
    source,
    jobConfiguration: configuration,
    variables: schema,
    properties: properties as Record<string, Record<string, unknown>>,
  };
}

function undeclaredPlaceholder(name: string, declared: readonly string[]): string | undefined {
  if (name.startsWith('prefect.blocks.') || name.startsWith('prefect.variables.')) {
    return 'reads a Prefect block or variable, which needs a Prefect server; declare a variable in variables.properties instead';
  }
  if (name.startsWith('$')) {
    return 'reads the environment of the machine that renders it; declare a variable in variables.properties instead, so the output does not depend on where it is rendered';
  }
  const root = rootName(name);
  if (declared.includes(root)) return undefined;
  const expected = declared.length > 0 ? `, expected one of: ${declared.join(', ')}` : ', and variables.properties declares none';
  return `uses ${JSON.stringify(root)}, which variables.properties does not declare${didYouMean(root, declared)}${expected}`;
}
