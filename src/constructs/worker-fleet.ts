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

/** Every pool of a fleet, each a WorkerPool with the id `<namespace>.<pool>` (a pool name may recur across namespaces). */
export class WorkerFleet extends Construct {
  public readonly pools: WorkerPool[];

  constructor(scope: Construct, id: string, props: WorkerFleetProps) {
    super(scope, id);
    this.pools = props.pools.map((pool) => {
      const namespace = pool.namespace ?? props.namespace ?? 'default';
      return new WorkerPool(this, `${namespace}.${pool.name}`, { ...pool, namespace, defaults: props.defaults });
    });
  }
}
