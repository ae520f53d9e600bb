// Writes src/config/k8s-fragments.json: the Kubernetes 1.28 definitions the fleet config embeds
// (pod affinity, HPA scaling behavior, and the pod model's probes, lifecycle hooks, volume sources, env
// sources, topology spread and DNS), closed against unknown keys like an API server's strict mode.
import { writeFileSync } from 'node:fs';
import { closedDefinitions } from './k8s-definitions.mjs';

const ROOTS = {
  affinity: 'io.k8s.api.core.v1.Affinity',
  hpaBehavior: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior',
  probe: 'io.k8s.api.core.v1.Probe',
  lifecycle: 'io.k8s.api.core.v1.Lifecycle',
  envVarSource: 'io.k8s.api.core.v1.EnvVarSource',
  envFromSource: 'io.k8s.api.core.v1.EnvFromSource',
  topologySpreadConstraint: 'io.k8s.api.core.v1.TopologySpreadConstraint',
  hostAlias: 'io.k8s.api.core.v1.HostAlias',
  dnsConfig: 'io.k8s.api.core.v1.PodDNSConfig',
  configMapVolume: 'io.k8s.api.core.v1.ConfigMapVolumeSource',
  secretVolume: 'io.k8s.api.core.v1.SecretVolumeSource',
  projectedVolume: 'io.k8s.api.core.v1.ProjectedVolumeSource',
  emptyDirVolume: 'io.k8s.api.core.v1.EmptyDirVolumeSource',
  persistentVolumeClaimVolume: 'io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource',
  csiVolume: 'io.k8s.api.core.v1.CSIVolumeSource',
  ephemeralVolume: 'io.k8s.api.core.v1.EphemeralVolumeSource',
};

/** Quantities and int-or-strings are strings in the definitions; YAML users write numbers too. */
const REPLACED = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['string', 'integer'] },
  // An ephemeral volume's claim template: the API server refuses metadata other than labels and annotations.
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    additionalProperties: false,
    properties: {
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
};

const { ref, definitions } = closedDefinitions(Object.values(ROOTS), { nameParts: 2, replaced: REPLACED });
const fragments = {
  roots: Object.fromEntries(Object.entries(ROOTS).map(([key, name]) => [key, ref(name)])),
  definitions,
};
writeFileSync(new URL('../src/config/k8s-fragments.json', import.meta.url), `${JSON.stringify(fragments, null, 2)}\n`);
