import { App, Chart } from 'cdk8s';
import type { Manifest } from '../build/planned-object';
import { WorkerFleet, WorkerFleetProps } from '../constructs/worker-fleet';

export type { Manifest } from '../build/planned-object';

/** The chart every fleet is rendered into: one chart for the whole fleet, so synth is one pass. */
export class WorkerFleetChart extends Chart {
  public readonly fleet: WorkerFleet;

  constructor(scope: App, id: string, props: WorkerFleetProps) {
    super(scope, id, { disableResourceNameHashes: true });
    this.fleet = new WorkerFleet(this, 'Fleet', props);
  }
}

/** Renders a fleet to plain objects, in construct order. */
export function renderFleet(props: WorkerFleetProps): Manifest[] {
  const chart = new WorkerFleetChart(new App({ outdir: '.' }), 'workers', props);
  return chart.toJson();
}
