// Writes src/config/k8s-fragments.json: the Kubernetes 1.28 definitions the fleet config embeds
// (pod affinity and HPA scaling behavior), closed against unknown keys like an API server's strict mode.
import { writeFileSync } from 'node:fs';
import { closedDefinitions } from './k8s-definitions.mjs';

const ROOTS = {
  affinity: 'io.k8s.api.core.v1.Affinity',
  hpaBehavior: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior',
};

const { ref, definitions } = closedDefinitions(Object.values(ROOTS), { nameParts: 2 });
const fragments = {
  roots: Object.fromEntries(Object.entries(ROOTS).map(([key, name]) => [key, ref(name)])),
  definitions,
};
writeFileSync(new URL('../src/config/k8s-fragments.json', import.meta.url), `${JSON.stringify(fragments, null, 2)}\n`);
