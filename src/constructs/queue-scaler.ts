import { ApiObject, App } from 'cdk8s';
import { Construct } from 'constructs';
import { addCredentialValidation } from '../checks/credentials-walk';
import type { ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehavior } from '../imports/keda.sh';
import { Plain } from '../pod/plain';
import { FollowDeployment } from './follow-deployment';
import { PlainApiObject } from './plain-api-object';
import { ServeDeployment } from './serve-deployment';
import { planScaledObject } from '../build/scaled-object';
import { checkAutoscale } from '../checks/keda';
import { problemsOf } from '../checks/report';
import { scaledObjectName } from '../checks/keda-names';
import { Component } from '../pod/labels';
import { PodProps } from '../pod/pod-props';

/** The identity providers KEDA's TriggerAuthentication `podIdentity` offers for cloud scalers. */
export type PodIdentityProvider = 'aws' | 'azure-workload' | 'gcp';

/** Authenticate as the platform's workload identity instead of with a stored credential. */
export interface TriggerPodIdentity {
  readonly provider: PodIdentityProvider;
  /** AWS: the role KEDA assumes. @default - the operator's or the workload's own role */
  readonly roleArn?: string;
  /** AWS: whose identity is used, KEDA's operator or the scaled workload. Exclusive with roleArn. @default keda */
  readonly identityOwner?: 'keda' | 'workload';
  /** Azure: the client id of the managed identity. @default - the operator's */
  readonly identityId?: string;
  /** Azure: the tenant of identityId. @default - the operator's */
  readonly identityTenantId?: string;
  /** Azure: the authority host, with identityTenantId. @default - Azure's public cloud */
  readonly identityAuthorityHost?: string;
}

/** A TriggerAuthentication or ClusterTriggerAuthentication that exists already, managed elsewhere. */
export interface TriggerAuthenticationRef {
  readonly name: string;
  /** @default 'TriggerAuthentication' */
  readonly kind?: 'TriggerAuthentication' | 'ClusterTriggerAuthentication';
}

/** One KEDA trigger: any scaler, its metadata, and how it authenticates. */
export interface QueueTriggerProps {
  /** The KEDA scaler: `postgresql`, `redis`, `rabbitmq`, `aws-sqs-queue`, `prometheus`, … */
  readonly type: string;
  /** Names the trigger and, after the target's name, its TriggerAuthentication. @default - the type */
  readonly name?: string;
  /** The scaler's metadata, as KEDA documents it; values are written as strings. */
  readonly metadata: Readonly<Record<string, string | number | boolean>>;
  /** Auth parameters read from Secrets: `parameter: secret:key`. @default - none */
  readonly secretAuth?: Readonly<Record<string, string>>;
  /** Auth parameters read from ConfigMaps: `parameter: configmap:key`. @default - none */
  readonly configMapAuth?: Readonly<Record<string, string>>;
  /** Auth parameters read from env vars of the target's main container: `parameter: ENV_NAME`. @default - none */
  readonly envAuth?: Readonly<Record<string, string>>;
  /** Authenticate with the workload identity of a cloud. @default - none */
  readonly podIdentity?: TriggerPodIdentity;
  /** Use an existing TriggerAuthentication or ClusterTriggerAuthentication; then none is rendered. @default - the one rendered from the fields above, if any */
  readonly authenticationRef?: TriggerAuthenticationRef;
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

/** What every KEDA scalable object takes: bounds, polling, triggers. */
export interface ScalingTriggerOptions {
  /** @default 0 */
  readonly minReplicas?: number;
  /** @default 100 */
  readonly maxReplicas?: number;
  /** Seconds between checks of the triggers. @default - KEDA's, 30 (left out of the object) */
  readonly pollingInterval?: number;
  /** What the workers scale on. */
  readonly triggers: readonly QueueTriggerProps[];
}

/** How the follow workers scale on queue depth. */
export interface QueueScalerOptions extends ScalingTriggerOptions {
  /** Seconds after the last active trigger before scaling to zero (only 1 → 0). @default - KEDA's, 300 (left out of the object) */
  readonly cooldownPeriod?: number;
  /** Seconds after creation before the first scale to zero. @default - KEDA's, 0 */
  readonly initialCooldownPeriod?: number;
  /** Replicas while no trigger is active. @default - minReplicas */
  readonly idleReplicaCount?: number;
  /** @default - none */
  readonly fallback?: QueueScalerFallback;
  /** HPA scaling behavior (`scaleUp`, `scaleDown`): governs N → 1, which cooldownPeriod does not. @default - the HPA's */
  readonly behavior?: Plain<ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehavior>;
  /** Name of the HPA KEDA creates. @default - KEDA's, `keda-hpa-<scaled object>` */
  readonly hpaName?: string;
  /** Scale the Deployment back to its replica count when the ScaledObject is deleted. @default false */
  readonly restoreToOriginalReplicaCount?: boolean;
  /** Stop autoscaling, keeping the current replicas (`autoscaling.keda.sh/paused`). @default false */
  readonly paused?: boolean;
  /** Stop autoscaling at this replica count (`autoscaling.keda.sh/paused-replicas`). @default - not paused */
  readonly pausedReplicas?: number;
}

export interface QueueScalerProps extends QueueScalerOptions {
  /** The pool: labels and the stem of names. @default - the target's pool (a name as target needs it) */
  readonly poolName?: string;
  /**
   * The Deployment to scale: a FollowDeployment (then marked autoscaled, so it leaves `replicas` out), an
   * autoscaled ServeDeployment, or the name of a Deployment. A target that sets `spec.replicas` is refused.
   */
  readonly target: string | FollowDeployment | ServeDeployment;
  /** The component of the pool the target runs, for the labels. @default - the target's, else 'follow' */
  readonly component?: Component;
  /** Name of the ScaledObject. @default - `<target>-scaler` */
  readonly name?: string;
  /** @default - the target's namespace, else the chart's */
  readonly namespace?: string;
  /** Labels beside the `app.kubernetes.io/*` ones. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The target's main container, which env-var auth parameters are read from. @default 'worker' */
  readonly containerName?: string;
  /**
   * The target's pod options, for the checks that need them (cpu/memory requests, the env vars
   * `…FromEnv` keys name). @default - those checks are skipped
   */
  readonly targetPod?: PodProps;
}

export { DEFAULT_MAX_REPLICAS, DEFAULT_MIN_REPLICAS, PAUSED_ANNOTATION, PAUSED_REPLICAS_ANNOTATION, TriggerTarget } from '../build/scaled-object';
/** KEDA's own defaults, applied by KEDA when the fields are left out. */
export const KEDA_DEFAULT_POLLING_INTERVAL = 30;
export const KEDA_DEFAULT_COOLDOWN_PERIOD = 300;

/** A KEDA ScaledObject on a follow Deployment, with a TriggerAuthentication for each trigger that needs one. */
export class QueueScaler extends Construct {
  /** The ScaledObject, for escape hatches. */
  public readonly apiObject: ApiObject;
  /** The TriggerAuthentications, in trigger order. */
  public readonly authentications: ApiObject[];
  /** The ScaledObject's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: QueueScalerProps) {
    super(scope, id);
    addCredentialValidation(this, props);
    const target = props.target;
    const targetName = typeof target === 'string' ? target : target.name;
    if (target instanceof FollowDeployment) target.markAutoscaled();
    const poolName = props.poolName ?? (typeof target === 'string' ? undefined : target.poolName);
    if (poolName === undefined) throw new Error(`${this.node.path}: no poolName, expected poolName when the target is a name (${JSON.stringify(target)})`);
    const namespace = props.namespace ?? (typeof target === 'string' ? undefined : target.apiObject.metadata.namespace);
    this.name = props.name ?? scaledObjectName(targetName);
    const component = props.component ?? (target instanceof ServeDeployment ? 'serve' : 'follow');
    const { scaledObject, authentications } = planScaledObject(props, {
      targetName, poolName, component, namespace, labels: props.labels, containerName: props.containerName, name: this.name,
    });
    this.authentications = authentications.map(({ object }, index) => new PlainApiObject(this, `Auth-${index}`, object));
    this.node.addValidation({
      validate: () => [
        ...problemsOf((report) => checkAutoscale(props, targetName, props.targetPod, [], report)),
        ...replicasConflict(this, target, targetName, namespace),
      ],
    });
    this.apiObject = new PlainApiObject(this, 'Resource', scaledObject);
  }
}

const FIGHTS_KEDA = 'kubectl apply would reset the replicas KEDA sets, on every apply';

/** A problem when the target sets `spec.replicas`: the construct itself, or a Deployment of that name and namespace in the app. */
function replicasConflict(scaler: Construct, target: QueueScalerProps['target'], name: string, namespace: string | undefined): string[] {
  if (target instanceof ServeDeployment) {
    return target.setsReplicas ? [`target: the ServeDeployment ${target.node.path} sets spec.replicas, and ${FIGHTS_KEDA}: expected a ServeDeployment with autoscaled: true`] : [];
  }
  if (typeof target !== 'string') return [];
  const deployment = App.of(scaler).node.findAll().find((construct): construct is ApiObject =>
    ApiObject.isApiObject(construct) && construct.kind === 'Deployment' && construct.name === name && construct.metadata.namespace === namespace);
  if (deployment === undefined || deployment.toJson().spec?.replicas === undefined) return [];
  return [`target: the Deployment ${JSON.stringify(name)} (${deployment.node.path}) sets spec.replicas, and ${FIGHTS_KEDA}: expected the FollowDeployment construct as target (which leaves replicas out), or a Deployment without replicas`];
}
