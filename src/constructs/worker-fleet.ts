import { Construct } from 'constructs';
import { PodProps } from '../pod/pod-props';
import { WorkerPool, WorkerPoolProps } from './worker-pool';

/** A fleet: pod defaults shared by every pool, and the pools. */
export interface WorkerFleetProps {
  /** Namespace of every object, unless a pool sets its own. @default 'default' */
  readonly namespace?: string;
  /** Pod options for every pool; a pool, then a component, overrides them. @default - none */
  readonly defaults?: PodProps;
  readonly pools: readonly WorkerPoolProps[];
}

/** Every pool of a fleet, each a WorkerPool named after the pool. */
export class WorkerFleet extends Construct {
  public readonly pools: WorkerPool[];

  constructor(scope: Construct, id: string, props: WorkerFleetProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'default';
    this.pools = props.pools.map((pool) => new WorkerPool(this, pool.name, {
      ...pool,
      namespace: pool.namespace ?? namespace,
      defaults: props.defaults,
    }));
  }
}
