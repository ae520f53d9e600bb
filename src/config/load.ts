import Ajv, { ValidateFunction } from 'ajv';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { translatedCredentialProblems } from '../checks/credentials-source';
import { checkFleet } from './checks';
import { formatPath, InputError, Problem } from './errors';
import { FLEET_SCHEMA, FLEET_SCHEMA_OPTIONS } from './schema';
import { pointerSegments, schemaProblems } from './schema-errors';
import { SourceDocument } from './source';

let compiled: ValidateFunction | undefined;

/** The compiled fleet schema: the one the build compiled, else (running from source) compiled now. */
export function fleetValidator(): ValidateFunction {
  compiled ??= precompiledValidator() ?? new Ajv(FLEET_SCHEMA_OPTIONS).compile(FLEET_SCHEMA);
  return compiled;
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

/** Checks a parsed document against the schema, then the semantic rules; throws every problem at once. */
export function parseFleetConfig(source: SourceDocument): WorkerFleetProps {
  const validate = fleetValidator();
  if (!validate(source.data)) throw new InputError(sortProblems(schemaProblems(source, validate.errors ?? [])));
  const fleet = source.data as WorkerFleetProps;
  const problems: Problem[] = [];
  checkFleet(fleet, (path, message, onKey) => problems.push(source.problem(path, formatPath(path), message, onKey)));
  if (problems.length) throw new InputError(sortProblems(problems));
  return fleet;
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
