import { InputError, Problem } from '../../config/errors';
import { checkRestrictedPodSecurity } from '../../security/restricted';
import { Manifest } from '../../synth/render';
import { lookupPath, renderTemplate } from '../../templates/placeholders';
import { Dialect, DialectInput, DialectOutput } from '../dialect';
import { apiServerCheck, schemaCheck } from './checks';
import { Locator, prepare, pythonText } from './prepare';
import { fillRestrictedDefaults } from './security';
import { readBaseJobTemplate } from './template';
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
  const configuration = renderTemplate(template.jobConfiguration, lookup, { text: pythonText }) as Record<string, unknown>;
  const locate = new Locator(template.source);
  const { manifest, kind, warnings } = prepare(configuration, input.name, locate);
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
