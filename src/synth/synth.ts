import { fleetManifests } from '../build/fleet';
import { Manifest, sanitizedManifest } from '../build/planned-object';
import type { WorkerFleetProps } from '../constructs/worker-fleet';
import { Layout, layoutNamespaces, layoutStream } from './layout';
import { writeOutput, WriteOptions, WriteReport } from './write';
import { manifestsToYaml, writeYamlStream } from './yaml';

/** Where rendered objects go. */
export interface OutputOptions extends WriteOptions {
  /** @default 'single' */
  readonly layout?: Layout;
  /** Directory to write into. @default 'dist' */
  readonly outDir?: string;
  /**
   * The namespaces the objects are in. The per-resource and kustomize layouts start file names with
   * `<namespace>.` when the objects span more than one, and must know before the first file is written.
   * @default those of the objects: read from an array; for any other iterable, the objects are collected first
   */
  readonly namespaces?: Iterable<string>;
}

/** What writing objects did: the notes for the user, and how many objects were written. */
export interface ManifestsReport extends WriteReport {
  readonly objects: number;
}

/** Renders a fleet with the builders the CLI uses (the same bytes as the constructs) and writes it in a layout; returns the objects written. */
export function synthFleet(fleet: WorkerFleetProps, options: OutputOptions = {}): Manifest[] {
  const manifests = [...fleetManifests(fleet)].map(sanitizedManifest);
  writeManifests(manifests, options);
  return manifests;
}

/**
 * Writes objects in a layout, replacing what the previous synth wrote; returns notes for the user. The objects
 * are read once, each written as it comes, so a generator can render them one at a time. When it throws, the
 * output directory stays as it was.
 */
export function writeManifests(manifests: Iterable<Manifest>, options: OutputOptions = {}): ManifestsReport {
  const layout = options.layout ?? 'single';
  let objects = manifests;
  let namespaces = options.namespaces;
  if (namespaces === undefined && layout !== 'single') {
    if (!Array.isArray(objects)) objects = [...objects];
    namespaces = layoutNamespaces(objects, layout);
  }
  let count = 0;
  const counted = function* (): Generator<Manifest> {
    for (const manifest of objects) {
      count++;
      yield manifest;
    }
  };
  const { notes } = writeOutput(options.outDir ?? 'dist', layoutStream(counted(), layout, namespaces ?? []), options);
  return { notes, objects: count };
}

/**
 * Objects as one multi-document YAML stream, for `kubectl apply -f -`, handed to `write` in chunks of about
 * 64 KiB as the objects come; returns the number of objects. The same text as manifestsAsYaml.
 */
export function writeManifestStream(manifests: Iterable<Manifest>, write: (chunk: string) => void): number {
  return writeYamlStream(manifests, write);
}

/** Objects as one multi-document YAML stream, for `kubectl apply -f -`. */
export function manifestsAsYaml(manifests: readonly Manifest[]): string {
  return manifestsToYaml(manifests);
}
