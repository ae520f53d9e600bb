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
  const files = perResourceFiles(manifests);
  if (layout === 'kustomize') {
    files.set('kustomization.yaml', kustomization([...files.keys()]));
    files.set(KUSTOMIZE_CONFIG, manifestToYaml(NAME_REFERENCES));
  }
  return files;
}

function perResourceFiles(manifests: readonly Manifest[]): OutputFiles {
  const namespaces = new Set(manifests.map((manifest) => manifest.metadata?.namespace).filter((namespace) => namespace !== undefined));
  const entries = manifests.map((manifest) => [resourceFileName(manifest, namespaces.size > 1), manifestToYaml(manifest)] as [string, string]);
  const files = new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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

/** Teaches kustomize the KEDA references, so an overlay's namePrefix or nameSuffix keeps them pointing right. */
const NAME_REFERENCES = {
  nameReference: [
    { kind: 'Deployment', fieldSpecs: [{ kind: 'ScaledObject', path: 'spec/scaleTargetRef/name' }] },
    { kind: 'TriggerAuthentication', fieldSpecs: [{ kind: 'ScaledObject', path: 'spec/triggers/authenticationRef/name' }] },
  ],
};

function kustomization(resources: string[]): string {
  return manifestToYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    configurations: [KUSTOMIZE_CONFIG],
  });
}
