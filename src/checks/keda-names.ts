import type { QueueTriggerProps } from '../constructs/queue-scaler';

/** `<target>-scaler`, the ScaledObject of a Deployment. */
export function scaledObjectName(target: string): string {
  return `${target}-scaler`;
}

/**
 * The TriggerAuthentication of a trigger: `<target>.<trigger>`. Both parts are DNS labels, so the dot
 * keeps the name unambiguous (`a` + `b-c` and `a-b` + `c` differ).
 */
export function triggerAuthenticationName(target: string, trigger: Pick<QueueTriggerProps, 'name' | 'type'>): string {
  return `${target}.${trigger.name ?? trigger.type}`;
}

/** Whether a trigger renders its own TriggerAuthentication. */
export function rendersAuthentication(trigger: QueueTriggerProps): boolean {
  if (trigger.authenticationRef) return false;
  return filled(trigger.secretAuth) || filled(trigger.configMapAuth) || filled(trigger.envAuth) || !!trigger.podIdentity;
}

function filled(map?: Readonly<Record<string, string>>): boolean {
  return !!map && Object.keys(map).length > 0;
}
