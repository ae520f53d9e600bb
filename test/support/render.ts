import { Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { Manifest } from '../../src/synth/render';
import { manifestsToYaml } from '../../src/synth/yaml';
import { expectReadBack } from './kubectl';
import { assertValidManifests } from './strict-schema';

/** A chart to build constructs in, as the cdk8s-plus tests do. */
export function testChart(): Chart {
  return Testing.chart();
}

/**
 * Synthesizes a chart, checks every object strictly and against the restricted profile, and returns them.
 * The objects, written as YAML, are read back through kubectl after the file's last test (see ./kubectl).
 */
export function synthValid(chart: Chart): Manifest[] {
  const manifests = Testing.synth(chart) as Manifest[];
  assertValidManifests(manifests);
  expectReadBack(manifestsToYaml(manifests), manifests);
  return manifests;
}

/** The one object of a kind (fails when there is not exactly one). */
export function only(manifests: Manifest[], kind: string): Manifest {
  const found = manifests.filter((manifest) => manifest.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}: ${stringify(manifests.map((m) => `${m.kind}/${m.metadata?.name}`))}`);
  return found[0];
}

export { manifestsToYaml };
