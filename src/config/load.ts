import type { ValidateFunction } from 'ajv';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { translatedCredentialProblems } from '../checks/credentials-source';
import { checkFleet, Report } from './checks';
import { formatPath, InputError, Problem } from './errors';
import { pointerSegments, schemaProblems } from './schema-errors';
import { pruneInvalid } from './prune';
import { SourceDocument } from './source';

type Path = readonly (string | number)[];

let compiled: ValidateFunction | undefined;

/** The compiled fleet schema: the one the build compiled, else (running from source) compiled now. */
export function fleetValidator(): ValidateFunction {
  compiled ??= precompiledValidator() ?? compileAtRunTime();
  return compiled;
}

/** Running from source there is no compiled validator: ajv and the schema are loaded then, and only then. */
function compileAtRunTime(): ValidateFunction {
  const { default: Ajv } = require('ajv') as typeof import('ajv');
  const { FLEET_SCHEMA, FLEET_SCHEMA_OPTIONS } = require('./schema') as typeof import('./schema');
  return new Ajv(FLEET_SCHEMA_OPTIONS).compile(FLEET_SCHEMA);
}

function precompiledValidator(): ValidateFunction | undefined {
  try {
    return require('./fleet-validate') as ValidateFunction;
  } catch {
    return undefined;
  }
}

/** Reads, parses and checks a fleet config file. */
export function loadFleetConfig(file: string): WorkerFleetProps {
  return parseFleetConfig(SourceDocument.read(file));
}

/**
 * Checks a parsed document against the schema and the semantic rules, and throws every problem at once:
 * the semantic checks run on what the schema accepted even when it refused other values.
 */
export function parseFleetConfig(source: SourceDocument): WorkerFleetProps {
  const validate = fleetValidator();
  const valid = validate(source.data);
  const problems = valid ? [] : schemaProblems(source, validate.errors ?? []);
  const checked = valid ? { value: source.data, originalPath: (path: Path) => [...path] } : pruneInvalid(source.data, validate.errors ?? [], validate, { pools: [] });
  if (checked) {
    const report: Report = (path, message, onKey) => {
      const original = checked.originalPath(path);
      problems.push(source.problem(original, formatPath(original), message, onKey));
    };
    runChecks(checked.value as WorkerFleetProps, report, valid);
    checkScalarText(checked.value as WorkerFleetProps, source, checked.originalPath, report);
  }
  if (problems.length) throw new InputError(sortProblems(uniqueProblems(problems)));
  return source.data as WorkerFleetProps;
}

/** The semantic checks; on a pruned document a check that trips over a missing value gives way to the schema's problems. */
function runChecks(fleet: WorkerFleetProps, report: Report, valid: boolean): void {
  try {
    checkFleet(fleet, report);
  } catch (error) {
    if (valid) throw error;
  }
}

/** Numbers and booleans in string maps (env, trigger metadata) must read as they are written. */
function checkScalarText(fleet: WorkerFleetProps, source: SourceDocument, originalPath: (path: Path) => (string | number)[], report: Report): void {
  if (!source.rewritesScalars) return;
  const check = (map: Readonly<Record<string, unknown>> | undefined, path: Path) => {
    for (const [key, value] of Object.entries(map ?? {})) {
      if (typeof value !== 'number' && typeof value !== 'boolean') continue;
      const problem = source.rewrittenScalarProblem(originalPath([...path, key]), value);
      if (problem) report([...path, key], problem);
    }
  };
  check(fleet.defaults?.env, ['defaults', 'env']);
  fleet.pools.forEach((pool, index) => {
    check(pool.env, ['pools', index, 'env']);
    for (const component of ['job', 'follow', 'serve'] as const) check(pool[component]?.env, ['pools', index, component, 'env']);
    pool.follow?.autoscale?.triggers.forEach((trigger, triggerIndex) => check(trigger.metadata, ['pools', index, 'follow', 'autoscale', 'triggers', triggerIndex, 'metadata']));
  });
}

function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const id = `${problem.path}\0${problem.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Checks a fleet built in code (by a dialect), reporting problems against the file it came from; with
 * `source`, credentials are located where that file writes them.
 */
export function checkFleetConfig(fleet: WorkerFleetProps, file: string, source?: SourceDocument): WorkerFleetProps {
  if (source) {
    const credentials = translatedCredentialProblems(fleet, source);
    if (credentials.length) throw new InputError(sortProblems(credentials));
  }
  const validate = fleetValidator();
  const problems: Problem[] = [];
  if (!validate(fleet)) {
    for (const error of validate.errors ?? []) {
      problems.push({ file, path: formatPath(pointerSegments(error.instancePath)), message: `the translated config ${error.message ?? 'does not fit the schema'}` });
    }
  } else {
    checkFleet(fleet, (path, message) => problems.push({ file, path: formatPath(path), message }));
  }
  if (problems.length) throw new InputError(problems);
  return fleet;
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0));
}
