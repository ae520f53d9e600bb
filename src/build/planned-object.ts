import { ObjectMetadata, objectMeta, setKey } from './object';

/** A Kubernetes object as plain data. */
export type Manifest = Record<string, any>;

/**
 * An object as a builder plans it: kind and metadata at once, the spec built only when the object is
 * written, so that names can be checked without building, and a construct can build from props that
 * its mutators changed after construction.
 */
export interface PlannedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMetadata;
  /** @default - no spec */
  readonly spec?: () => unknown;
}

/** A planned object whose spec is already built. */
export function plannedObject(object: { readonly apiVersion: string; readonly kind: string; readonly metadata: ObjectMetadata; readonly spec?: unknown }): PlannedObject {
  const spec = object.spec;
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata, spec: () => spec };
}

/**
 * The object with its spec built, as the builders make it: maps in the order they were built, unset fields
 * undefined. The YAML writer puts it in the form cdk8s synthesizes as it writes (see `manifestToYaml`), so
 * no sorted copy is made on the way; `sanitizedManifest` makes that copy where one is wanted.
 */
export function builtObject(planned: PlannedObject): Manifest {
  return { apiVersion: planned.apiVersion, kind: planned.kind, metadata: objectMeta(planned.metadata), spec: planned.spec?.() };
}

/** An object in the form cdk8s synthesizes it: keys sorted below the top level, null and undefined left out. */
export function sanitizedManifest(manifest: Manifest): Manifest {
  const sanitized = canonicalManifest(manifest);
  if (sanitized === NOT_PLAIN) throw new Error(`the ${String(manifest.kind)} ${String(manifest.metadata?.name)} holds a value that is not plain JSON`);
  return sanitized;
}

/**
 * The object as cdk8s writes it: `apiVersion`, `kind` and `metadata` first, the rest in key order, every map
 * below sorted, null and undefined left out; NOT_PLAIN when something in it is not plain JSON.
 */
export function canonicalManifest(object: Manifest): Manifest | typeof NOT_PLAIN {
  const sorted = sanitizedJson(object);
  if (sorted === NOT_PLAIN) return NOT_PLAIN;
  const { apiVersion, kind, metadata, ...rest } = sorted as Manifest;
  return { apiVersion, kind, metadata, ...rest };
}

/** What `sanitizedJson` returns for a value only cdk8s's resolvers can render. */
export const NOT_PLAIN = Symbol('not plain JSON');

/**
 * What cdk8s's sanitizer makes of plain JSON: keys sorted, null and undefined values left out. Anything
 * a cdk8s resolver could act on (an object that is not a plain object or array, a function) makes it
 * NOT_PLAIN instead.
 */
export function sanitizedJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? NOT_PLAIN : value;
  if (Array.isArray(value)) {
    const items = new Array(value.length);
    for (let index = 0; index < value.length; index++) {
      const item = sanitizedJson(value[index]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      items[index] = item;
    }
    return items;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  const sorted: Record<string, unknown> = {};
  for (const key of keys) {
    const item = sanitizedJson((value as Record<string, unknown>)[key]);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (item !== null && item !== undefined) setKey(sorted, key, item);
  }
  return sorted;
}
