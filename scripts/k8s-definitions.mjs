// Closed JSON Schemas from the Kubernetes 1.28 definitions, shared by the extract-* scripts: every object
// schema that lists properties rejects unknown keys (like an API server's strict field validation),
// descriptions and x-kubernetes-* are dropped, int32/int64 formats become bounds.
import { readFileSync } from 'node:fs';

const DEFINITIONS = new URL('../test/fixtures/schemas/k8s-v1.28.0-definitions.json', import.meta.url);

/** What the API server's int32 and int64 fields hold; JSON Schema has no formats for them. */
const INTEGER_BOUNDS = {
  int32: { minimum: -2147483648, maximum: 2147483647 },
  int64: { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
};

const { definitions } = JSON.parse(readFileSync(DEFINITIONS, 'utf8'));

/**
 * The closed schemas of `roots` and of everything they reference, keyed by the last `nameParts` parts of
 * each definition's name (`v1.Affinity`); `replaced` gives a definition's schema outright.
 */
export function closedDefinitions(roots, { nameParts, replaced = {} }) {
  const needed = new Map();
  const shortName = (name) => name.split('.').slice(-nameParts).join('.');

  function convert(schema) {
    if (Array.isArray(schema)) return schema.map(convert);
    if (!schema || typeof schema !== 'object') return schema;
    const out = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref') {
        const name = value.replace('#/definitions/', '');
        collect(name);
        out.$ref = `#/definitions/${shortName(name)}`;
      } else if (key === 'properties') {
        out.properties = Object.fromEntries(Object.entries(value).map(([prop, sub]) => [prop, convert(sub)]));
      } else if (key === 'format') {
        Object.assign(out, INTEGER_BOUNDS[value] ?? {});
      } else if (key !== 'description' && !key.startsWith('x-kubernetes')) {
        out[key] = convert(value);
      }
    }
    if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  }

  function collect(name) {
    if (needed.has(name)) return;
    needed.set(name, null);
    needed.set(name, replaced[name] ?? convert(definitions[name]));
  }

  roots.forEach(collect);
  return {
    ref: (name) => `#/definitions/${shortName(name)}`,
    definitions: Object.fromEntries([...needed].map(([name, schema]) => [shortName(name), schema]).sort(([a], [b]) => a.localeCompare(b))),
  };
}
