import { WorkerFleetProps } from '../constructs/worker-fleet';
import { Layout, layoutFiles } from './layout';
import { Manifest, renderFleet } from './render';
import { writeOutput, WriteOptions, WriteReport } from './write';
import { manifestsToYaml } from './yaml';

/** Where rendered objects go. */
export interface OutputOptions extends WriteOptions {
  /** @default 'single' */
  readonly layout?: Layout;
  /** Directory to write into. @default 'dist' */
  readonly outDir?: string;
}

/** Renders a fleet and writes it in a layout; returns the objects written. */
export function synthFleet(fleet: WorkerFleetProps, options: OutputOptions = {}): Manifest[] {
  const manifests = renderFleet(fleet);
  writeManifests(manifests, options);
  return manifests;
}

/** Writes objects in a layout, replacing what the previous synth wrote; returns notes for the user. */
export function writeManifests(manifests: readonly Manifest[], options: OutputOptions = {}): WriteReport {
  return writeOutput(options.outDir ?? 'dist', layoutFiles(manifests, options.layout ?? 'single'), options);
}

/** Objects as one multi-document YAML stream, for `kubectl apply -f -`. */
export function manifestsAsYaml(manifests: readonly Manifest[]): string {
  return manifestsToYaml(manifests);
}
