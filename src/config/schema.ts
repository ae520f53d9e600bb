/**
 * The JSON Schema of the fleet config: the single source of truth for its keys, types, descriptions
 * and defaults. `cdk8s-workers schema` prints it; the package ships it as schema/workers.schema.json.
 */

import { DNS_POLICIES, IMAGE_PULL_POLICIES, TERMINATION_MESSAGE_POLICIES } from '../pod/pod-props';
import * as k8sFragments from './k8s-fragments.json';
import { KEDA_SCALER_TYPES, KEDA_VERSION } from '../checks/keda-scalers';
import { QUANTITY } from './quantity';

type JsonSchema = Record<string, unknown>;

/** KEDA's trigger types, from the generated scaler table (src/checks/keda-scalers.json). */
const KEDA_SCALERS = [...KEDA_SCALER_TYPES];

const dnsLabel = (description: string): JsonSchema => ({ type: 'string', description });
const stringMap = (description: string): JsonSchema => ({ type: 'object', description, additionalProperties: { type: 'string' } });
const scalarMap = (description: string): JsonSchema => ({
  type: 'object', description, additionalProperties: { type: ['string', 'number', 'boolean'] },
});
const stringList = (description: string): JsonSchema => ({ type: 'array', description, items: { type: 'string' } });
const quantity = (description: string): JsonSchema => ({ type: ['string', 'number'], pattern: QUANTITY.source, description });
const INT32_MAX = 2147483647;
const count = (description: string, minimum: number, extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', minimum, maximum: INT32_MAX, description, ...extra });

/** Schemas every container shares, defined once under `definitions` so the compiled validator holds each once. */
const shared = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });

const resources: JsonSchema = {
  type: 'object',
  description: 'Requests of the main container (cpu, memory, ephemeralStorage), its limits, and GPUs.',
  additionalProperties: false,
  properties: {
    cpu: quantity('CPU request, e.g. "500m" or 2.'),
    memory: quantity('Memory request, e.g. "4Gi".'),
    ephemeralStorage: quantity('Ephemeral-storage request, e.g. "10Gi".'),
    gpu: count('Number of GPUs, set as a limit on <gpuVendor>.com/gpu.', 0, { default: 0 }),
    gpuVendor: { type: 'string', enum: ['nvidia', 'amd', 'nvidia.com/gpu', 'amd.com/gpu'], default: 'nvidia', description: 'Whose device plugin serves the GPUs: nvidia or amd (or the resource name, nvidia.com/gpu or amd.com/gpu).' },
    extended: {
      type: 'object',
      description: 'Extended resources a device plugin serves, name: whole number (e.g. nvidia.com/mig-1g.5gb: 1, gpu.intel.com/i915: 1, aws.amazon.com/neuron: 2, vpc.amazonaws.com/efa: 1), each set as an equal request and limit.',
      additionalProperties: { type: 'integer', minimum: 0, maximum: INT32_MAX },
    },
    limits: {
      type: 'object',
      description: 'Limits; none are set unless given here.',
      additionalProperties: false,
      properties: {
        cpu: quantity('CPU limit.'),
        memory: quantity('Memory limit.'),
        ephemeralStorage: quantity('Ephemeral-storage limit.'),
      },
    },
  },
};

const fragment = (root: keyof typeof k8sFragments.roots, description: string): JsonSchema => ({ $ref: k8sFragments.roots[root], description });

const envValue: JsonSchema = {
  description: 'A plain value (string, number or boolean), or {valueFrom: {configMapKeyRef | secretKeyRef | fieldRef | resourceFieldRef}} as in Kubernetes.',
  anyOf: [
    { type: ['string', 'number', 'boolean'] },
    { type: 'object', additionalProperties: false, required: ['valueFrom'], properties: { valueFrom: fragment('envVarSource', "Kubernetes' EnvVarSource.") } },
  ],
};

const containerPort: JsonSchema = {
  description: 'A port number, or {containerPort, name, protocol} as in Kubernetes (host ports are not offered: the Pod Security profile forbids them).',
  anyOf: [
    { type: 'integer', minimum: 1, maximum: 65535 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['containerPort'],
      properties: {
        containerPort: { type: 'integer', minimum: 1, maximum: 65535, description: 'The port.' },
        name: { type: 'string', description: 'IANA service name: at most 15 lowercase letters, digits and "-", with a letter.' },
        protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'], default: 'TCP', description: 'The protocol.' },
      },
    },
  ],
};

const mounts: JsonSchema = {
  type: 'object',
  description: 'Volumes to mount, mountPath: volume name, or mountPath: {volume, subPath, readOnly}.',
  additionalProperties: {
    anyOf: [
      { type: 'string' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['volume'],
        properties: {
          volume: { type: 'string', description: 'Name of a volume of the pod.' },
          subPath: { type: 'string', description: 'Mount only this relative path inside the volume.' },
          readOnly: { type: 'boolean', default: false, description: 'Mount read-only.' },
        },
      },
    ],
  },
};

/** What every container can set: the main container, init containers and sidecars. */
const containerProperties: Record<string, JsonSchema> = {
  imagePullPolicy: {
    type: ['string', 'null'],
    enum: [...IMAGE_PULL_POLICIES, null],
    default: 'IfNotPresent',
    description: 'When the kubelet pulls the image; null writes none, so the API server defaults it (Always for a :latest or untagged image, IfNotPresent otherwise).',
  },
  command: stringList("The container's entrypoint; the image's ENTRYPOINT when unset."),
  args: stringList('Arguments to the entrypoint.'),
  workingDir: { type: 'string', description: "Working directory; the image's WORKDIR when unset." },
  env: {
    type: 'object',
    description: 'Environment variables: plain values (credentials belong in secretEnv: a value that looks like one is an error) or {valueFrom: …} as in Kubernetes (configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef).',
    additionalProperties: shared('envValue'),
  },
  secretEnv: stringMap('Environment variables read from Secrets, NAME: "secret:key".'),
  downwardEnv: stringMap('Environment variables from the downward API, NAME: fieldPath (metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, …).'),
  envFrom: { type: 'array', items: fragment('envFromSource', "Kubernetes' EnvFromSource."), description: 'ConfigMaps (configMapRef) and Secrets (secretRef) whose every key becomes an environment variable, with an optional prefix, as in Kubernetes.' },
  envFromSecrets: stringList('Secrets whose every key becomes an environment variable (shorthand of envFrom secretRef).'),
  resources: shared('resources'),
  ports: { type: 'array', description: 'Container ports.', items: shared('containerPort') },
  startupProbe: fragment('probe', 'Startup probe as in Kubernetes: one of exec, httpGet, tcpSocket, grpc, and timings; the other probes wait until it passes.'),
  readinessProbe: fragment('probe', 'Readiness probe as in Kubernetes: one of exec, httpGet, tcpSocket, grpc, and timings.'),
  livenessProbe: fragment('probe', 'Liveness probe as in Kubernetes: one of exec, httpGet, tcpSocket, grpc, and timings.'),
  lifecycle: fragment('lifecycle', 'postStart and preStop hooks as in Kubernetes (exec or httpGet).'),
  mounts: shared('mounts'),
};

const container: JsonSchema = {
  type: 'object',
  description: 'An init container or a sidecar: the main container\'s options, its own name and image, the restricted security context.',
  additionalProperties: false,
  required: ['name', 'image'],
  properties: {
    name: dnsLabel('Container name, a DNS-1123 label unique among the pod\'s containers.'),
    image: { type: 'string', description: 'Container image.' },
    ...containerProperties,
    securityContext: {
      type: 'object',
      description: 'Who the container runs as; the pod\'s user and group when unset. Everything else follows the restricted Pod Security profile.',
      additionalProperties: false,
      properties: {
        runAsUser: count('User id.', 1),
        runAsGroup: count('Group id.', 0),
        readOnlyRootFilesystem: { type: 'boolean', default: true, description: 'Keep the root filesystem read-only.' },
      },
    },
  },
};

const volumeSource: JsonSchema = {
  type: 'object',
  description: 'A volume source as in Kubernetes: exactly one of configMap, secret, projected, emptyDir, persistentVolumeClaim, csi, ephemeral.',
  additionalProperties: false,
  properties: {
    configMap: fragment('configMapVolume', 'A ConfigMap as files: name, items, defaultMode, optional.'),
    secret: fragment('secretVolume', 'A Secret as files: secretName, items, defaultMode, optional.'),
    projected: fragment('projectedVolume', 'Several sources in one directory: serviceAccountToken (audience, expirationSeconds, path), configMap, secret, downwardAPI.'),
    emptyDir: fragment('emptyDirVolume', 'A directory that lives as long as the pod: medium, sizeLimit.'),
    persistentVolumeClaim: fragment('persistentVolumeClaimVolume', 'An existing claim: claimName, readOnly.'),
    csi: fragment('csiVolume', 'An inline CSI volume, e.g. secrets-store.csi.k8s.io: driver, volumeAttributes, readOnly.'),
    ephemeral: fragment('ephemeralVolume', 'A claim created and deleted with the pod: volumeClaimTemplate.'),
  },
};

const podProperties: Record<string, JsonSchema> = {
  image: { type: 'string', description: 'Container image, e.g. ghcr.io/example/worker:1.0.0.' },
  ...containerProperties,
  imagePullSecrets: stringList('Names of docker-registry Secrets used to pull the image.'),
  envNotSecret: stringList('Names in env that say they hold a credential (DB_PASSWORD, API_TOKEN) but do not; the value is still checked.'),
  notSecret: stringList('Exact values that look like credentials but are not; each is let through here and in every layer inside this one (defaults: the whole fleet).'),
  serviceAccountName: { type: 'string', description: "The pods' service account; the namespace default when unset." },
  automountServiceAccountToken: { type: 'boolean', default: false, description: 'Mount the service account token into the pods.' },
  nodeSelector: stringMap('Node labels the pods must run on.'),
  tolerations: {
    type: 'array',
    description: 'Taints the pods tolerate.',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        key: { type: 'string' },
        operator: { type: 'string', enum: ['Exists', 'Equal'] },
        value: { type: 'string' },
        effect: { type: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
        tolerationSeconds: { type: 'integer' },
      },
    },
  },
  affinity: { $ref: k8sFragments.roots.affinity, description: 'A Kubernetes Affinity, as in a pod spec (nodeAffinity, podAffinity, podAntiAffinity).' },
  priorityClassName: { type: 'string', description: 'PriorityClass of the pods.' },
  topologySpreadConstraints: { type: 'array', items: fragment('topologySpreadConstraint', "Kubernetes' TopologySpreadConstraint; labelSelector defaults to the component's selector labels."), description: 'How the pods spread over zones and nodes; [] for none. Follow and serve default to maxSkew 1 over topology.kubernetes.io/zone and kubernetes.io/hostname, ScheduleAnyway.' },
  runtimeClassName: { type: 'string', description: 'RuntimeClass of the pods, e.g. gvisor or nvidia.' },
  hostAliases: { type: 'array', items: fragment('hostAlias', 'An /etc/hosts entry: ip, hostnames.'), description: 'Extra /etc/hosts entries.' },
  dnsPolicy: { type: 'string', enum: [...DNS_POLICIES], default: 'ClusterFirst', description: "How the pods' DNS is set up; None needs dnsConfig.nameservers." },
  dnsConfig: fragment('dnsConfig', 'Resolver settings: nameservers, searches, options.'),
  schedulerName: { type: 'string', description: 'Scheduler of the pods; the default scheduler when unset.' },
  labels: stringMap('Labels on the objects and their pods, beside the app.kubernetes.io/* ones (app.kubernetes.io/name, component and managed-by are the selectors\' and cannot be set).'),
  annotations: stringMap('Annotations on the objects and their pods.'),
  podLabels: stringMap('Labels on the pods only.'),
  podAnnotations: stringMap('Annotations on the pods only.'),
  instance: { type: 'string', description: 'The app.kubernetes.io/instance label, e.g. the release or environment.' },
  partOf: { type: 'string', description: 'The app.kubernetes.io/part-of label: the application the pool belongs to.' },
  version: { type: 'string', description: 'The app.kubernetes.io/version label: the version of the application.' },
  volumes: { type: 'object', description: 'Pod volumes, name: source in Kubernetes\' shape. Mount them with mounts on any container.', additionalProperties: shared('volumeSource') },
  initContainers: { type: 'array', items: shared('container'), description: 'Containers that run to completion, in order, before the others start.' },
  sidecars: { type: 'array', items: shared('container'), description: 'Containers beside the main one for the pod\'s whole life: native sidecars (init containers with restartPolicy Always), so they never keep a Job from completing.' },
  persistentVolumeClaims: stringMap('PersistentVolumeClaims to mount, claim: mountPath (shorthand; the volume is pvc-<claim>).'),
  scratch: {
    type: 'object',
    description: 'A writable emptyDir for work files (the root filesystem is read-only), e.g. PYSTILT\'s compute_root.',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'Where it is mounted, e.g. /tmp/pystilt.' },
      sizeLimit: quantity('Largest size before the pod is evicted, e.g. 20Gi.'),
      medium: { type: 'string', enum: ['Memory'], description: 'Memory backs it with tmpfs, counted against the memory limit.' },
    },
  },
  sharedMemory: quantity('Size of a tmpfs mounted at /dev/shm, e.g. 1Gi.'),
  securityContext: {
    type: 'object',
    description: 'Who the containers run as. Everything else follows the restricted Pod Security profile.',
    additionalProperties: false,
    properties: {
      runAsUser: count('User id of the containers.', 1, { default: 1000 }),
      runAsGroup: count('Group id of the containers.', 0, { default: 1000 }),
      fsGroup: count('Group that owns mounted volumes.', 0, { default: 1000 }),
      readOnlyRootFilesystem: { type: 'boolean', default: true, description: 'Keep the root filesystem read-only; write to scratch instead.' },
    },
  },
  terminationGraceSeconds: count('Seconds between SIGTERM and SIGKILL.', 0),
  terminationMessagePolicy: { type: 'string', enum: [...TERMINATION_MESSAGE_POLICIES], description: "Where the main container's termination message comes from: FallbackToLogsOnError takes the log tail when the message file is empty. The API server's default is File." },
  containerName: dnsLabel('Name of the main container; the component (worker or serve) when unset.'),
};

const trigger: JsonSchema = {
  type: 'object',
  description: `One KEDA trigger, checked against the scalers of KEDA ${KEDA_VERSION}.`,
  additionalProperties: false,
  required: ['type', 'metadata'],
  properties: {
    type: { type: 'string', enum: KEDA_SCALERS, description: `The KEDA ${KEDA_VERSION} scaler, e.g. postgresql, redis, rabbitmq, aws-sqs-queue, prometheus.` },
    name: dnsLabel('Name of the trigger; its TriggerAuthentication is <target>.<name>. Defaults to the type.'),
    metadata: scalarMap("The scaler's metadata, as KEDA documents it (values become strings)."),
    secretAuth: stringMap('TriggerAuthentication parameters read from Secrets, parameter: "secret:key".'),
    configMapAuth: stringMap('TriggerAuthentication parameters read from ConfigMaps, parameter: "configmap:key".'),
    envAuth: stringMap("TriggerAuthentication parameters read from env vars of the target's main container, parameter: ENV_NAME."),
    podIdentity: {
      type: 'object',
      description: "Authenticate with the cloud's workload identity (TriggerAuthentication podIdentity).",
      additionalProperties: false,
      required: ['provider'],
      properties: {
        provider: { type: 'string', enum: ['aws', 'azure-workload', 'gcp'], description: 'The identity provider.' },
        roleArn: { type: 'string', description: 'aws: the role KEDA assumes (exclusive with identityOwner).' },
        identityOwner: { type: 'string', enum: ['keda', 'workload'], description: "aws: use KEDA's or the workload's identity." },
        identityId: { type: 'string', description: 'azure-workload: client id of the managed identity.' },
        identityTenantId: { type: 'string', description: 'azure-workload: tenant of identityId.' },
        identityAuthorityHost: { type: 'string', description: 'azure-workload: authority host (with identityTenantId).' },
      },
    },
    authenticationRef: {
      type: 'object',
      description: 'Use an existing TriggerAuthentication or ClusterTriggerAuthentication; none is rendered then.',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', description: 'Its name.' },
        kind: { type: 'string', enum: ['TriggerAuthentication', 'ClusterTriggerAuthentication'], default: 'TriggerAuthentication', description: 'Its kind.' },
      },
    },
    metricType: { type: 'string', enum: ['AverageValue', 'Value', 'Utilization'], description: 'How the metric is compared with the target (cpu and memory need Utilization or AverageValue; Utilization is for them only).' },
    useCachedMetrics: { type: 'boolean', description: 'Serve the metric from the cache filled at each polling interval (not for cpu, memory, cron).' },
  },
};

const scalingBounds = {
  minReplicas: count('Fewest replicas (Jobs for job.autoscale).', 0, { default: 0 }),
  maxReplicas: count('Most replicas (Jobs for job.autoscale).', 1, { default: 100 }),
  pollingInterval: count("Seconds between checks of the triggers; KEDA's default, 30, when unset (left out of the object).", 1),
  triggers: { type: 'array', minItems: 1, items: shared('trigger'), description: 'What the workers scale on.' },
};

const autoscale: JsonSchema = {
  type: 'object',
  description: 'A KEDA ScaledObject that scales the follow Deployment; omit for a fixed replica count. See docs/keda.md.',
  additionalProperties: false,
  required: ['triggers'],
  properties: {
    ...scalingBounds,
    cooldownPeriod: count("Seconds after the last active trigger before scaling to zero (1 → 0 only); KEDA's default, 300, when unset.", 0),
    initialCooldownPeriod: count("Seconds after creation before the first scale to zero; KEDA's default, 0, when unset.", 0),
    idleReplicaCount: count('Replicas while no trigger is active (only 0 is useful; must be below minReplicas).', 0),
    fallback: {
      type: 'object',
      description: 'Replicas to hold when the scaler fails failureThreshold times in a row (needs a trigger other than cpu/memory).',
      additionalProperties: false,
      required: ['failureThreshold', 'replicas'],
      properties: { failureThreshold: count('Failures in a row.', 1), replicas: count('Replicas to hold.', 0) },
    },
    behavior: { $ref: k8sFragments.roots.hpaBehavior, description: 'HPA scaling behavior (scaleUp, scaleDown), passed to advanced.horizontalPodAutoscalerConfig.behavior; governs N → 1.' },
    hpaName: dnsLabel('Name of the HPA KEDA creates (advanced.horizontalPodAutoscalerConfig.name); keda-hpa-<scaled object> when unset.'),
    restoreToOriginalReplicaCount: { type: 'boolean', default: false, description: 'Scale the Deployment back to its original replicas when the ScaledObject is deleted.' },
    paused: { type: 'boolean', default: false, description: 'Pause autoscaling at the current replicas (annotation autoscaling.keda.sh/paused).' },
    pausedReplicas: count('Pause autoscaling at this replica count (annotation autoscaling.keda.sh/paused-replicas).', 0),
  },
};

const jobAutoscale: JsonSchema = {
  type: 'object',
  description: 'A KEDA ScaledJob in place of the Job: KEDA starts Jobs from the queue, each runs to completion. See docs/keda.md.',
  additionalProperties: false,
  required: ['triggers'],
  properties: {
    ...scalingBounds,
    successfulJobsHistoryLimit: count("Finished Jobs kept; KEDA's default, 100, when unset.", 0),
    failedJobsHistoryLimit: count("Failed Jobs kept; KEDA's default, 100, when unset.", 0),
    scalingStrategy: {
      type: 'object',
      description: 'How KEDA counts the Jobs to start.',
      additionalProperties: false,
      properties: {
        strategy: { type: 'string', enum: ['default', 'custom', 'accurate', 'eager'], description: 'The strategy.' },
        customScalingQueueLengthDeduction: { type: 'integer', minimum: -INT32_MAX, maximum: INT32_MAX, description: 'custom: queue items to subtract.' },
        customScalingRunningJobPercentage: { type: 'string', pattern: '^[0-9]*\\.?[0-9]+$', description: 'custom: share of running Jobs to subtract, e.g. "0.5".' },
        pendingPodConditions: stringList('Pod conditions that count a pending Job as running.'),
        multipleScalersCalculation: { type: 'string', enum: ['min', 'avg', 'sum', 'max'], description: "How several triggers' counts combine." },
      },
    },
    rolloutStrategy: { type: 'string', enum: ['gradual', 'immediate'], default: 'gradual', description: 'gradual lets running Jobs finish when the ScaledJob changes; immediate deletes them.' },
    rolloutPropagationPolicy: { type: 'string', enum: ['foreground', 'background'], description: 'immediate: how running Jobs are deleted.' },
  },
};

const probe: JsonSchema = {
  description: 'A probe of the serve container: HTTP GET of path when set, else a TCP connect. false turns it off.',
  type: ['object', 'boolean'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', description: 'HTTP path, e.g. /healthz; a TCP check when unset.' },
    port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Port; the serve port when unset.' },
    initialDelaySeconds: count('Seconds before the first probe.', 0),
    periodSeconds: count('Seconds between probes.', 1, { default: 10 }),
    timeoutSeconds: count('Seconds before a probe times out.', 1, { default: 1 }),
    failureThreshold: count('Failures in a row that count as failed.', 1, { default: 3 }),
  },
};

const intOrPercent = (description: string): JsonSchema => ({
  type: ['integer', 'string'], minimum: 0, maximum: INT32_MAX, pattern: '^[0-9]+%$', description,
});

const strategy: JsonSchema = {
  type: 'object',
  description: "How a rollout replaces the pods (the Deployment's strategy); Kubernetes' rolling update, 25% and 25%, when unset.",
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['RollingUpdate', 'Recreate'], default: 'RollingUpdate', description: 'RollingUpdate replaces pods a few at a time; Recreate stops every old pod before starting new ones.' },
    rollingUpdate: {
      type: 'object',
      description: 'With RollingUpdate: how many pods above and below the replicas a rollout may go.',
      additionalProperties: false,
      properties: {
        maxSurge: intOrPercent('Pods above the replicas during a rollout, a count or a percentage such as "25%".'),
        maxUnavailable: intOrPercent('Pods below the replicas during a rollout, a count or a percentage (at most 100%); not 0 when maxSurge is 0.'),
      },
    },
  },
};

const labelSelector = (description: string): JsonSchema => ({ $ref: '#/definitions/v1.LabelSelector', description });

const disruptionBudget: JsonSchema = {
  type: ['object', 'boolean'],
  description: 'A PodDisruptionBudget over the serve pods: on by default (maxUnavailable 1) when replicas > 1 or autoscaled; true renders it whatever the replicas, false turns it off.',
  additionalProperties: false,
  properties: {
    minAvailable: intOrPercent('Pods that must stay available during a drain, a count or a percentage. Exclusive with maxUnavailable.'),
    maxUnavailable: intOrPercent('Pods a drain may take away at once, a count or a percentage (1 when neither is set).'),
    unhealthyPodEvictionPolicy: { type: 'string', enum: ['IfHealthyBudget', 'AlwaysAllow'], description: "AlwaysAllow lets a drain evict running pods that are not ready; Kubernetes' IfHealthyBudget when unset." },
  },
};

const ingress: JsonSchema = {
  type: 'object',
  description: 'A networking.k8s.io/v1 Ingress that routes hosts and paths to the serve Service.',
  additionalProperties: false,
  properties: {
    host: { type: 'string', description: 'The one host routed, e.g. api.example.com or *.example.com. Exclusive with hosts.' },
    hosts: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'The hosts routed, each with every path. Exclusive with host; every host when neither is set.' },
    paths: {
      type: 'array',
      minItems: 1,
      description: 'The paths routed to the Service; / as a Prefix when unset.',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          path: { type: 'string', default: '/', description: 'An absolute path, e.g. /api.' },
          pathType: { type: 'string', enum: ['Prefix', 'Exact', 'ImplementationSpecific'], default: 'Prefix', description: 'How the path matches.' },
        },
      },
    },
    tls: {
      type: 'array',
      minItems: 1,
      description: 'TLS certificates, each a kubernetes.io/tls Secret.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['secretName'],
        properties: {
          secretName: { type: 'string', description: 'The Secret holding tls.crt and tls.key.' },
          hosts: stringList("Hosts the certificate covers; the Ingress's hosts when unset."),
        },
      },
    },
    ingressClassName: { type: 'string', description: "The IngressClass, e.g. nginx; the cluster's default class when unset." },
    annotations: stringMap("Annotations of the Ingress only: the controller's settings, cert-manager's issuer."),
  },
};

const networkPolicy: JsonSchema = {
  type: 'object',
  description: 'A NetworkPolicy that admits traffic to the serve port only from the peers in from, and denies every other ingress to the serve pods.',
  additionalProperties: false,
  required: ['from'],
  properties: {
    from: {
      type: 'array',
      minItems: 1,
      description: 'Who may connect: each peer a namespace by name, or namespaces and pods by label.',
      items: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          namespace: { type: 'string', description: 'A namespace by name (its kubernetes.io/metadata.name label). Exclusive with namespaceSelector.' },
          namespaceSelector: labelSelector('Namespaces by label; {} selects every namespace.'),
          podSelector: labelSelector("Pods by label, in the namespaces named, else in the serve pods' own namespace."),
        },
      },
    },
  },
};

const serviceMetadata: JsonSchema = {
  type: 'object',
  description: 'Metadata of the Service alone: a change here never rolls the pods.',
  additionalProperties: false,
  properties: {
    labels: stringMap('Labels of the Service, beside the component\'s.'),
    annotations: stringMap('Annotations of the Service, e.g. service.beta.kubernetes.io/aws-load-balancer-type: nlb.'),
  },
};

/** Each pod option's schema, defined once: every layer that takes pod options refers to it by name. */
const POD_DEFINITION = (name: string) => `pod.${name}`;
const podReferences: Record<string, JsonSchema> = Object.fromEntries(Object.keys(podProperties).map((name) => [name, shared(POD_DEFINITION(name))]));
const podDefinitions: Record<string, JsonSchema> = Object.fromEntries(Object.entries(podProperties).map(([name, schema]) => [POD_DEFINITION(name), schema]));

const withPod = (description: string, own: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: false,
  ...(required.length ? { required } : {}),
  properties: { ...podReferences, ...own },
});

const job = withPod('The drain Job: N parallel pods that work the queue until it is empty, then exit. Omit to render none.', {
  name: dnsLabel('Name of the Job; <pool>-worker when unset.'),
  workers: count('Pods running at once (spec.parallelism).', 1, { default: 1 }),
  completions: count('Fixed number of successful pods; by default the Job completes when any pod exits 0 with the queue empty.', 1),
  backoffLimit: count('Failed pods (not counting node drains and preemptions) before the Job fails.', 0, { default: 3 }),
  activeDeadlineSeconds: count('Seconds the Job may run in all.', 1),
  ttlSecondsAfterFinished: count('Seconds a finished Job is kept.', 0, { default: 86400 }),
  failOnExitCodes: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 255 }, description: 'Exit codes of the main container that fail the whole Job at once.' },
  suspend: { type: 'boolean', default: false, description: 'Create the Job suspended: no pod starts until it is resumed, as Kueue does when it admits the Job.' },
  completionMode: { type: 'string', enum: ['NonIndexed', 'Indexed'], default: 'NonIndexed', description: 'Indexed gives each pod an index, 0 to completions - 1 (JOB_COMPLETION_INDEX); it needs completions.' },
  autoscale: shared('jobAutoscale'),
  schedule: { type: 'string', description: 'Drain on a schedule: a CronJob starts the Job at these times, in cron syntax ("0 3 * * *") or a descriptor (@daily, @every 6h). Exclusive with autoscale.' },
  timeZone: { type: 'string', description: "With schedule: the IANA time zone it is read in, e.g. Europe/Paris; the controller's (usually UTC) when unset." },
  concurrencyPolicy: { type: 'string', enum: ['Forbid', 'Allow', 'Replace'], default: 'Forbid', description: 'With schedule: when a run is due while the last still drains, skip it (Forbid), run both (Allow) or replace the last (Replace).' },
  startingDeadlineSeconds: count('With schedule: seconds after a missed start time within which the Job still starts (at least 10).', 0),
  successfulJobsHistoryLimit: count("With schedule: finished Jobs kept; Kubernetes' 3 when unset.", 0),
  failedJobsHistoryLimit: count("With schedule: failed Jobs kept; Kubernetes' 1 when unset.", 0),
});

const follow = withPod('The follow Deployment: workers that poll the queue forever. Omit to render none.', {
  name: dnsLabel('Name of the Deployment; <pool>-follow when unset.'),
  replicas: count('Replicas when not autoscaled.', 0, { default: 1 }),
  autoscale: shared('autoscale'),
  maxTaskSeconds: count('Longest a task runs; terminationGraceSeconds must be at least this, or a scale-in kills pods mid-task.', 1),
  strategy: shared('strategy'),
});

const serve = withPod('The serve Deployment and its Service: the API in front of the queue. Omit to render none.', {
  name: dnsLabel('Name of the Deployment and its Service; <pool>-serve when unset.'),
  port: { type: 'integer', minimum: 1, maximum: 65535, default: 8000, description: 'Container port of the API.' },
  replicas: count('Replicas.', 0, { default: 1 }),
  servicePort: { type: 'integer', minimum: 1, maximum: 65535, description: 'Port of the Service; the container port when unset.' },
  serviceType: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'], default: 'ClusterIP', description: 'Type of the Service.' },
  readiness: shared('probe'),
  liveness: shared('probe'),
  strategy: shared('strategy'),
  autoscale: { ...shared('autoscale'), description: 'A KEDA ScaledObject that scales the serve Deployment, as for follow; replicas is then left out. See docs/keda.md.' },
  disruptionBudget,
  ingress,
  networkPolicy,
  service: serviceMetadata,
});

const pool = withPod('One queue-worker pool.', {
  name: dnsLabel('The pool name, a DNS-1123 label; objects are named <name>-worker, <name>-follow, <name>-serve.'),
  namespace: dnsLabel('Namespace of this pool; the fleet namespace when unset.'),
  job,
  follow,
  serve,
}, ['name']);

/** The fleet config schema (JSON Schema draft-07). */
export const FLEET_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://cdk8s-workers.dev/schema/workers.schema.json',
  title: 'cdk8s-workers fleet',
  description: 'Queue-worker pools rendered as Kubernetes manifests by cdk8s-workers.',
  type: 'object',
  additionalProperties: false,
  required: ['pools'],
  properties: {
    namespace: { type: 'string', default: 'default', description: 'Namespace of every object, unless a pool sets its own.' },
    createNamespaces: { type: 'boolean', default: false, description: 'Render a Namespace for every namespace the pools use, enforcing the restricted Pod Security profile.' },
    defaults: withPod('Pod options for every pool; a pool, then a component, overrides them.', {}),
    pools: { type: 'array', minItems: 1, items: pool, description: 'The pools.' },
  },
  definitions: { ...k8sFragments.definitions, resources, envValue, containerPort, mounts, container, volumeSource, trigger, autoscale, jobAutoscale, probe, strategy, ...podDefinitions },
};

export { KEDA_SCALERS };

/** The ajv options the schema is compiled with, at build time and as a fallback at run time. */
export const FLEET_SCHEMA_OPTIONS = { allErrors: true, verbose: true, allowUnionTypes: true, strict: true, inlineRefs: false } as const;
