import type { FollowDeploymentProps } from '../constructs/follow-deployment';
import { buildDeploymentSpec } from './deployment';
import { componentMetadata } from './metadata';
import { followDeploymentName } from './names';
import { PlannedObject } from './planned-object';

/** Seconds a follow worker gets to finish its in-flight task after SIGTERM. */
export const DEFAULT_FOLLOW_GRACE_SECONDS = 600;

/** The follow Deployment: its spec built at synth from `atSynth()`, the props as they are then. */
export function planFollowDeployment(props: FollowDeploymentProps, atSynth: () => FollowDeploymentProps = () => props): PlannedObject {
  const component = componentMetadata(props.poolName, 'follow', props);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: followDeploymentName(props), namespace: props.namespace, labels: component.labels, annotations: component.annotations },
    spec: () => buildDeploymentSpec(atSynth(), 'follow', component, { containerName: 'worker', terminationGraceSeconds: DEFAULT_FOLLOW_GRACE_SECONDS }),
  };
}
