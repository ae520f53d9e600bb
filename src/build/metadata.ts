import type { PodProps } from '../pod/pod-props';
import { Component, COMPONENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL } from '../pod/labels';
import { inKeyOrder } from './object';
import { nonEmpty } from './scheduling';

export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const VERSION_LABEL = 'app.kubernetes.io/version';

/** Labels the selectors depend on: a user may not set them, since a changed selector orphans the pods. */
export const RESERVED_LABELS: readonly string[] = [NAME_LABEL, COMPONENT_LABEL, MANAGED_BY_LABEL];

/** The metadata of a component's object and of its pod template. */
export interface ComponentMetadata {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly podAnnotations?: Record<string, string>;
}

type MetadataProps = Pick<PodProps, 'labels' | 'annotations' | 'podLabels' | 'podAnnotations' | 'instance' | 'partOf' | 'version'>;

/**
 * Labels and annotations of a component: `labels`/`annotations` on the object and its pods,
 * `podLabels`/`podAnnotations` on the pods only, the `app.kubernetes.io/*` ones on both (they win).
 */
export function componentMetadata(pool: string, component: Component, props: MetadataProps): ComponentMetadata {
  const standard = standardLabels(pool, component, props);
  return {
    annotations: nonEmpty(props.annotations),
    labels: { ...{}, ...props.labels, ...standard },
    podLabels: inKeyOrder({ ...{}, ...props.labels, ...props.podLabels, ...standard }),
    podAnnotations: props.annotations || props.podAnnotations ? nonEmpty(inKeyOrder({ ...{}, ...props.annotations, ...props.podAnnotations })) : undefined,
  };
}

/** The recommended labels the props ask for, then the selector and managed-by labels. */
function standardLabels(pool: string, component: Component, props: MetadataProps): Record<string, string> {
  const labels: Record<string, string> = {};
  labels[COMPONENT_LABEL] = component;
  if (props.instance !== undefined) labels[INSTANCE_LABEL] = props.instance;
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  labels[NAME_LABEL] = pool;
  if (props.partOf !== undefined) labels[PART_OF_LABEL] = props.partOf;
  if (props.version !== undefined) labels[VERSION_LABEL] = props.version;
  return labels;
}
