import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { addCredentialValidation } from '../checks/credentials-walk';
import type { ScaledObjectSpec, ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehavior, ScaledObjectSpecTriggers, TriggerAuthenticationSpec } from '../imports/keda.sh';
import { Plain } from '../pod/plain';
import { PlainApiObject } from './plain-api-object';
import { componentLabels } from '../pod/labels';
import { secretKeyRef } from '../pod/secret-ref';

/** One KEDA trigger: any scaler, its metadata, and credentials from Secrets. */
export interface QueueTriggerProps {
  /** The KEDA scaler: `postgresql`, `redis`, `rabbitmq`, `aws-sqs-queue`, `prometheus`, … */
  readonly type: string;
  /** Names the trigger and its TriggerAuthentication. @default - the type */
  readonly name?: string;
  /** The scaler's metadata, as KEDA documents it; values are written as strings. */
  readonly metadata: Readonly<Record<string, string | number | boolean>>;
  /** TriggerAuthentication parameters from Secrets: `parameter: secret:key`. @default - no TriggerAuthentication */
  readonly secretAuth?: Readonly<Record<string, string>>;
  /** @default - KEDA's default for the scaler */
  readonly metricType?: 'AverageValue' | 'Value' | 'Utilization';
  /** @default false */
  readonly useCachedMetrics?: boolean;
}

/** Replicas held while the scaler is failing. */
export interface QueueScalerFallback {
  readonly failureThreshold: number;
  readonly replicas: number;
}

/** How the follow workers scale on queue depth. */
export interface QueueScalerOptions {
  /** @default 0 */
  readonly minReplicas?: number;
  /** @default 100 */
  readonly maxReplicas?: number;
  /** Seconds between checks of the triggers. @default 30 */
  readonly pollingInterval?: number;
  /** Seconds after the last active trigger before scaling to zero. @default 300 */
  readonly cooldownPeriod?: number;
  /** Replicas while no trigger is active. @default - minReplicas */
  readonly idleReplicaCount?: number;
  /** @default - none */
  readonly fallback?: QueueScalerFallback;
  /** HPA scaling behavior (`scaleUp`, `scaleDown`). @default - the HPA's */
  readonly behavior?: Plain<ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehavior>;
  /** What the workers scale on. */
  readonly triggers: readonly QueueTriggerProps[];
}

export interface QueueScalerProps extends QueueScalerOptions {
  /** The pool: labels and the stem of names. */
  readonly poolName: string;
  /** Name of the Deployment to scale. */
  readonly target: string;
  /** Name of the ScaledObject. @default - `<target>-scaler` */
  readonly name?: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Labels beside the `app.kubernetes.io/*` ones. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

const KEDA_SCALED_OBJECT = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' };
const KEDA_TRIGGER_AUTHENTICATION = { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication' };

export const DEFAULT_MIN_REPLICAS = 0;
export const DEFAULT_MAX_REPLICAS = 100;
export const DEFAULT_POLLING_INTERVAL = 30;
export const DEFAULT_COOLDOWN_PERIOD = 300;

/** A KEDA ScaledObject on a follow Deployment, with a TriggerAuthentication for each trigger that needs Secrets. */
export class QueueScaler extends Construct {
  /** The ScaledObject, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** The TriggerAuthentications, in trigger order. */
  public readonly authentications: ApiObject[] = [];
  /** The ScaledObject's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: QueueScalerProps) {
    super(scope, id);
    addCredentialValidation(this, props);
    this.name = props.name ?? `${props.target}-scaler`;
    const labels = componentLabels(props.poolName, 'follow', props.labels);
    const triggers = props.triggers.map((trigger) => this.renderTrigger(trigger, props, labels));
    const spec: Plain<ScaledObjectSpec> = {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.target },
        minReplicaCount: props.minReplicas ?? DEFAULT_MIN_REPLICAS,
        maxReplicaCount: props.maxReplicas ?? DEFAULT_MAX_REPLICAS,
        pollingInterval: props.pollingInterval ?? DEFAULT_POLLING_INTERVAL,
        cooldownPeriod: props.cooldownPeriod ?? DEFAULT_COOLDOWN_PERIOD,
        idleReplicaCount: props.idleReplicaCount,
        fallback: props.fallback,
        advanced: props.behavior ? { horizontalPodAutoscalerConfig: { behavior: props.behavior } } : undefined,
        triggers,
    };
    this.apiObject = new PlainApiObject(this, 'Resource', { ...KEDA_SCALED_OBJECT, metadata: { name: this.name, namespace: props.namespace, labels }, spec });
  }

  private renderTrigger(trigger: QueueTriggerProps, props: QueueScalerProps, labels: Record<string, string>): Plain<ScaledObjectSpecTriggers> {
    const triggerName = trigger.name ?? trigger.type;
    const authentication = trigger.secretAuth && Object.keys(trigger.secretAuth).length
      ? this.addAuthentication(`${props.target}-${triggerName}-auth`, trigger.secretAuth, props.namespace, labels)
      : undefined;
    return {
      type: trigger.type,
      name: trigger.name,
      metadata: Object.fromEntries(Object.entries(trigger.metadata).map(([key, value]) => [key, String(value)])),
      metricType: trigger.metricType,
      useCachedMetrics: trigger.useCachedMetrics,
      authenticationRef: authentication ? { name: authentication } : undefined,
    };
  }

  private addAuthentication(name: string, secretAuth: Readonly<Record<string, string>>, namespace: string | undefined, labels: Record<string, string>): string {
    const spec: Plain<TriggerAuthenticationSpec> = {
      secretTargetRef: Object.entries(secretAuth).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([parameter, ref]) => ({ parameter, ...secretKeyRef(ref) })),
    };
    const auth = new PlainApiObject(this, `Auth-${this.authentications.length}`, { ...KEDA_TRIGGER_AUTHENTICATION, metadata: { name, namespace, labels }, spec });
    this.authentications.push(auth);
    return name;
  }
}
