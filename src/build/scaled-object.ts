import type { QueueScalerOptions, QueueTriggerProps } from '../constructs/queue-scaler';
import type { ScaledObjectSpec, ScaledObjectSpecTriggers } from '../imports/keda.sh';
import { rendersAuthentication, scaledObjectName, triggerAuthenticationName } from '../checks/keda-names';
import { Component, componentLabels } from '../pod/labels';
import { Plain } from '../pod/plain';
import { SecretKeyRef, secretKeyRef } from '../pod/secret-ref';
import { copyPlain } from './env';
import { sortedEntries } from './object';
import { PlannedObject, plannedObject } from './planned-object';

export const KEDA_API_VERSION = 'keda.sh/v1alpha1';
export const PAUSED_ANNOTATION = 'autoscaling.keda.sh/paused';
export const PAUSED_REPLICAS_ANNOTATION = 'autoscaling.keda.sh/paused-replicas';
export const DEFAULT_MIN_REPLICAS = 0;
export const DEFAULT_MAX_REPLICAS = 100;

/** What the triggers of a ScaledObject or ScaledJob point at. */
export interface TriggerTarget {
  /** The scaled object's target, which names its TriggerAuthentications. */
  readonly target: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  /** The container whose env `envAuth` reads. */
  readonly containerName: string;
}

/** A TriggerAuthentication a trigger renders, and the index of that trigger. */
export interface PlannedAuthentication {
  readonly trigger: number;
  readonly object: PlannedObject;
}

/** Triggers as KEDA reads them, and a TriggerAuthentication for each trigger with credentials of its own. */
export function planTriggers(triggers: readonly QueueTriggerProps[], where: TriggerTarget): { triggers: Plain<ScaledObjectSpecTriggers>[]; authentications: PlannedAuthentication[] } {
  const authentications: PlannedAuthentication[] = [];
  const rendered = triggers.map((trigger, index) => {
    let authenticationRef: Record<string, string | undefined> | undefined = trigger.authenticationRef
      ? { kind: trigger.authenticationRef.kind || undefined, name: trigger.authenticationRef.name }
      : undefined;
    if (rendersAuthentication(trigger)) {
      const name = triggerAuthenticationName(where.target, trigger);
      authentications.push({
        trigger: index,
        object: plannedObject({
          apiVersion: KEDA_API_VERSION,
          kind: 'TriggerAuthentication',
          metadata: { labels: where.labels, name, namespace: where.namespace },
          spec: authenticationSpec(trigger, where.containerName),
        }),
      });
      authenticationRef = { name };
    }
    return {
      authenticationRef,
      metadata: stringValues(trigger.metadata),
      metricType: trigger.metricType,
      name: trigger.name,
      type: trigger.type,
      useCachedMetrics: trigger.useCachedMetrics,
    } as Plain<ScaledObjectSpecTriggers>;
  });
  return { triggers: rendered, authentications };
}

/** A trigger's metadata with every value as text, in key order. */
function stringValues(metadata: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(sortedEntries(metadata).map(([key, value]) => [key, String(value)]));
}

/** The Secret key a trigger parameter reads. */
function secretTargetRef(parameter: string, ref: SecretKeyRef): { key: string; name: string; parameter: string } {
  return { key: ref.key, name: ref.name, parameter };
}

function authenticationSpec(trigger: QueueTriggerProps, containerName: string): Record<string, unknown> {
  const refs = (map: Readonly<Record<string, string>> | undefined) => map && Object.keys(map).length
    ? sortedEntries(map).map(([parameter, ref]) => secretTargetRef(parameter, secretKeyRef(ref)))
    : undefined;
  const env = trigger.envAuth && Object.keys(trigger.envAuth).length
    ? sortedEntries(trigger.envAuth).map(([parameter, name]) => ({ containerName, name, parameter }))
    : undefined;
  return {
    configMapTargetRef: refs(trigger.configMapAuth),
    env,
    podIdentity: trigger.podIdentity ? copyPlain(trigger.podIdentity) : undefined,
    secretTargetRef: refs(trigger.secretAuth),
  };
}

/** What a ScaledObject needs beside its options: the Deployment it scales and whose labels it carries. */
export interface ScaledObjectTarget {
  readonly targetName: string;
  readonly poolName: string;
  readonly component: Component;
  readonly namespace?: string;
  /** The user's labels of the target's component. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default 'worker' */
  readonly containerName?: string;
  /** @default - `<target>-scaler` */
  readonly name?: string;
}

/** A KEDA ScaledObject scaling a Deployment, and the TriggerAuthentications of its triggers (written before it). */
export function planScaledObject(options: QueueScalerOptions, target: ScaledObjectTarget): { scaledObject: PlannedObject; authentications: PlannedAuthentication[] } {
  const labels = componentLabels(target.poolName, target.component, target.labels);
  const { triggers, authentications } = planTriggers(options.triggers, {
    target: target.targetName, namespace: target.namespace, labels, containerName: target.containerName ?? 'worker',
  });
  const spec: Plain<ScaledObjectSpec> = {
    advanced: advanced(options),
    cooldownPeriod: options.cooldownPeriod,
    fallback: options.fallback,
    idleReplicaCount: options.idleReplicaCount,
    initialCooldownPeriod: options.initialCooldownPeriod,
    maxReplicaCount: options.maxReplicas ?? DEFAULT_MAX_REPLICAS,
    minReplicaCount: options.minReplicas ?? DEFAULT_MIN_REPLICAS,
    pollingInterval: options.pollingInterval,
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target.targetName },
    triggers,
  };
  const metadata = { name: target.name ?? scaledObjectName(target.targetName), namespace: target.namespace, labels, annotations: pauseAnnotations(options) };
  return { scaledObject: plannedObject({ apiVersion: KEDA_API_VERSION, kind: 'ScaledObject', metadata, spec }), authentications };
}

function advanced(options: QueueScalerOptions): Plain<ScaledObjectSpec>['advanced'] {
  const hpa = options.behavior || options.hpaName ? { behavior: options.behavior && copyPlain(options.behavior), name: options.hpaName } : undefined;
  if (!hpa && options.restoreToOriginalReplicaCount === undefined) return undefined;
  return { horizontalPodAutoscalerConfig: hpa, restoreToOriginalReplicaCount: options.restoreToOriginalReplicaCount };
}

function pauseAnnotations(options: QueueScalerOptions): Record<string, string> | undefined {
  const annotations: Record<string, string> = {};
  if (options.paused) annotations[PAUSED_ANNOTATION] = 'true';
  if (options.pausedReplicas !== undefined) annotations[PAUSED_REPLICAS_ANNOTATION] = String(options.pausedReplicas);
  return Object.keys(annotations).length ? annotations : undefined;
}
