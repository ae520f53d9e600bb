/** Name, namespace and metadata of an object a builder renders. */
export interface ObjectMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A whole Kubernetes object as plain JSON: what a builder returns and a PlainApiObject takes. */
export interface KubeObject<Spec> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMetadata;
  readonly spec: Spec;
}

/** Object metadata with empty maps left out. */
export function objectMeta(metadata: ObjectMetadata): ObjectMetadata {
  return {
    annotations: nonEmpty(metadata.annotations),
    labels: nonEmpty(metadata.labels),
    name: metadata.name,
    namespace: metadata.namespace,
  };
}

/** Two maps, the second winning; undefined when both are empty. */
export function mergedMaps(base: Readonly<Record<string, string>> | undefined, over: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return nonEmpty({ ...{}, ...base, ...over });
}

function nonEmpty(map: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return map && Object.keys(map).length ? inKeyOrder(map) : undefined;
}

/** A copy of a map with its keys in code-unit order, the order synth writes maps in. */
export function inKeyOrder<T>(map: Readonly<Record<string, T>>): Record<string, T> {
  const keys = Object.keys(map);
  for (let index = 1; index < keys.length; index++) {
    if (keys[index - 1] > keys[index]) return Object.fromEntries(sortedEntries(map));
  }
  return { ...map };
}

/** Sets `key` on a map as data: assigning `__proto__` would set the map's prototype, so that key is defined. */
export function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

/** Strings in code-unit order: the same on every machine, whatever its locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A map's entries by key, so that the order keys were written in never changes the output. */
export function sortedEntries<T>(map: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(map).sort(([a], [b]) => compareCodeUnits(a, b));
}
