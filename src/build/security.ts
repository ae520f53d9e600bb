import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import type { ContainerSecurityProps, SecurityProps } from '../pod/pod-props';
import { Plain } from '../pod/plain';

export const DEFAULT_RUN_AS_USER = 1000;
export const DEFAULT_RUN_AS_GROUP = 1000;
export const DEFAULT_FS_GROUP = 1000;

/** A pod security context that passes the restricted Pod Security profile. */
export function restrictedPodSecurityContext(security: SecurityProps = {}): Plain<k8s.PodSecurityContext> {
  return {
    fsGroup: security.fsGroup ?? DEFAULT_FS_GROUP,
    runAsGroup: security.runAsGroup ?? DEFAULT_RUN_AS_GROUP,
    runAsNonRoot: true,
    runAsUser: security.runAsUser ?? DEFAULT_RUN_AS_USER,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * A container security context that passes the restricted Pod Security profile; a container's own
 * runAsUser and runAsGroup, when set, override the pod's.
 */
export function restrictedContainerSecurityContext(security: ContainerSecurityProps = {}): Plain<k8s.SecurityContext> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem ?? true,
    runAsGroup: security.runAsGroup,
    runAsNonRoot: true,
    runAsUser: security.runAsUser,
  };
}
