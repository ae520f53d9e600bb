import type { PodProps } from '../pod/pod-props';
import { Component, COMPONENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL, selectorLabels } from '../pod/labels';
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
  const standard = { ...recommendedLabels(props), ...selectorLabels(pool, component), [MANAGED_BY_LABEL]: MANAGED_BY };
  const labels = { ...props.labels, ...standard };
  return {
    labels,
    annotations: nonEmpty(props.annotations),
    podLabels: { ...props.labels, ...props.podLabels, ...standard },
    podAnnotations: nonEmpty({ ...props.annotations, ...props.podAnnotations }),
  };
}

function recommendedLabels(props: MetadataProps): Record<string, string> {
  return {
    ...(props.instance !== undefined ? { [INSTANCE_LABEL]: props.instance } : {}),
    ...(props.partOf !== undefined ? { [PART_OF_LABEL]: props.partOf } : {}),
    ...(props.version !== undefined ? { [VERSION_LABEL]: props.version } : {}),
  };
}
