import Ajv, { ValidateFunction } from 'ajv';
import { App, Chart } from 'cdk8s';
import { isScalar, parseAllDocuments } from 'yaml';
import { describeValue, formatPath, formatProblem, InputError, Problem, usageError } from '../config/errors';
import { schemaProblems } from '../config/schema-errors';
import { inputName, readInputText } from '../config/input-text';
import { SourceDocument } from '../config/source';
import { StateMachine, StateMachineProps, stateMachineSpecFromJson } from '../constructs/state-machine';
import type { Manifest } from '../build/planned-object';
import { Dialect, DialectInput, DialectOutput } from './dialect';
import { checkStateMachine, StateMachineJson, stateMachineKey } from './state-machine/checks';
import { applyDefaults } from './state-machine/defaults';
import { STATE_MACHINE_API_VERSION, STATE_MACHINE_KIND, STATE_MACHINE_SCHEMA } from './state-machine/schema';

/**
 * `--dialect state-machine`: one or more StateMachine custom resources (state-machine-operator), one per YAML
 * document. Each is validated against the CRD's schema (unknown fields are errors), gets the CRD's defaults
 * written out as the API server's structural defaulting would, and is checked for what the operator only finds
 * at run time (see ./state-machine/checks.ts). Out come the same objects, in file order.
 */
export const STATE_MACHINE: Dialect = {
  name: 'state-machine',
  summary: 'StateMachine custom resources of the state-machine-operator, checked and with CRD defaults written out',
  translate: translateStateMachines,
};

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(STATE_MACHINE_SCHEMA);
  return compiled;
}

/** Reads, checks and defaults every StateMachine in `input.file`; throws every problem at once. */
export function translateStateMachines(input: DialectInput): DialectOutput {
  rejectForeignFlags(input);
  const sources = readDocuments(input.file);
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const machines: { cr: StateMachineJson; source: SourceDocument }[] = [];
  for (const source of sources) {
    const documentProblems = checkDocument(source);
    problems.push(...documentProblems.problems);
    warnings.push(...(documentProblems.warnings ?? []));
    if (documentProblems.cr) machines.push({ cr: documentProblems.cr, source });
    if (documentProblems.droppedStatus) warnings.push(formatProblem(source.problem(['status'], 'status', 'dropped: the operator writes status, a file does not', true)));
  }
  problems.push(...duplicateProblems(machines));
  if (problems.length) throw new InputError(sortProblems(problems));
  return { manifests: renderStateMachines(machines.map(({ cr }) => cr)), warnings };
}

/** The flags other dialects take mean nothing here: a StateMachine names itself and runs its own scripts. */
function rejectForeignFlags(input: DialectInput): void {
  const given = [
    input.name !== undefined && '--name',
    input.command !== undefined && '--command',
    input.valuesFile !== undefined && '--values',
    input.set !== undefined && input.set.length > 0 && '--set',
    input.restrictedDefaults === false && '--no-restricted-defaults',
  ].filter((flag): flag is string => typeof flag === 'string');
  if (given.length) {
    throw usageError(`${given.join(', ')}: received with --dialect state-machine, expected only --config (and the output flags): a StateMachine file sets its own name, scripts and settings`);
  }
}

/** The objects the StateMachine construct renders for checked, defaulted StateMachines. */
function renderStateMachines(crs: readonly StateMachineJson[]): Manifest[] {
  const chart = new Chart(new App({ outdir: '.' }), 'state-machine', { disableResourceNameHashes: true });
  crs.forEach((cr, index) => new StateMachine(chart, `StateMachine${index}`, propsFromJson(cr)));
  return chart.toJson();
}

function propsFromJson(cr: StateMachineJson): StateMachineProps {
  const spec = stateMachineSpecFromJson(cr.spec as Record<string, any>);
  return {
    name: cr.metadata?.name,
    namespace: cr.metadata?.namespace,
    labels: cr.metadata?.labels,
    annotations: cr.metadata?.annotations,
    workflow: spec.workflow,
    cluster: spec.cluster,
    manager: spec.manager,
    registry: spec.registry,
    jobs: spec.jobs ?? [],
  };
}

interface DocumentResult {
  readonly problems: Problem[];
  readonly warnings?: readonly string[];
  readonly cr?: StateMachineJson;
  readonly droppedStatus?: boolean;
}

function checkDocument(source: SourceDocument): DocumentResult {
  const data = source.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { problems: [source.problem([], '', `received ${describeValue(data)}, expected a StateMachine: a mapping with apiVersion ${STATE_MACHINE_API_VERSION} and kind ${STATE_MACHINE_KIND}`)] };
  }
  const identity = identityProblems(source, data as Record<string, unknown>);
  if (identity.length) return { problems: identity };
  const validate = validator();
  if (!validate(data)) return { problems: schemaProblems(source, validate.errors ?? []) };
  const { status, ...rest } = data as Record<string, unknown>;
  const cr = applyDefaults(STATE_MACHINE_SCHEMA, rest) as StateMachineJson;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  checkStateMachine(
    cr,
    (path, message, onKey) => problems.push(source.problem(path, formatPath(path), message, onKey)),
    (path, message) => warnings.push(formatProblem(source.problem(path, formatPath(path), message))),
  );
  return { problems, warnings, cr: problems.length ? undefined : cr, droppedStatus: status !== undefined };
}

/** apiVersion and kind first: a document of another kind would only drown in unknown-field errors. */
function identityProblems(source: SourceDocument, data: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const [field, expected] of [['apiVersion', STATE_MACHINE_API_VERSION], ['kind', STATE_MACHINE_KIND]] as const) {
    const received = data[field];
    if (received === expected) continue;
    if (received === undefined) {
      problems.push(source.problem([], '', `missing required key ${JSON.stringify(field)}, expected ${field}: ${expected}`));
    } else {
      problems.push(source.problem([field], field, `received ${describeValue(received)}, expected ${JSON.stringify(expected)}: this dialect reads StateMachine custom resources only`));
    }
  }
  return problems;
}

/** Two documents for the same object would overwrite each other on `kubectl apply`. */
function duplicateProblems(machines: readonly { cr: StateMachineJson; source: SourceDocument }[]): Problem[] {
  const seen = new Map<string, SourceDocument>();
  const problems: Problem[] = [];
  for (const { cr, source } of machines) {
    const key = stateMachineKey(cr);
    const first = seen.get(key);
    if (first) {
      const line = first.position(['metadata', 'name']).line;
      problems.push(source.problem(['metadata', 'name'], 'metadata.name', `received ${describeValue(cr.metadata?.name)}, expected a name no other StateMachine in the file has in its namespace: the document at line ${line} has it too`));
    } else {
      seen.set(key, source);
    }
  }
  return problems;
}

/**
 * One SourceDocument per non-empty YAML document of the file, each positioned in the whole file. A single
 * document goes through SourceDocument.read as is; several are cut apart and parsed one at a time, each with
 * the text before it blanked out (newlines kept), so lines and columns stay those of the file.
 */
function readDocuments(path: string): SourceDocument[] {
  const file = inputName(path);
  const text = readInputText(path);
  try {
    return [SourceDocument.parse(file, text)];
  } catch (error) {
    if (!(error instanceof InputError) || !/multiple documents/i.test(error.message)) throw error;
  }
  const sources: SourceDocument[] = [];
  for (const document of parseAllDocuments(text)) {
    const contents = document.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const [start, , end] = document.range;
    const before = text.slice(0, start);
    const blanked = before.replace(/[^\n]/g, ' ');
    const source = SourceDocument.parse(file, `${blanked}${text.slice(start, end)}`);
    sources.push(source);
  }
  if (!sources.length) throw new InputError([{ file, position: { line: 1, col: 1 }, path: '', message: 'the file has only empty documents, expected one or more StateMachine documents' }]);
  return sources;
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0));
}
