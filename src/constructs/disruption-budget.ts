import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validateDisruptionBudget } from '../checks/api-server/disruption-budget';
import { problemsOf } from '../checks/report';
import { DisruptionBudgetOptions } from '../build/pdb';
import { planDisruptionBudget } from '../build/serve-deployment';
import { Component } from '../pod/labels';
import { PlainApiObject } from './plain-api-object';

export interface WorkerDisruptionBudgetProps extends DisruptionBudgetOptions {
  /** The pool whose pods the budget covers. */
  readonly poolName: string;
  /** Which of the pool's components: its selector labels pick the pods. */
  readonly component: Component;
  /** Name of the PodDisruptionBudget, usually the name of the workload it guards. */
  readonly name: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Labels beside the `app.kubernetes.io/*` ones. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A policy/v1 PodDisruptionBudget over one component's pods: node drains and cluster autoscalers evict
 * them only as fast as the budget allows (by default one pod at a time).
 */
export class WorkerDisruptionBudget extends Construct {
  /** The PodDisruptionBudget, for escape hatches. */
  public readonly apiObject: ApiObject;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: WorkerDisruptionBudgetProps) {
    super(scope, id);
    this.name = props.name;
    this.apiObject = new PlainApiObject(this, 'Resource', planDisruptionBudget(props));
    this.node.addValidation({ validate: () => problemsOf((report) => validateDisruptionBudget(props, [], report)) });
  }
}
