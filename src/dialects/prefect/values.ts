import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { formatPath, InputError, Problem, usageError } from '../../config/errors';
import { schemaProblems } from '../../config/schema-errors';
import { SourceDocument } from '../../config/source';
import { didYouMean } from '../../config/suggest';
import { DialectInput } from '../dialect';
import { rootName } from '../../templates/placeholders';
import { isMapping } from '../foreign-values';
import { mergeEnv } from './env';
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
  /**
   * `ctx`: what Prefect's worker knows of the flow run (`ctx.flow.name`, `ctx.flow_run.name`…), given with
   * `--set ctx.flow.name=NAME` or a `ctx` mapping in `--values`. Empty when none is given.
   */
  readonly context: Readonly<Record<string, unknown>>;
}

/** The run-time context Prefect fills a name's `{{ ctx.* }}` placeholders from; not a template variable. */
export const RUN_CONTEXT = 'ctx';

/**
 * Collects the variables as Prefect's worker does (`from_template_and_values`): defaults from
 * `variables.properties`, then `--values FILE`, then `--set`, `--command` and `--name`.
 * - A dot-delimited key (`env.FOO: bar`, `--set env.FOO=bar`) sets one entry inside a variable; in a values
 *   file the whole-variable keys are applied after the dotted ones and deep-merged into them.
 * - `env` given by the deployment is merged with the work pool's default env (see `mergeEnv`).
 * - A value of null (a null default, or `--set x=null`) leaves the variable unset.
 * Every given variable must be declared; the result must satisfy the `variables` JSON Schema.
 */
export function resolveVariables(template: BaseJobTemplate, input: DialectInput): ResolvedVariables {
  const declared = Object.keys(template.properties);
  const defaults: Record<string, unknown> = {};
  const given: Record<string, unknown> = {};
  const origins = new Map<string, Origin>();

  for (const [name, property] of Object.entries(template.properties)) {
    if ('default' in property) defineEntry(defaults, name, property.default);
  }
  if (input.valuesFile !== undefined) readValuesFile(input.valuesFile, declared, given, origins);
  for (const [name, { value, flag }] of flagValues(input, template.properties)) {
    setValue(given, name, value);
    origins.set(rootName(name), { kind: 'flag', flag });
  }

  const context = isMapping(given[RUN_CONTEXT]) ? given[RUN_CONTEXT] : {};
  delete given[RUN_CONTEXT];
  const values: Record<string, unknown> = { ...defaults };
  for (const [name, value] of Object.entries(given)) {
    defineEntry(values, name, name === 'env' ? mergeEnv(defaults.env, value) : value);
  }
  for (const [name, value] of Object.entries(values)) {
    if (value === null) {
      delete values[name];
      origins.delete(name);
    }
  }
  validate(template, values, origins);
  return { values, origins, context };
}

/** The values file's variables, dotted keys first and whole variables on top, as Prefect applies them. */
function readValuesFile(file: string, declared: readonly string[], given: Record<string, unknown>, origins: Map<string, Origin>): void {
  const source = SourceDocument.read(file);
  if (!isMapping(source.data)) {
    throw new InputError([source.problem([], '', 'expected a mapping of variable name to value, such as image: repo/app:1.0')]);
  }
  const problems: Problem[] = [];
  const entries = Object.entries(source.data).filter(([name]) => {
    const root = rootName(name);
    if (declared.includes(root) || root === RUN_CONTEXT) return true;
    problems.push(source.problem([name], formatPath([name]), unknownVariable(root, declared), true));
    return false;
  });
  if (problems.length > 0) throw new InputError(problems);
  for (const [name, value] of entries) if (name.includes('.')) setValue(given, name, value);
  for (const [name, value] of entries) {
    if (name.includes('.')) continue;
    const dotted = given[name];
    defineEntry(given, name, isMapping(dotted) && isMapping(value) ? deepMerge(dotted, value) : value);
  }
  for (const [name] of entries) origins.set(rootName(name), { kind: 'values', source });
}

/** Sets `name` in `target`; a dotted name (`env.FOO`) sets one entry inside the variable, creating mappings. */
function setValue(target: Record<string, unknown>, name: string, value: unknown): void {
  const [root, ...rest] = name.split('.');
  if (rest.length === 0) {
    defineEntry(target, root, value);
    return;
  }
  let node = target;
  for (const segment of [root, ...rest.slice(0, -1)]) {
    const child = node[segment];
    const next = isMapping(child) ? { ...child } : {};
    defineEntry(node, segment, next);
    node = next;
  }
  defineEntry(node, rest[rest.length - 1], value);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = merged[key];
    defineEntry(merged, key, isMapping(existing) && isMapping(value) ? deepMerge(existing, value) : value);
  }
  return merged;
}

function defineEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `--set`, `--command` and `--name` as variable values, in order. */
function flagValues(input: DialectInput, properties: BaseJobTemplate['properties']): Map<string, { value: unknown; flag: string }> {
  const declared = Object.keys(properties);
  const result = new Map<string, { value: unknown; flag: string }>();
  const problems: Problem[] = [];
  for (const raw of input.set ?? []) {
    const parsed = parseSet(raw, properties);
    if ('problem' in parsed) problems.push({ path: '', message: parsed.problem });
    else {
      result.delete(parsed.name);
      result.set(parsed.name, { value: parsed.value, flag: `--set ${parsed.name}` });
    }
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
 * `KEY=VALUE`, the value read as YAML; KEY may be dotted (`env.FOO`). For a variable (or entry) whose
 * schema takes text and no number or boolean — `type: string`, or `anyOf: [{type: string}, {type: "null"}]`
 * as pydantic writes an optional string — the value is the text as written (`--set cpu_limit=2` gives "2",
 * `--set name=a: b` gives "a: b") unless YAML reads a string or null.
 */
function parseSet(raw: string, properties: BaseJobTemplate['properties']): { name: string; value: unknown } | { problem: string } {
  const declared = Object.keys(properties);
  const equals = raw.indexOf('=');
  if (equals < 0) return { problem: `--set ${JSON.stringify(raw)}: expected KEY=VALUE, such as --set image=repo/app:1.0` };
  const name = raw.slice(0, equals).trim();
  if (name === '') return { problem: `--set ${JSON.stringify(raw)}: the key is empty, expected KEY=VALUE` };
  const [root, ...rest] = name.split('.');
  if (rest.some((segment) => segment === '') || root === '') return { problem: `--set ${name}: an empty segment in a dotted key, expected KEY or KEY.ENTRY such as env.LOG_LEVEL` };
  if (root !== RUN_CONTEXT && !declared.includes(root)) return { problem: `--set ${name}: ${unknownVariable(root, declared)}` };
  const text = raw.slice(equals + 1);
  const doc = parseDocument(text, { strict: true, uniqueKeys: true, prettyErrors: false });
  const error = doc.errors[0];
  const stringVariable = root === RUN_CONTEXT || takesTextOnly(schemaAt(properties[root], rest));
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

/** The JSON Schema of an entry inside a variable (`env` + `FOO`): its `properties`, else `additionalProperties`. */
function schemaAt(schema: Readonly<Record<string, unknown>> | undefined, path: readonly string[]): Readonly<Record<string, unknown>> | undefined {
  let node = schema;
  for (const segment of path) {
    if (node === undefined) return undefined;
    const properties = node.properties;
    if (isMapping(properties) && Object.prototype.hasOwnProperty.call(properties, segment) && isMapping(properties[segment])) node = properties[segment];
    else node = isMapping(node.additionalProperties) ? node.additionalProperties : undefined;
  }
  return node;
}

/** Whether a schema takes a string and no number, integer or boolean (directly or through anyOf/oneOf). */
function takesTextOnly(schema: Readonly<Record<string, unknown>> | undefined): boolean {
  if (schema === undefined) return false;
  const types = new Set<unknown>();
  const collect = (node: unknown) => {
    if (!isMapping(node)) return;
    for (const type of Array.isArray(node.type) ? node.type : [node.type]) types.add(type);
    for (const key of ['anyOf', 'oneOf']) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach(collect);
  };
  collect(schema);
  return types.has('string') && !['number', 'integer', 'boolean', 'object', 'array'].some((type) => types.has(type));
}

function unknownVariable(name: string, declared: readonly string[]): string {
  const expected = declared.length > 0 ? `expected one of: ${declared.join(', ')}` : 'and the template declares none';
  return `unknown variable ${JSON.stringify(name)}${didYouMean(name, declared)}: variables.properties does not declare it, ${expected}`;
}

function validate(template: BaseJobTemplate, values: Record<string, unknown>, origins: ReadonlyMap<string, Origin>): void {
  const check = compile(template);
  // A Kubernetes-style env list is valid wherever Prefect's env is, whatever the schema says of a mapping;
  // its entries are checked against the Kubernetes schema once they are in the container.
  const checked = Array.isArray(values.env) ? { ...values, env: {} } : values;
  if (check(checked)) return;
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
    case 'flag': {
      // `--set env.FOO` sets the path env.FOO: a problem there or below reads as the flag plus the rest.
      const key = origin.flag.replace(/^--set /, '');
      return schemaProblems(template.source, [error]).map((problem) => ({
        path: problem.path === key || problem.path.startsWith(`${key}.`) || problem.path.startsWith(`${key}[`)
          ? `${origin.flag}${problem.path.slice(key.length)}`
          : `${origin.flag} (${problem.path})`,
        message: problem.message,
      }));
    }
    case 'default': {
      const rest = { ...error, instancePath: `/${segments.slice(1).join('/')}`.replace(/^\/$/, '') };
      return schemaProblems(template.source, [rest], ['variables', 'properties', name, 'default']);
    }
  }
}
