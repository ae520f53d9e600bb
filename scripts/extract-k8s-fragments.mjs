// Writes src/config/k8s-fragments.json: the Kubernetes 1.28 definitions the fleet config embeds
// (pod affinity and HPA scaling behavior), closed against unknown keys like an API server's strict mode.
import { readFileSync, writeFileSync } from 'node:fs';

const ROOTS = {
  affinity: 'io.k8s.api.core.v1.Affinity',
  hpaBehavior: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior',
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
      continue;
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
