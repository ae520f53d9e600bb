import type { ErrorObject } from 'ajv';
import { describeValue, formatPath, Problem } from './errors';
import { SourceDocument } from './source';
import { QUANTITY, quantityHint } from './quantity';
import { didYouMean, expectedOneOf, listsInFull } from './suggest';

/** Kubernetes spellings of resources that the fleet config writes its own way. */
const KEY_HINTS: Record<string, string> = {
  'requests': 'requests are written directly under resources: {cpu, memory, ephemeralStorage}',
  'nvidia.com/gpu': 'GPUs are resources.gpu, with resources.gpuVendor',
  'amd.com/gpu': 'GPUs are resources.gpu, with resources.gpuVendor: amd',
};

/** Turns ajv errors (compiled with `allErrors` and `verbose`) into located problems, one per bad value. */
export function schemaProblems(source: SourceDocument, errors: readonly ErrorObject[], basePath: readonly (string | number)[] = []): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors.filter(isReportable)) {
    const path = [...basePath, ...pointerSegments(error.instancePath)];
    const { at, message, onKey } = describeError(error, path);
    const problem = source.problem(at, formatPath(at), message, onKey);
    const id = `${problem.path}\0${problem.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(problem);
    }
  }
  return problems;
}

function isReportable(error: ErrorObject): boolean {
  return error.keyword !== 'if' && error.keyword !== 'oneOf' && error.keyword !== 'anyOf';
}

function describeError(error: ErrorObject, path: (string | number)[]): { at: (string | number)[]; message: string; onKey: boolean } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const hint = Object.hasOwn(KEY_HINTS, key) && allowed.includes('cpu') ? ` (${KEY_HINTS[key]})` : didYouMean(key, allowed);
      return { at: [...path, key], message: `unknown key ${JSON.stringify(key)}${hint}, ${expectedOneOf(key, allowed, 'keys')}`, onKey: true };
    }
    case 'required':
      return { at: path, message: `missing required key ${JSON.stringify(params.missingProperty)}`, onKey: false };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const received = typeof error.data === 'string' ? error.data : undefined;
      const hint = received === undefined ? '' : didYouMean(received, allowed);
      const [value, expected] = [describeValue(error.data), expectedOneOf(received, allowed, 'values')];
      // A short list reads best before the suggestion; a long one must not push the suggestion out of sight.
      const message = listsInFull(allowed) ? `received ${value}, ${expected}${hint}` : `received ${value}${hint}, ${expected}`;
      return { at: path, message, onKey: false };
    }
    case 'type':
      return { at: path, message: `received ${describeValue(error.data)}, expected ${typeName(params.type)}`, onKey: false };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { at: path, message: `received ${describeValue(error.data)}, expected a number ${String(params.comparison)} ${String(params.limit)}`, onKey: false };
    case 'minItems':
      return { at: path, message: `received ${describeValue(error.data)}, expected at least ${String(params.limit)}`, onKey: false };
    case 'const':
      return { at: path, message: `received ${describeValue(error.data)}, expected ${describeValue(params.allowedValue)}`, onKey: false };
    case 'format':
      if (params.format === 'quantity') return quantityMessage(error.data, path);
      return { at: path, message: `received ${describeValue(error.data)}, expected a value of format ${String(params.format)}`, onKey: false };
    case 'pattern':
      if (params.pattern === QUANTITY.source) return quantityMessage(error.data, path);
      return { at: path, message: `received ${describeValue(error.data)}, expected a value matching ${String(params.pattern)}`, onKey: false };
    default:
      return { at: path, message: `received ${describeValue(error.data)}, expected a value that ${error.message ?? 'fits the schema'}`, onKey: false };
  }
}

function quantityMessage(value: unknown, path: (string | number)[]): { at: (string | number)[]; message: string; onKey: boolean } {
  return { at: path, message: `received ${describeValue(value)}, expected a Kubernetes quantity ${quantityHint(String(value))} (the API server refuses other text)`, onKey: false };
}

function typeName(type: unknown): string {
  const names: Record<string, string> = {
    string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false',
    object: 'a mapping', array: 'a list', null: 'null',
  };
  const types = String(type).split(',');
  return types.map((name) => (Object.hasOwn(names, name) ? names[name] : name)).join(' or ');
}

/** `/pools/0/name` as `['pools', 0, 'name']`. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((raw) => {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(segment) ? Number(segment) : segment;
  });
}
