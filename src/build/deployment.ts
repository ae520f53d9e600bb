import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import type { WorkloadProps } from '../constructs/workload-props';
import { Component, selectorLabels } from '../pod/labels';
import { Plain } from '../pod/plain';
import { buildDeploymentStrategy, DeploymentStrategyProps } from './deployment-strategy';
import { ComponentMetadata } from './metadata';
import { buildPodTemplate, PodTemplateOptions } from './pod';

/** What a Deployment decides about its main container, beside the props. */
export type MainContainerOptions = Omit<PodTemplateOptions, 'labels' | 'annotations' | 'selector' | 'spreadByDefault'>;

/** The props a Deployment's spec reads beside the pod's. */
export interface DeploymentSpecProps extends WorkloadProps {
  readonly replicas?: number;
  readonly strategy?: DeploymentStrategyProps;
  /** Leave `replicas` out: an autoscaler owns it. @default false */
  readonly autoscaled?: boolean;
}

/**
 * The spec of a Deployment of a component's pods: `replicas` unless autoscaled, the selector, and the
 * pods spread over zones and nodes unless the props say otherwise.
 */
export function buildDeploymentSpec(props: DeploymentSpecProps, component: Component, metadata: ComponentMetadata, pod: MainContainerOptions): Plain<k8s.DeploymentSpec> {
  const selector = selectorLabels(props.poolName, component);
  return {
    replicas: props.autoscaled ? undefined : props.replicas ?? 1,
    selector: { matchLabels: selector },
    strategy: buildDeploymentStrategy(props.strategy),
    template: buildPodTemplate(props, {
      labels: metadata.podLabels,
      annotations: metadata.podAnnotations,
      selector,
      spreadByDefault: true,
      containerName: pod.containerName,
      restartPolicy: pod.restartPolicy,
      ports: pod.ports,
      readinessProbe: pod.readinessProbe,
      livenessProbe: pod.livenessProbe,
      terminationGraceSeconds: pod.terminationGraceSeconds,
    }),
  };
}
