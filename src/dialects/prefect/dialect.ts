import { formatPath, InputError, Problem } from '../../config/errors';
import { checkRestrictedPodSecurity } from '../../security/restricted';
import { Manifest } from '../../synth/render';
import { Lookup, lookupPath, renderTemplate, RenderLimitError, rootName } from '../../templates/placeholders';
import { isMapping } from '../foreign-values';
import { Dialect, DialectInput, DialectOutput } from '../dialect';
import { apiServerCheck, schemaCheck } from './checks';
import { fillRunContext } from './context';
import { mergeEnv } from './env';
import { Locator, prepare, pythonText } from './prepare';
import { fillRestrictedDefaults } from './security';
import { BaseJobTemplate, readBaseJobTemplate } from './template';
import { resolveVariables } from './values';

/**
 * Prefect work-pool base job templates (`{job_configuration, variables}`) for the Kubernetes worker,
 * rendered and prepared as the worker would, then made applyable: one Job (or Deployment) per render.
 */
export const PREFECT: Dialect = {
  name: 'prefect',
  summary: 'a Prefect Kubernetes work-pool base job template (--values FILE, --set KEY=VALUE)',
  translate: translatePrefect,
};

/** Renders a base job template with its values into one validated Job or Deployment. */
export function translatePrefect(input: DialectInput): DialectOutput {
  const template = readBaseJobTemplate(input.file);
  const variables = resolveVariables(template, input);
  const lookup = (name: string) => {
    const value = lookupPath(variables.values, name);
    return value === null ? undefined : value;
  };
  const configuration = render(withLiteralEnvMerged(template.jobConfiguration, variables.values.env), lookup, template);
  const runWarnings: string[] = [];
  fillRunContext(configuration, variables.context, input.name, runWarnings);
  const locate = new Locator(template.source);
  const { manifest, kind, warnings } = prepare(configuration, input.name, locate);
  warnings.unshift(...runWarnings);
  const podSpec = manifest.spec.template.spec as Record<string, unknown>;

  const restricted = input.restrictedDefaults ?? true;
  if (restricted) fillRestrictedDefaults(podSpec);

  const schema = schemaCheck(manifest, kind, template.source);
  if (schema.length > 0) throw new InputError(schema);
  const problems: Problem[] = apiServerCheck(manifest, kind, locate);
  for (const violation of checkRestrictedPodSecurity(manifest)) {
    if (restricted) {
      problems.push(locate.manifest(parsePath(violation.path), `${violation.message}: the restricted Pod Security profile forbids it (${violation.check})`));
    } else {
      warnings.push(`${violation.path}: ${violation.message} (restricted Pod Security profile, ${violation.check})`);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return { manifests: [sortKeys(manifest) as Manifest], warnings };
}

/**
 * The most characters a render may write: the API server refuses a request body over 3 MiB
 * (k8s.io/apiserver's MaxRequestBodyBytes), so no applyable object is larger.
 */
export const MAX_RENDERED_SIZE = 3 * 1024 * 1024;

function render(jobConfiguration: Readonly<Record<string, unknown>>, lookup: Lookup, template: BaseJobTemplate): Record<string, unknown> {
  try {
    return renderTemplate(jobConfiguration, lookup, { text: pythonText, maxSize: MAX_RENDERED_SIZE }) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof RenderLimitError)) throw error;
    const variable = error.variable === '' ? 'the template' : `variable ${JSON.stringify(rootName(error.variable))} ({{ ${error.variable} }}, used ${error.uses} times so far)`;
    const at = ['job_configuration', ...error.path];
    throw new InputError([template.source.problem(at, formatPath(at),
      `rendering ${variable} goes past ${MAX_RENDERED_SIZE} characters (3 MiB), expected a smaller render: the API server refuses a request body over 3 MiB`)]);
  }
}

/**
 * A job_configuration whose `env` is written out (a mapping or a list, not `{{ env }}`) gets the `env`
 * variable merged into it, as Prefect merges a work pool's env with a deployment's.
 */
function withLiteralEnvMerged(jobConfiguration: Readonly<Record<string, unknown>>, env: unknown): Readonly<Record<string, unknown>> {
  const literal = jobConfiguration.env;
  if (env === undefined || !(isMapping(literal) || Array.isArray(literal))) return jobConfiguration;
  return { ...jobConfiguration, env: mergeEnv(literal, env) };
}

/** `a.b[0]["c/d"]` as path segments. */
function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) segments.push(Number(match[1]));
    else if (match[2] !== undefined) segments.push(JSON.parse(match[2]) as string);
    else segments.push(match[3]);
  }
  return segments;
}

/** Mapping keys in sorted order at every level, as cdk8s writes its objects; lists keep their order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}
