import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { collisionMessage, objectCollisions } from '../checks/api-server/objects';
import { fleetNamespaces, planNamespace, poolNamespace } from '../build/fleet';
import { PodProps } from '../pod/pod-props';
import { PlainApiObject } from './plain-api-object';
import { WorkerPool, WorkerPoolProps } from './worker-pool';

/** A fleet: pod defaults shared by every pool, and the pools. */
export interface WorkerFleetProps {
  /** Namespace of every object, unless a pool sets its own. @default 'default' */
  readonly namespace?: string;
  /** Pod options for every pool; a pool, then a component, overrides them. @default - none */
  readonly defaults?: PodProps;
  readonly pools: readonly WorkerPoolProps[];
  /**
   * Render a Namespace for every namespace the pools use, labelled to enforce the restricted Pod
   * Security profile. Leave it off where namespaces are managed elsewhere.
   * @default false
   */
  readonly createNamespaces?: boolean;
}

export { RESTRICTED_NAMESPACE_LABELS } from '../build/fleet';

/** Every pool of a fleet, each a WorkerPool with the id `<namespace>.<pool>` (a pool name may recur across namespaces). */
export class WorkerFleet extends Construct {
  public readonly pools: WorkerPool[];
  /** The Namespace objects, when `createNamespaces` is set; they come before the pools. */
  public readonly namespaces: PlainApiObject[];

  constructor(scope: Construct, id: string, props: WorkerFleetProps) {
    super(scope, id);
    const namespaces = props.createNamespaces ? fleetNamespaces(props) : [];
    this.namespaces = namespaces.map((namespace) => new PlainApiObject(this, `Namespace.${namespace}`, planNamespace(namespace)));
    this.pools = props.pools.map((pool) => new WorkerPool(this, `${poolNamespace(props, pool)}.${pool.name}`, {
      ...pool,
      namespace: poolNamespace(props, pool),
      defaults: props.defaults,
    }));
    this.node.addValidation({ validate: () => duplicateObjectNames(this) });
  }
}

/** One message per object whose kind, namespace and name an earlier object of the fleet already has. */
function duplicateObjectNames(scope: Construct): string[] {
  const objects = scope.node.findAll().filter((construct) => ApiObject.isApiObject(construct)).map((object) => ({
    identity: { namespace: object.metadata.namespace, kind: object.kind, name: object.name },
    origin: object.node.path,
  }));
  return objectCollisions(objects).map(({ identity, first, second }) => `${second}: ${collisionMessage(identity, first)}`);
}
