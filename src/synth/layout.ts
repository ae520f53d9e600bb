import { compareCodeUnits } from '../build/object';
import { controlFileYaml, manifestToYaml, yamlChunks } from './yaml';
import type { Manifest } from '../build/planned-object';

/** How synth lays its output out on disk. */
export type Layout = 'single' | 'per-resource' | 'kustomize';

export const LAYOUTS: readonly Layout[] = ['single', 'per-resource', 'kustomize'];

/** Name of the file the single layout writes (the name `cdk8s synth` gives the chart's output too). */
export const SINGLE_FILE = 'workers.k8s.yaml';

/** Text written in parts: whole, or in chunks in order. */
export type FileText = string | Iterable<string>;

/** One file of a layout: its path relative to the output directory, and its text, whole or in chunks. */
export interface OutputFile {
  readonly name: string;
  readonly text: FileText;
}

/**
 * A layout's files, each made as soon as its objects have come; returns every file's name, in the order the
 * ownership list gives them.
 */
export type OutputStream = Generator<OutputFile, readonly string[], undefined>;

/**
 * The namespaces whose number decides whether file names of the per-resource and kustomize layouts start
 * with `<namespace>.`: those of the objects the layout writes into the base (all but the Namespaces in kustomize).
 */
export function layoutNamespaces(manifests: Iterable<Manifest>, layout: Layout): Set<string> {
  const namespaces = new Set<string>();
  if (layout === 'single') return namespaces;
  for (const manifest of manifests) {
    const namespace = manifest.metadata?.namespace;
    if (namespace !== undefined && (layout === 'per-resource' || manifest.kind !== 'Namespace')) namespaces.add(namespace);
  }
  return namespaces;
}

/**
 * The files a layout writes for these objects, made one at a time as the objects come: the single file in
 * chunks, one file an object, then the kustomizations. `namespaces` are those the objects are in
 * (see layoutNamespaces); only their number matters.
 */
export function* layoutStream(manifests: Iterable<Manifest>, layout: Layout, namespaces: Iterable<string>): OutputStream {
  if (layout === 'single') {
    yield { name: SINGLE_FILE, text: yamlChunks(manifests) };
    return [SINGLE_FILE];
  }
  const withNamespace = new Set(namespaces).size > 1;
  const names = new Set<string>();
  const objectFiles: string[] = [];
  const namespaceFiles: string[] = [];
  for (const manifest of manifests) {
    const inNamespacesDir = layout === 'kustomize' && manifest.kind === 'Namespace';
    const fileName = resourceFileName(manifest, withNamespace);
    const name = inNamespacesDir ? `${NAMESPACES_DIR}/${fileName}` : fileName;
    if (names.has(name)) throw new Error(`two objects map to one output file (${fileName}); the name checks should have refused them`);
    names.add(name);
    (inNamespacesDir ? namespaceFiles : objectFiles).push(name);
    yield { name, text: manifestToYaml(manifest) };
  }
  objectFiles.sort(compareCodeUnits);
  if (layout === 'per-resource') return objectFiles;
  yield { name: KUSTOMIZATION, text: kustomization(objectFiles) };
  yield { name: KUSTOMIZE_CONFIG, text: controlFileYaml(NAME_REFERENCES) };
  if (!namespaceFiles.length) return [...objectFiles, KUSTOMIZATION, KUSTOMIZE_CONFIG];
  namespaceFiles.sort(compareCodeUnits);
  const namespacesKustomization = `${NAMESPACES_DIR}/${KUSTOMIZATION}`;
  yield { name: namespacesKustomization, text: kustomization(namespaceFiles.map((name) => name.slice(NAMESPACES_DIR.length + 1)), false) };
  return [...objectFiles, KUSTOMIZATION, KUSTOMIZE_CONFIG, ...namespaceFiles, namespacesKustomization];
}

/**
 * The kustomize layout's directory of Namespaces, a kustomization of its own beside the base: an overlay that
 * sets `namespace:` would otherwise rename every Namespace to the same name ("namespace transformation produces
 * ID conflict").
 */
export const NAMESPACES_DIR = 'namespaces';

const KUSTOMIZATION = 'kustomization.yaml';

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
  return controlFileYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    ...(withNameReferences ? { configurations: [KUSTOMIZE_CONFIG] } : {}),
  });
}
