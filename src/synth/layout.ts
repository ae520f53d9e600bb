import { compareCodeUnits } from '../build/object';
import { manifestsToYaml, manifestToYaml } from './yaml';
import { Manifest } from './render';

/** How synth lays its output out on disk. */
export type Layout = 'single' | 'per-resource' | 'kustomize';

export const LAYOUTS: readonly Layout[] = ['single', 'per-resource', 'kustomize'];

/** Name of the file the single layout writes (the name `cdk8s synth` gives the chart's output too). */
export const SINGLE_FILE = 'workers.k8s.yaml';

/** Output files by relative path, in the order they are listed. */
export type OutputFiles = Map<string, string>;

/** The files a layout writes for these objects. */
export function layoutFiles(manifests: readonly Manifest[], layout: Layout): OutputFiles {
  if (layout === 'single') return new Map([[SINGLE_FILE, manifestsToYaml(manifests)]]);
  if (layout === 'per-resource') return perResourceFiles(manifests);
  const namespaces = manifests.filter((manifest) => manifest.kind === 'Namespace');
  const workloads = perResourceFiles(manifests.filter((manifest) => manifest.kind !== 'Namespace'));
  const files: OutputFiles = new Map([...workloads, ['kustomization.yaml', kustomization([...workloads.keys()])], [KUSTOMIZE_CONFIG, manifestToYaml(NAME_REFERENCES)]]);
  if (namespaces.length) {
    const namespaceFiles = perResourceFiles(namespaces);
    for (const [name, text] of namespaceFiles) files.set(`${NAMESPACES_DIR}/${name}`, text);
    files.set(`${NAMESPACES_DIR}/kustomization.yaml`, kustomization([...namespaceFiles.keys()], false));
  }
  return files;
}

/**
 * The kustomize layout's directory of Namespaces, a kustomization of its own beside the base: an overlay that
 * sets `namespace:` would otherwise rename every Namespace to the same name ("namespace transformation produces
 * ID conflict").
 */
export const NAMESPACES_DIR = 'namespaces';

function perResourceFiles(manifests: readonly Manifest[]): OutputFiles {
  const namespaces = new Set(manifests.map((manifest) => manifest.metadata?.namespace).filter((namespace) => namespace !== undefined));
  const entries = manifests.map((manifest) => [resourceFileName(manifest, namespaces.size > 1), manifestToYaml(manifest)] as [string, string]);
  const files = new Map(entries.sort(([a], [b]) => compareCodeUnits(a, b)));
  if (files.size !== entries.length) throw new Error(`two objects map to one output file (${collidingNames(entries).join(', ')}); the name checks should have refused them`);
  return files;
}

function collidingNames(entries: readonly [string, string][]): string[] {
  const names = entries.map(([name]) => name);
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}

/**
 * `<kind>-<name>.yaml`, prefixed with `<namespace>.` when the objects span namespaces. Namespaces are
 * `00-namespace-<name>.yaml`, so that `kubectl apply -f DIR`, which goes file by file, creates them first.
 */
export function resourceFileName(manifest: Manifest, withNamespace: boolean): string {
  if (manifest.kind === 'Namespace') return `00-namespace-${manifest.metadata.name}.yaml`;
  const base = `${String(manifest.kind).toLowerCase()}-${manifest.metadata.name}.yaml`;
  return withNamespace && manifest.metadata.namespace ? `${manifest.metadata.namespace}.${base}` : base;
}

const KUSTOMIZE_CONFIG = 'kustomizeconfig.yaml';

const SCALED_JOB_POD = 'spec/jobTargetRef/template/spec';

/**
 * Teaches kustomize the KEDA references, so that an overlay's namePrefix, nameSuffix, secretGenerator or
 * configMapGenerator keeps them pointing right: the scale target, the TriggerAuthentications, the Secrets
 * and ConfigMaps they read, and the references inside a ScaledJob's pod, which kustomize only knows in a Job.
 */
export const NAME_REFERENCES = {
  nameReference: [
    { kind: 'Deployment', fieldSpecs: [{ kind: 'ScaledObject', path: 'spec/scaleTargetRef/name' }] },
    {
      kind: 'TriggerAuthentication',
      fieldSpecs: ['ScaledObject', 'ScaledJob'].map((kind) => ({ kind, path: 'spec/triggers/authenticationRef/name' })),
    },
    {
      kind: 'ClusterTriggerAuthentication',
      fieldSpecs: ['ScaledObject', 'ScaledJob'].map((kind) => ({ kind, path: 'spec/triggers/authenticationRef/name' })),
    },
    {
      kind: 'Secret',
      version: 'v1',
      fieldSpecs: [
        ...['TriggerAuthentication', 'ClusterTriggerAuthentication'].map((kind) => ({ kind, path: 'spec/secretTargetRef/name' })),
        ...[
          'containers/env/valueFrom/secretKeyRef/name', 'containers/envFrom/secretRef/name', 'volumes/secret/secretName',
          'imagePullSecrets/name', 'volumes/projected/sources/secret/name',
        ].map((path) => ({ kind: 'ScaledJob', path: `${SCALED_JOB_POD}/${path}` })),
      ],
    },
    {
      kind: 'ConfigMap',
      version: 'v1',
      fieldSpecs: [
        ...['TriggerAuthentication', 'ClusterTriggerAuthentication'].map((kind) => ({ kind, path: 'spec/configMapTargetRef/name' })),
        ...['containers/env/valueFrom/configMapKeyRef/name', 'containers/envFrom/configMapRef/name', 'volumes/configMap/name']
          .map((path) => ({ kind: 'ScaledJob', path: `${SCALED_JOB_POD}/${path}` })),
      ],
    },
    { kind: 'ServiceAccount', version: 'v1', fieldSpecs: [{ kind: 'ScaledJob', path: `${SCALED_JOB_POD}/serviceAccountName` }] },
    { kind: 'PersistentVolumeClaim', version: 'v1', fieldSpecs: [{ kind: 'ScaledJob', path: `${SCALED_JOB_POD}/volumes/persistentVolumeClaim/claimName` }] },
    { kind: 'PriorityClass', fieldSpecs: [{ kind: 'ScaledJob', path: `${SCALED_JOB_POD}/priorityClassName` }] },
  ],
};

function kustomization(resources: string[], withNameReferences = true): string {
  return manifestToYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    ...(withNameReferences ? { configurations: [KUSTOMIZE_CONFIG] } : {}),
  });
}
