import { Layout, layoutFiles } from './layout';
import { fleetManifests } from '../build/fleet';
import type { Manifest } from '../build/planned-object';
import type { WorkerFleetProps } from '../constructs/worker-fleet';
import { writeOutput, WriteOptions, WriteReport } from './write';
import { manifestsToYaml } from './yaml';

/** Where rendered objects go. */
export interface OutputOptions extends WriteOptions {
  /** @default 'single' */
  readonly layout?: Layout;
  /** Directory to write into. @default 'dist' */
  readonly outDir?: string;
}

/** Renders a fleet with the builders the CLI uses (the same bytes as the constructs) and writes it in a layout; returns the objects written. */
export function synthFleet(fleet: WorkerFleetProps, options: OutputOptions = {}): Manifest[] {
  const manifests = [...fleetManifests(fleet)];
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
