// Generators of configs for property tests: mutations of valid configs, and small fleets whose names
// collide and derive into each other.
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function paths(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
  return [prefix];
}

function at(value: Json, path: Path): Json {
  return path.reduce<Json>((node, segment) => (node as Record<string, Json>)[segment as string], value);
}

/** A mutation of a config: drop, duplicate, retype or replace the value at a path. */
export type Mutation = { kind: 'drop' | 'duplicate' | 'retype' | 'replace'; pick: number; value: Json };

const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1, 2147483648, 0.5, '', 'x', '3GB', '500m', 'a:b', 'Bad Name', 'ALL', '/tmp', '-', 'postgres://u:p@h/db'),
  fc.string(),
  fc.integer(),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.constant<Json>(['a', 1]),
  fc.constant<Json>({ unknown: 1 }),
);

export function mutate(config: Json, mutation: Mutation): Json {
  const copy = structuredClone(config);
  const candidates = paths(copy).filter((path) => path.length > 0);
  if (!candidates.length) return copy;
  const path = candidates[mutation.pick % candidates.length];
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1];
  const current = (parent as Record<string | number, Json>)[key];
  if (mutation.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (mutation.kind === 'duplicate') {
    if (Array.isArray(parent)) parent.push(structuredClone(current));
    else (parent as Record<string, Json>)[`${String(key)}Copy`] = structuredClone(current);
  } else if (mutation.kind === 'retype') {
    (parent as Record<string | number, Json>)[key] = typeof current === 'string' ? Number(current) || [current] : typeof current === 'number' ? String(current) : Array.isArray(current) ? { item: current } : String(current);
  } else {
    (parent as Record<string | number, Json>)[key] = mutation.value;
  }
  return copy;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('drop', 'duplicate', 'retype', 'replace'),
  pick: fc.nat(),
  value: replacement,
});

/** Names that collide, derive into each other, or sit at the edges of what Kubernetes takes. */
const COLLIDING_NAMES = ['a', 'b', 'a-b', 'b-c', 'a-worker', 'a-follow', 'x'.repeat(56)];
const EDGE_NAMES = ['1s', 'x'.repeat(63), 'constructor', '__proto__', 'toString', 'A', '', 'a.b', '-a'];
const nameArb = fc.oneof({ arbitrary: fc.constantFrom(...COLLIDING_NAMES), weight: 12 }, { arbitrary: fc.constantFrom(...EDGE_NAMES), weight: 1 });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

const triggerArb = fc.record({
  type: fc.constantFrom('cpu', 'redis', 'postgresql', 'rabbitmq'),
  name: optional(nameArb),
  metadata: fc.constantFrom<Json>({ value: '50' }, { queueName: 'q', value: 5 }, {}),
  secretAuth: optional(fc.constantFrom<Json>({ password: 'db:password' }, { host: 'a:b' })),
}, { requiredKeys: ['type', 'metadata'] });

const poolArb = fc.record({
  name: nameArb,
  namespace: optional(fc.constantFrom('default', 'batch', 'a', 'kube-system')),
  image: fc.constantFrom('img:1', 'img:1', 'img:1', ''),
  labels: optional(fc.constantFrom<Json>({ team: 'a' }, { constructor: 'a' }, { toString: 'b', valueOf: 'c' })),
  annotations: optional(fc.constantFrom<Json>({ constructor: 'a' }, { hasOwnProperty: 'x' })),
  env: optional(fc.constantFrom<Json>(JSON.parse('{"__proto__": "x", "constructor": "y"}'), { N: 4, F: 2.5 }, { A: '1' })),
  job: optional(fc.record({ name: optional(nameArb), workers: optional(fc.constantFrom(1, 4)) }, { requiredKeys: [] })),
  follow: optional(fc.record({
    name: optional(nameArb),
    autoscale: optional(fc.record({ triggers: fc.array(triggerArb, { minLength: 1, maxLength: 2 }) })),
  }, { requiredKeys: [] })),
  serve: optional(fc.record({ name: optional(nameArb), port: optional(fc.constantFrom(8000, 9000)) }, { requiredKeys: [] })),
}, { requiredKeys: ['name', 'image'] });

export const fleetArb = fc.record({
  namespace: optional(fc.constantFrom('batch', 'default', 'a')),
  createNamespaces: optional(fc.constant(true)),
  pools: fc.array(poolArb, { minLength: 1, maxLength: 3 }),
}, { requiredKeys: ['pools'] });
