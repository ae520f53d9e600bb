import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { formatPath, InputError, Problem, usageError } from '../../config/errors';
import { schemaProblems } from '../../config/schema-errors';
import { SourceDocument } from '../../config/source';
import { didYouMean } from '../../config/suggest';
import { DialectInput } from '../dialect';
import { isMapping } from '../foreign-values';
import { BaseJobTemplate } from './template';

/** Where a variable's value came from, for error messages. */
export type Origin =
  | { readonly kind: 'default' }
  | { readonly kind: 'values'; readonly source: SourceDocument }
  | { readonly kind: 'flag'; readonly flag: string };

/** The variables a template is rendered with: the values that are set (never null) and their origins. */
export interface ResolvedVariables {
  readonly values: Readonly<Record<string, unknown>>;
  readonly origins: ReadonlyMap<string, Origin>;
}

/**
 * Collects the variables: defaults from `variables.properties`, then `--values FILE`, then `--set`,
 * `--command` and `--name`. A value of null (a null default, or `--set x=null`) leaves the variable unset.
 * Every given variable must be declared; the result must satisfy the `variables` JSON Schema.
 */
export function resolveVariables(template: BaseJobTemplate, input: DialectInput): ResolvedVariables {
  const declared = Object.keys(template.properties);
  const values: Record<string, unknown> = {};
  const origins = new Map<string, Origin>();
  const assign = (name: string, value: unknown, origin: Origin) => {
    Object.defineProperty(values, name, { value, enumerable: true, writable: true, configurable: true });
    origins.set(name, origin);
  };

  for (const [name, property] of Object.entries(template.properties)) {
    if ('default' in property) assign(name, property.default, { kind: 'default' });
  }
  if (input.valuesFile !== undefined) {
    const source = SourceDocument.read(input.valuesFile);
    if (!isMapping(source.data)) {
      throw new InputError([source.problem([], '', 'expected a mapping of variable name to value, such as image: repo/app:1.0')]);
    }
    const problems: Problem[] = [];
    for (const [name, value] of Object.entries(source.data)) {
      if (declared.includes(name)) assign(name, value, { kind: 'values', source });
      else problems.push(source.problem([name], formatPath([name]), unknownVariable(name, declared), true));
    }
    if (problems.length > 0) throw new InputError(problems);
  }
  const flags = flagValues(input, template.properties);
  for (const [name, { value, flag }] of flags) assign(name, value, { kind: 'flag', flag });

  for (const [name, value] of Object.entries(values)) {
    if (value === null) {
      delete values[name];
      origins.delete(name);
    }
  }
  validate(template, values, origins);
  return { values, origins };
}

/** `--set`, `--command` and `--name` as variable values; later `--set`s of one key win. */
function flagValues(input: DialectInput, properties: BaseJobTemplate['properties']): Map<string, { value: unknown; flag: string }> {
  const declared = Object.keys(properties);
  const result = new Map<string, { value: unknown; flag: string }>();
  const problems: Problem[] = [];
  for (const raw of input.set ?? []) {
    const parsed = parseSet(raw, properties);
    if ('problem' in parsed) problems.push({ path: '', message: parsed.problem });
    else result.set(parsed.name, { value: parsed.value, flag: `--set ${parsed.name}` });
  }
  if (problems.length > 0) throw new InputError(problems);
  const fromFlag = (flag: '--command' | '--name', name: string, value: string | undefined) => {
    if (value === undefined || !declared.includes(name)) return;
    const set = result.get(name);
    if (set !== undefined && set.value !== value) {
      throw usageError(`${flag} ${JSON.stringify(value)} and --set ${name}=${String(set.value)} disagree, expected one of them`);
    }
    result.set(name, { value, flag });
  };
  if (input.command !== undefined && !declared.includes('command')) {
    throw usageError('--command: the template declares no "command" variable, expected a template whose variables.properties has command');
  }
  fromFlag('--command', 'command', input.command);
  fromFlag('--name', 'name', input.name);
  return result;
}

/**
 * `KEY=VALUE`, the value read as YAML. For a variable declared `type: string` the value is the text as
 * written (`--set cpu=2` gives "2", `--set name=a: b` gives "a: b") unless YAML reads a string or null.
 */
function parseSet(raw: string, properties: BaseJobTemplate['properties']): { name: string; value: unknown } | { problem: string } {
  const declared = Object.keys(properties);
  const equals = raw.indexOf('=');
  if (equals < 0) return { problem: `--set ${JSON.stringify(raw)}: expected KEY=VALUE, such as --set image=repo/app:1.0` };
  const name = raw.slice(0, equals).trim();
  if (name === '') return { problem: `--set ${JSON.stringify(raw)}: the key is empty, expected KEY=VALUE` };
  if (!declared.includes(name)) return { problem: `--set ${name}: ${unknownVariable(name, declared)}` };
  const text = raw.slice(equals + 1);
  const doc = parseDocument(text, { strict: true, uniqueKeys: true, prettyErrors: false });
  const error = doc.errors[0];
  const stringVariable = properties[name].type === 'string';
  if (error && stringVariable) return { name, value: text };
  if (error) {
    const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { problem: `--set ${name}: ${JSON.stringify(text)} is not a YAML value (${reason}), expected a scalar or a flow value such as 3, "text", [a, b] or {"A": "b"}` };
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: 0 });
    return { name, value: stringVariable && value !== null && typeof value !== 'string' ? text : value };
  } catch {
    return { problem: `--set ${name}: ${JSON.stringify(text)} uses YAML aliases, expected a plain value` };
  }
}

function unknownVariable(name: string, declared: readonly string[]): string {
  const expected = declared.length > 0 ? `expected one of: ${declared.join(', ')}` : 'and the template declares none';
  return `unknown variable ${JSON.stringify(name)}${didYouMean(name, declared)}: variables.properties does not declare it, ${expected}`;
}

function validate(template: BaseJobTemplate, values: Record<string, unknown>, origins: ReadonlyMap<string, Origin>): void {
  const check = compile(template);
  if (check(values)) return;
  const problems = mergeTypeErrors(check.errors ?? []).flatMap((error) => locate(template, error, origins));
  throw new InputError(problems.length > 0 ? problems : [template.source.problem(['variables'], 'variables', 'the values do not satisfy this JSON Schema')]);
}

/**
 * One type error per value: `anyOf: [{type: integer}, {type: "null"}]` (how pydantic writes an optional
 * field) fails twice for "abc"; say "expected a whole number or null" once.
 */
function mergeTypeErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const merged: ErrorObject[] = [];
  const byPath = new Map<string, ErrorObject>();
  for (const error of errors) {
    const first = error.keyword === 'type' ? byPath.get(error.instancePath) : undefined;
    if (first) {
      const types = new Set([...String(first.params.type).split(','), ...String(error.params.type).split(',')]);
      first.params = { ...first.params, type: [...types].join(',') };
      continue;
    }
    const copy = { ...error };
    if (error.keyword === 'type') byPath.set(error.instancePath, copy);
    merged.push(copy);
  }
  return merged;
}

function compile(template: BaseJobTemplate): ValidateFunction {
  // Work pool schemas carry keywords of their own (example, block_type_slug, position…): not strict.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: false, allowUnionTypes: true, logger: false });
  try {
    return ajv.compile(template.variables);
  } catch (error) {
    throw new InputError([template.source.problem(['variables'], 'variables', `is not a valid JSON Schema: ${(error as Error).message}`)]);
  }
}

/** Places an ajv error on the variable it is about, where that variable's value came from. */
function locate(template: BaseJobTemplate, error: ErrorObject, origins: ReadonlyMap<string, Origin>): Problem[] {
  const segments = error.instancePath.split('/').slice(1);
  const name = segments.length > 0 ? segments[0].replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
  if (name === undefined) {
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return [template.source.problem(['variables', 'required'], 'variables.required',
        `variable ${JSON.stringify(missing)} is required and has no value, expected --set ${missing}=VALUE or ${missing} in --values`)];
    }
    return schemaProblems(template.source, [error], ['variables']);
  }
  const origin = origins.get(name) ?? { kind: 'default' as const };
  switch (origin.kind) {
    case 'values':
      return schemaProblems(origin.source, [error]);
    case 'flag':
      return schemaProblems(template.source, [error]).map((problem) => ({
        path: problem.path === name ? origin.flag : `${origin.flag}${problem.path.slice(name.length)}`,
        message: problem.message,
      }));
    case 'default': {
      const rest = { ...error, instancePath: `/${segments.slice(1).join('/')}`.replace(/^\/$/, '') };
      return schemaProblems(template.source, [rest], ['variables', 'properties', name, 'default']);
    }
  }
}
