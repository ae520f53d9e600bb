import { stringify } from 'yaml';
import { Manifest } from './render';

/** One object as a YAML document (keys as given: cdk8s has already sorted them). */
export function manifestToYaml(manifest: Manifest): string {
  return stringify(manifest, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Objects as a multi-document YAML stream, `---` between documents. */
export function manifestsToYaml(manifests: readonly Manifest[]): string {
  return manifests.map(manifestToYaml).join('---\n');
}
