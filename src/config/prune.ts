import type { ErrorObject, ValidateFunction } from 'ajv';

type Path = readonly (string | number)[];

/** A copy of a document without the values the schema refused, that maps its paths back to the original's. */
export interface PrunedDocument {
  readonly value: unknown;
  /** The path in the original document of the value at `path` in the copy. */
  originalPath(path: Path): (string | number)[];
}

/** Schema errors that rounds of pruning may leave: the fleet as a whole with no pools to check. */
const TOLERATED = (error: ErrorObject) => (error.instancePath === '' && error.keyword === 'required') || (error.instancePath === '/pools' && error.keyword === 'minItems');
const MAX_ROUNDS = 8;

/**
 * Removes every value the schema refused (an unknown key, a wrong type, an object missing a required
 * key) until what is left fits the schema, so the semantic checks can run on the well-typed rest.
 * Undefined when the document itself is not a mapping or pruning does not converge.
 */
export function pruneInvalid(data: unknown, errors: readonly ErrorObject[], validate: ValidateFunction, defaults: Record<string, unknown>): PrunedDocument | undefined {
  const indexMaps = new WeakMap<unknown[], number[]>();
  let current = data;
  let remaining = errors.filter((error) => !TOLERATED(error));
  for (let round = 0; remaining.length && round < MAX_ROUNDS; round++) {
    const removals = new Set(remaining.map(removedPointer));
    if (removals.has('')) return undefined;
    current = copyWithout(current, '', removals, indexMaps);
    remaining = validate(current) ? [] : (validate.errors ?? []).filter((error) => !TOLERATED(error));
  }
  if (remaining.length || !isRecord(current)) return undefined;
  const value = { ...defaults, ...current };
  return { value, originalPath: (path) => originalPath(value, path, indexMaps) };
}

function removedPointer(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    return `${error.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return error.instancePath;
}

function copyWithout(value: unknown, pointer: string, removals: ReadonlySet<string>, indexMaps: WeakMap<unknown[], number[]>): unknown {
  if (Array.isArray(value)) {
    const previous = indexMaps.get(value);
    const kept: unknown[] = [];
    const origins: number[] = [];
    value.forEach((item, index) => {
      const itemPointer = `${pointer}/${index}`;
      if (removals.has(itemPointer)) return;
      kept.push(copyWithout(item, itemPointer, removals, indexMaps));
      origins.push(previous ? previous[index] : index);
    });
    indexMaps.set(kept, origins);
    return kept;
  }
  if (!isRecord(value)) return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) {
    const itemPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!removals.has(itemPointer)) copy[key] = copyWithout(item, itemPointer, removals, indexMaps);
  }
  return copy;
}

function originalPath(root: unknown, path: Path, indexMaps: WeakMap<unknown[], number[]>): (string | number)[] {
  let node = root;
  return path.map((segment) => {
    const origins = Array.isArray(node) ? indexMaps.get(node) : undefined;
    const original = typeof segment === 'number' && origins ? origins[segment] ?? segment : segment;
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[segment] : undefined;
    return original;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
