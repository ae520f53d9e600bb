/** The part a pod plays in its pool. */
export type Component = 'worker' | 'follow' | 'serve';

export const NAME_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'cdk8s-workers';

/** The labels that select a component's pods: stable across renders, never hashed. */
export function selectorLabels(pool: string, component: Component): Record<string, string> {
  return { [COMPONENT_LABEL]: component, [NAME_LABEL]: pool };
}

/** Every label an object or pod template of a component carries; the standard ones win over the user's. */
export function componentLabels(pool: string, component: Component, userLabels: Readonly<Record<string, string>> = {}): Record<string, string> {
  const labels: Record<string, string> = { ...{}, ...userLabels };
  labels[COMPONENT_LABEL] = component;
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  labels[NAME_LABEL] = pool;
  return labels;
}
