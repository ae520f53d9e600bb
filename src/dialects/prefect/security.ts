import { DEFAULT_RUN_AS_GROUP, DEFAULT_RUN_AS_USER } from '../../build/security';
import { isMapping } from '../foreign-values';

/**
 * Fills what the restricted Pod Security profile needs and the pod spec leaves unset; never changes a
 * value the template sets (a forbidden one is reported by the restricted check afterwards).
 * - pod: `runAsNonRoot: true`, `seccompProfile: {type: RuntimeDefault}`, `runAsUser`/`runAsGroup` 1000 (as the native pods),
 *   `automountServiceAccountToken: false`;
 * - every container and init container: `allowPrivilegeEscalation: false`,
 *   `capabilities.drop: [ALL]`, `runAsNonRoot: true`.
 * A Windows pod (`os.name: windows`) gets only the settings Windows has: `runAsNonRoot` and the token.
 */
export function fillRestrictedDefaults(podSpec: Record<string, unknown>): void {
  const windows = isMapping(podSpec.os) && podSpec.os.name === 'windows';
  if (podSpec.automountServiceAccountToken === undefined) podSpec.automountServiceAccountToken = false;
  const pod = contextOf(podSpec);
  if (pod) {
    pod.runAsNonRoot ??= true;
    if (!windows) {
      pod.seccompProfile ??= { type: 'RuntimeDefault' };
      pod.runAsUser ??= DEFAULT_RUN_AS_USER;
      pod.runAsGroup ??= DEFAULT_RUN_AS_GROUP;
    }
  }
  for (const list of ['initContainers', 'containers'] as const) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) {
      const context = isMapping(container) ? contextOf(container) : undefined;
      if (!context) continue;
      context.runAsNonRoot ??= true;
      if (windows) continue;
      context.allowPrivilegeEscalation ??= false;
      if (context.capabilities === undefined) context.capabilities = {};
      if (isMapping(context.capabilities)) context.capabilities.drop ??= ['ALL'];
    }
  }
}

/** The `securityContext` mapping of a pod spec or container, created when missing; undefined when it is not a mapping. */
function contextOf(owner: Record<string, unknown>): Record<string, unknown> | undefined {
  if (owner.securityContext === undefined || owner.securityContext === null) owner.securityContext = {};
  return isMapping(owner.securityContext) ? owner.securityContext : undefined;
}
