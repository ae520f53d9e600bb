import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { formatPath } from '../config/errors';
import { checkStateMachine, StateMachineJson } from '../dialects/state-machine/checks';
import { applyDefaults } from '../dialects/state-machine/defaults';
import { STATE_MACHINE_API_VERSION, STATE_MACHINE_KIND, STATE_MACHINE_SPEC_SCHEMA } from '../dialects/state-machine/schema';
import { PlainApiObject } from './plain-api-object';
import {
  StateMachineSpec,
  StateMachineSpecCluster,
  StateMachineSpecJobs,
  StateMachineSpecManager,
  StateMachineSpecRegistry,
  StateMachineSpecWorkflow,
  toJson_StateMachineSpec,
} from '../imports/state-machine.converged-computing.org';

/** A state-machine-operator workflow: steps run in order as Kubernetes Jobs, many sequences at once. */
export interface StateMachineProps {
  /**
   * metadata.name. The operator names a headless Service, the registry's subdomain and the
   * `<name>-manager` Deployment after it, so it must be a DNS-1035 label.
   * @default - a name cdk8s generates from the construct path
   */
  readonly name?: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Labels of the StateMachine object. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the StateMachine object. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** When the workflow is done (`completed` sequences, at least 1), the jobid `prefix`, event actions. */
  readonly workflow: StateMachineSpecWorkflow;
  /** `maxSize`: the most nodes the workflow uses at once; every step's `config.nodes` must fit in it. */
  readonly cluster: StateMachineSpecCluster;
  /**
   * The manager Deployment that runs the state machines. Once set, the CRD's defaults are written:
   * coresPerNode 4, pullPolicy IfNotPresent, replicas 1, subdomain r.
   * @default - no spec.manager: the operator's manager image and settings
   */
  readonly manager?: StateMachineSpecManager;
  /**
   * The ORAS registry that carries artifacts between steps (`host` empty: the operator deploys one).
   * Once set, the CRD's defaults are written: image ghcr.io/oras-project/registry:latest, name registry,
   * pullPolicy IfNotPresent, replicas 1.
   * @default - no spec.registry: an in-cluster registry the operator deploys
   */
  readonly registry?: StateMachineSpecRegistry;
  /**
   * The steps, in the order each sequence runs them; at least one. A step's `registry.pull` must be a tag an
   * earlier step pushes. Unset `arch` (amd64), `config.nodes` (1), `config.coresPerTask` (3),
   * `config.pullPolicy` (IfNotPresent) and `registry.plainHttp` (true) get the CRD's defaults where their
   * parent object is given.
   */
  readonly jobs: readonly StateMachineSpecJobs[];
}

/**
 * A StateMachine custom resource (state-machine.converged-computing.org/v1alpha1) with the CRD's defaults
 * written out. Synthesis fails listing every problem the operator would only meet at run time, each with
 * the construct's path and the prop's: duplicate step names, pulls of tags no earlier step pushes, `workflow.completed` < 1, steps with more
 * nodes than `cluster.maxSize`, names that cannot become Kubernetes names.
 */
export class StateMachine extends Construct {
  /** The StateMachine object, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** metadata.name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: StateMachineProps) {
    super(scope, id);
    const spec = applyDefaults(STATE_MACHINE_SPEC_SCHEMA, toJson_StateMachineSpec({
      workflow: props.workflow,
      cluster: props.cluster,
      manager: props.manager,
      registry: props.registry,
      jobs: props.jobs === undefined ? undefined : [...props.jobs],
    }) as Record<string, unknown>);
    // A plain object of the CRD's JSON form: its maps (labels, a step's environment) may hold any key.
    this.apiObject = new PlainApiObject(this, 'Resource', {
      apiVersion: STATE_MACHINE_API_VERSION,
      kind: STATE_MACHINE_KIND,
      // Only keys with values: ApiObject spreads metadata over the name it generates.
      metadata: withoutUndefined({
        name: props.name,
        namespace: props.namespace,
        labels: props.labels === undefined ? undefined : { ...props.labels },
        annotations: props.annotations === undefined ? undefined : { ...props.annotations },
      }),
      spec: () => spec,
    });
    this.name = this.apiObject.name;
    this.node.addValidation({ validate: () => this.problems(props, spec) });
  }

  /** Every problem the operator would only meet at run time, at paths in the props. */
  private problems(props: StateMachineProps, spec: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const cr: StateMachineJson = {
      apiVersion: STATE_MACHINE_API_VERSION,
      kind: STATE_MACHINE_KIND,
      metadata: { name: this.name, namespace: this.apiObject.metadata.namespace, labels: props.labels, annotations: props.annotations },
      spec,
    };
    checkStateMachine(cr, (path, message) => {
      const propPath = path[0] === 'spec' || path[0] === 'metadata' ? path.slice(1) : path;
      problems.push(propPath.length ? `${formatPath(propPath)}: ${message}` : message);
    });
    return problems;
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/**
 * Typed spec from the JSON form (field names as in YAML). The generated types spell every field as the CRD
 * does except `registry.TLSVerify`, which they call `tlsVerify`.
 */
export function stateMachineSpecFromJson(json: Record<string, any>): StateMachineSpec {
  const { registry, ...rest } = json;
  if (registry === undefined) return rest as StateMachineSpec;
  const { TLSVerify, ...registryRest } = registry as Record<string, unknown>;
  const typedRegistry = TLSVerify === undefined ? registryRest : { ...registryRest, tlsVerify: TLSVerify };
  return { ...rest, registry: typedRegistry } as unknown as StateMachineSpec;
}
