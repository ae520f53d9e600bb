import { Lazy } from 'cdk8s';

/**
 * `value` with every cdk8s token in it resolved, as cdk8s resolves an object's body: a `Lazy` gives what
 * it produces, an object with a `resolve()` method what that returns, each resolved again. Plain data
 * comes back as the same object, so props without tokens cost one walk and no copy.
 */
export function resolveTokens<T>(value: T): T {
  return resolveValue(value) as T;
}

function resolveValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Lazy) return resolveValue(value.produce());
  if (typeof (value as { resolve?: unknown }).resolve === 'function') return resolveValue((value as { resolve(): unknown }).resolve());
  if (Array.isArray(value)) {
    const items = value.map(resolveValue);
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  let changed: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolveValue(item);
    if (resolved !== item) (changed ??= { ...value })[key] = resolved;
  }
  return changed ?? value;
}
