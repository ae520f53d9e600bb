import { isMapping } from '../foreign-values';

/**
 * Merges two of Prefect's env values the way its workers merge a work pool's env with a deployment's
 * (`from_template_and_values`): `over` wins for a name both set, keeping the position `base` gave it.
 * Each side is a mapping of name to value (null unsets the variable) or a Kubernetes-style list of
 * `{name, value}` / `{name, valueFrom}`. Two mappings give a mapping; otherwise a list. A side of any other
 * shape leaves `over` as it is, for the schema checks to report.
 */
export function mergeEnv(base: unknown, over: unknown): unknown {
  if (base === undefined || base === null) return over;
  if (over === undefined || over === null) return base;
  if (isMapping(base) && isMapping(over)) return Object.fromEntries([...Object.entries(base), ...Object.entries(over)]);
  const baseList = envEntries(base);
  const overList = envEntries(over);
  if (baseList === undefined || overList === undefined) return over;
  const merged = new Map<unknown, unknown>();
  let unnamed = 0;
  for (const entry of [...baseList, ...overList]) {
    const name = isMapping(entry) && typeof entry.name === 'string' ? entry.name : Symbol(`entry ${unnamed++}`);
    merged.set(name, entry);
  }
  return [...merged.values()];
}

/** The entries of an env value as a Kubernetes-style list; undefined when it is neither a mapping nor a list. */
function envEntries(env: unknown): unknown[] | undefined {
  if (Array.isArray(env)) return env;
  if (isMapping(env)) return Object.entries(env).map(([name, value]) => ({ name, value }));
  return undefined;
}
