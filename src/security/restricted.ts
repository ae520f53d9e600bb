export interface PodSecurityViolation {
  readonly path: string;
  readonly check: string;
  readonly message: string;
}

export interface PodTemplateLocation {
  readonly path: string;
  readonly spec: any;
}

export interface ContainerLocation {
  readonly path: string;
  readonly container: any;
}

interface PodUnderCheck {
  readonly specPath: string;
  readonly spec: any;
  readonly metadataPath: string;
  readonly metadata: any;
  readonly windows: boolean;
}

type Check = (pod: PodUnderCheck) => PodSecurityViolation[];

const POD_SPEC_SEGMENTS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  ScaledJob: ['spec', 'jobTargetRef', 'template', 'spec'],
};

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
const RESTRICTED_CAPABILITIES = new Set(['NET_BIND_SERVICE']);

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);

const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

export function checkRestrictedPodSecurity(manifest: unknown): PodSecurityViolation[] {
  const pod = podUnderCheck(manifest);
  if (!pod) {
    return [];
  }
  return CHECKS.flatMap((check) => check(pod));
}

export function podTemplatePath(manifest: unknown): PodTemplateLocation | undefined {
  const segments = podSpecSegments(manifest);
  if (!segments) {
    return undefined;
  }
  const spec = valueAt(manifest, segments);
  return isObject(spec) ? { path: segments.join('.'), spec } : undefined;
}

export function podContainers(location: PodTemplateLocation): ContainerLocation[] {
  return CONTAINER_LISTS.flatMap((list) => arrayAt(location.spec, list).map((container, index) => ({
    path: `${location.path}.${list}[${index}]`,
    container,
  })));
}

function podSpecSegments(manifest: unknown): readonly string[] | undefined {
  if (!isObject(manifest) || typeof manifest.kind !== 'string') {
    return undefined;
  }
  if (manifest.kind === 'ScaledJob' && !String(manifest.apiVersion ?? '').startsWith('keda.sh/')) {
    return undefined;
  }
  return Object.hasOwn(POD_SPEC_SEGMENTS, manifest.kind) ? POD_SPEC_SEGMENTS[manifest.kind] : undefined;
}

function podUnderCheck(manifest: unknown): PodUnderCheck | undefined {
  const location = podTemplatePath(manifest);
  const segments = podSpecSegments(manifest);
  if (!location || !segments) {
    return undefined;
  }
  const metadataSegments = [...segments.slice(0, -1), 'metadata'];
  return {
    specPath: location.path,
    spec: location.spec,
    metadataPath: metadataSegments.join('.'),
    metadata: valueAt(manifest, metadataSegments) ?? {},
    windows: location.spec.os?.name === 'windows',
  };
}

const CHECKS: readonly Check[] = [
  checkHostProcess,
  checkHostNamespaces,
  checkPrivileged,
  checkCapabilities,
  checkHostPathVolumes,
  checkHostPorts,
  checkAppArmor,
  checkSeLinux,
  checkProcMount,
  checkSeccomp,
  checkSysctls,
  checkHostProbesAndLifecycle,
  checkVolumeTypes,
  checkAllowPrivilegeEscalation,
  checkRunAsNonRoot,
  checkRunAsUser,
];

function checkHostProcess(pod: PodUnderCheck): PodSecurityViolation[] {
  return securityContexts(pod)
    .filter((context) => context.value?.windowsOptions?.hostProcess === true)
    .map((context) => violation(
      `${context.path}.windowsOptions.hostProcess`,
      'windowsHostProcess',
      'found hostProcess true, required false or unset: windows host process containers are forbidden',
    ));
}

function checkHostNamespaces(pod: PodUnderCheck): PodSecurityViolation[] {
  return ['hostNetwork', 'hostPID', 'hostIPC']
    .filter((field) => pod.spec[field] === true)
    .map((field) => violation(
      `${pod.specPath}.${field}`,
      'hostNamespaces',
      `found ${field} true, required false or unset: sharing host namespaces is forbidden`,
    ));
}

function checkPrivileged(pod: PodUnderCheck): PodSecurityViolation[] {
  return containerContexts(pod)
    .filter((context) => context.value?.privileged === true)
    .map((context) => violation(
      `${context.path}.privileged`,
      'privileged',
      'found privileged true, required false or unset',
    ));
}

function checkCapabilities(pod: PodUnderCheck): PodSecurityViolation[] {
  return containerContexts(pod).flatMap((context) => pod.windows
    ? forbiddenAddedCapabilities(context, BASELINE_CAPABILITIES, 'capabilities_baseline')
    : [
      ...missingDropAll(context),
      ...forbiddenAddedCapabilities(context, RESTRICTED_CAPABILITIES, 'capabilities_restricted'),
    ]);
}

function missingDropAll(context: SecurityContextLocation): PodSecurityViolation[] {
  const drop = context.value?.capabilities?.drop;
  if (Array.isArray(drop) && drop.includes('ALL')) {
    return [];
  }
  const found = Array.isArray(drop) ? `drop ${JSON.stringify(drop)}` : 'no capabilities.drop';
  return [violation(
    `${context.path}.capabilities.drop`,
    'capabilities_restricted',
    `found ${found}, required a drop list that includes "ALL"`,
  )];
}

function forbiddenAddedCapabilities(
  context: SecurityContextLocation,
  allowed: ReadonlySet<string>,
  check: string,
): PodSecurityViolation[] {
  const added = context.value?.capabilities?.add;
  if (!Array.isArray(added)) {
    return [];
  }
  return added
    .map((capability, index) => ({ capability, index }))
    .filter(({ capability }) => !allowed.has(capability))
    .map(({ capability, index }) => violation(
      `${context.path}.capabilities.add[${index}]`,
      check,
      `found added capability ${JSON.stringify(capability)}, required only ${listOf(allowed)}`,
    ));
}

function checkHostPathVolumes(pod: PodUnderCheck): PodSecurityViolation[] {
  return volumes(pod)
    .filter(({ volume }) => volume.hostPath !== undefined)
    .map(({ path }) => violation(
      `${path}.hostPath`,
      'hostPathVolumes',
      'found a hostPath volume, required no hostPath volumes',
    ));
}

function checkVolumeTypes(pod: PodUnderCheck): PodSecurityViolation[] {
  return volumes(pod).flatMap(({ path, volume }) => Object.keys(volume)
    .filter((field) => field !== 'name' && field !== 'hostPath' && !RESTRICTED_VOLUME_TYPES.has(field))
    .map((field) => violation(
      `${path}.${field}`,
      'restrictedVolumes',
      `found volume type ${field}, required one of ${listOf(RESTRICTED_VOLUME_TYPES)}`,
    )));
}

function checkHostPorts(pod: PodUnderCheck): PodSecurityViolation[] {
  return podContainersOf(pod).flatMap(({ path, container }) => arrayAt(container, 'ports')
    .map((port, index) => ({ port, index }))
    .filter(({ port }) => isObject(port) && port.hostPort !== undefined && port.hostPort !== 0)
    .map(({ port, index }) => violation(
      `${path}.ports[${index}].hostPort`,
      'hostPorts',
      `found hostPort ${JSON.stringify(port.hostPort)}, required 0 or unset`,
    )));
}

function checkAppArmor(pod: PodUnderCheck): PodSecurityViolation[] {
  return [...appArmorAnnotationViolations(pod), ...appArmorProfileViolations(pod)];
}

function appArmorAnnotationViolations(pod: PodUnderCheck): PodSecurityViolation[] {
  const annotations = isObject(pod.metadata.annotations) ? pod.metadata.annotations : {};
  return Object.entries(annotations)
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(value))
    .map(([key, value]) => violation(
      `${pod.metadataPath}.annotations[${JSON.stringify(key)}]`,
      'appArmorProfile',
      `found apparmor profile ${JSON.stringify(value)}, required "runtime/default", "localhost/<profile>" or unset`,
    ));
}

function allowedAppArmorAnnotation(value: unknown): boolean {
  return value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

function appArmorProfileViolations(pod: PodUnderCheck): PodSecurityViolation[] {
  return securityContexts(pod)
    .filter((context) => context.value?.appArmorProfile?.type !== undefined)
    .filter((context) => !APPARMOR_TYPES.has(context.value.appArmorProfile.type))
    .map((context) => violation(
      `${context.path}.appArmorProfile.type`,
      'appArmorProfile',
      `found appArmorProfile type ${JSON.stringify(context.value.appArmorProfile.type)}, required ${listOf(APPARMOR_TYPES)} or unset`,
    ));
}

function checkSeLinux(pod: PodUnderCheck): PodSecurityViolation[] {
  return securityContexts(pod).flatMap((context) => {
    const options = context.value?.seLinuxOptions;
    if (!isObject(options)) {
      return [];
    }
    const path = `${context.path}.seLinuxOptions`;
    return [
      ...(options.type !== undefined && !SELINUX_TYPES.has(options.type)
        ? [violation(`${path}.type`, 'seLinuxOptions', `found selinux type ${JSON.stringify(options.type)}, required ${listOf(SELINUX_TYPES)} or unset`)]
        : []),
      ...(['user', 'role'] as const)
        .filter((field) => options[field] !== undefined && options[field] !== '')
        .map((field) => violation(`${path}.${field}`, 'seLinuxOptions', `found selinux ${field} ${JSON.stringify(options[field])}, required unset`)),
    ];
  });
}

function checkProcMount(pod: PodUnderCheck): PodSecurityViolation[] {
  return containerContexts(pod)
    .filter((context) => context.value?.procMount !== undefined && context.value.procMount !== 'Default')
    .map((context) => violation(
      `${context.path}.procMount`,
      'procMount',
      `found procMount ${JSON.stringify(context.value.procMount)}, required "Default" or unset`,
    ));
}

function checkSeccomp(pod: PodUnderCheck): PodSecurityViolation[] {
  const podType = pod.spec.securityContext?.seccompProfile?.type;
  const podPath = `${pod.specPath}.securityContext.seccompProfile.type`;
  const podViolations = podType !== undefined && !SECCOMP_TYPES.has(podType)
    ? [seccompViolation(podPath, podType)]
    : [];
  const podCovers = SECCOMP_TYPES.has(podType);
  const containerViolations = containerContexts(pod).flatMap((context) => {
    const type = context.value?.seccompProfile?.type;
    const path = `${context.path}.seccompProfile.type`;
    if (type !== undefined) {
      return SECCOMP_TYPES.has(type) ? [] : [seccompViolation(path, type)];
    }
    return podCovers || pod.windows ? [] : [violation(
      path,
      'seccompProfile_restricted',
      `found no seccompProfile here or at ${podPath}, required "RuntimeDefault" or "Localhost"`,
    )];
  });
  return [...podViolations, ...containerViolations];
}

function seccompViolation(path: string, type: unknown): PodSecurityViolation {
  return violation(path, 'seccompProfile', `found seccompProfile type ${JSON.stringify(type)}, required ${listOf(SECCOMP_TYPES)}`);
}

function checkSysctls(pod: PodUnderCheck): PodSecurityViolation[] {
  return arrayAt(pod.spec.securityContext, 'sysctls')
    .map((sysctl, index) => ({ name: sysctl?.name, index }))
    .filter(({ name }) => !SAFE_SYSCTLS.has(name))
    .map(({ name, index }) => violation(
      `${pod.specPath}.securityContext.sysctls[${index}].name`,
      'sysctls',
      `found sysctl ${JSON.stringify(name)}, required one of the safe sysctls ${listOf(SAFE_SYSCTLS)}`,
    ));
}

function checkHostProbesAndLifecycle(pod: PodUnderCheck): PodSecurityViolation[] {
  return podContainersOf(pod).flatMap(({ path, container }) => [
    ...PROBES.map((probe) => ({ path: `${path}.${probe}`, handler: container[probe] })),
    ...LIFECYCLE_HOOKS.map((hook) => ({ path: `${path}.lifecycle.${hook}`, handler: container.lifecycle?.[hook] })),
  ].flatMap(({ path: handlerPath, handler }) => HANDLERS
    .filter((kind) => isObject(handler?.[kind]) && handler[kind].host !== undefined && handler[kind].host !== '')
    .map((kind) => violation(
      `${handlerPath}.${kind}.host`,
      'hostProbesAndHostLifecycle',
      `found host ${JSON.stringify(handler[kind].host)}, required unset so the handler targets the pod itself`,
    ))));
}

function checkAllowPrivilegeEscalation(pod: PodUnderCheck): PodSecurityViolation[] {
  if (pod.windows) {
    return [];
  }
  return containerContexts(pod)
    .filter((context) => context.value?.allowPrivilegeEscalation !== false)
    .map((context) => violation(
      `${context.path}.allowPrivilegeEscalation`,
      'allowPrivilegeEscalation',
      `found allowPrivilegeEscalation ${describe(context.value?.allowPrivilegeEscalation)}, required false`,
    ));
}

function checkRunAsNonRoot(pod: PodUnderCheck): PodSecurityViolation[] {
  const podValue = pod.spec.securityContext?.runAsNonRoot;
  const podPath = `${pod.specPath}.securityContext.runAsNonRoot`;
  const podViolations = podValue === false
    ? [violation(podPath, 'runAsNonRoot', 'found runAsNonRoot false, required true')]
    : [];
  const containerViolations = containerContexts(pod).flatMap((context) => {
    const value = context.value?.runAsNonRoot;
    const path = `${context.path}.runAsNonRoot`;
    if (value === false) {
      return [violation(path, 'runAsNonRoot', 'found runAsNonRoot false, required true')];
    }
    return value === true || podValue === true ? [] : [violation(
      path,
      'runAsNonRoot',
      `found runAsNonRoot unset here and at ${podPath}, required true on the pod or on every container`,
    )];
  });
  return [...podViolations, ...containerViolations];
}

function checkRunAsUser(pod: PodUnderCheck): PodSecurityViolation[] {
  return securityContexts(pod)
    .filter((context) => context.value?.runAsUser === 0)
    .map((context) => violation(
      `${context.path}.runAsUser`,
      'runAsUser',
      'found runAsUser 0, required a non-zero user id or unset',
    ));
}

interface SecurityContextLocation {
  readonly path: string;
  readonly value: any;
}

function securityContexts(pod: PodUnderCheck): SecurityContextLocation[] {
  return [
    { path: `${pod.specPath}.securityContext`, value: pod.spec.securityContext },
    ...containerContexts(pod),
  ];
}

function containerContexts(pod: PodUnderCheck): SecurityContextLocation[] {
  return podContainersOf(pod).map(({ path, container }) => ({
    path: `${path}.securityContext`,
    value: container.securityContext,
  }));
}

function podContainersOf(pod: PodUnderCheck): ContainerLocation[] {
  return podContainers({ path: pod.specPath, spec: pod.spec }).filter(({ container }) => isObject(container));
}

function volumes(pod: PodUnderCheck): Array<{ path: string; volume: any }> {
  return arrayAt(pod.spec, 'volumes')
    .map((volume, index) => ({ path: `${pod.specPath}.volumes[${index}]`, volume }))
    .filter(({ volume }) => isObject(volume));
}

function violation(path: string, check: string, message: string): PodSecurityViolation {
  return { path, check, message };
}

function listOf(values: ReadonlySet<string>): string {
  return [...values].filter((value) => value !== '').map((value) => JSON.stringify(value)).join(', ');
}

function describe(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

function valueAt(root: unknown, segments: readonly string[]): any {
  return segments.reduce<any>((node, segment) => (isObject(node) ? node[segment] : undefined), root);
}

function arrayAt(node: unknown, field: string): any[] {
  const value = isObject(node) ? node[field] : undefined;
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
