// Writes src/config/k8s-fragments.json: the Kubernetes 1.28 definitions the fleet config embeds
// (pod affinity and HPA scaling behavior), closed against unknown keys like an API server's strict mode.
import { readFileSync, writeFileSync } from 'node:fs';

const ROOTS = {
  affinity: 'io.k8s.api.core.v1.Affinity',
  hpaBehavior: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior',
};
/** What the API server's int32 and int64 fields hold; JSON Schema has no formats for them. */
const INTEGER_BOUNDS = {
  int32: { minimum: -2147483648, maximum: 2147483647 },
  int64: { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
};

const { definitions } = JSON.parse(readFileSync(new URL('../test/fixtures/schemas/k8s-v1.28.0-definitions.json', import.meta.url)));
const needed = new Map();

function shortName(ref) {
  return ref.split('.').slice(-2).join('.');
}

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
    } else if (key === 'description' || key.startsWith('x-kubernetes')) {
      continue;
    } else if (key === 'format') {
      Object.assign(out, INTEGER_BOUNDS[value] ?? {});
    } else {
      out[key] = convert(value);
    }
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function collect(name) {
  if (needed.has(name)) return;
  needed.set(name, null);
  needed.set(name, convert(definitions[name]));
}

Object.values(ROOTS).forEach(collect);
const fragments = {
  roots: Object.fromEntries(Object.entries(ROOTS).map(([key, name]) => [key, `#/definitions/${shortName(name)}`])),
  definitions: Object.fromEntries([...needed].map(([name, schema]) => [shortName(name), schema]).sort(([a], [b]) => a.localeCompare(b))),
};
writeFileSync(new URL('../src/config/k8s-fragments.json', import.meta.url), `${JSON.stringify(fragments, null, 2)}\n`);
