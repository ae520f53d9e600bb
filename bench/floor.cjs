// The floor for synth: parse a bench fleet config with js-yaml, build the objects cdk8s-workers writes for it
// as plain literals (keys in the order synth writes them), and write them one pool at a time.
// usage: node bench/floor.cjs CONFIG OUTFILE json|yaml|parse
//   json: one JSON.stringify line per object; yaml: lib/synth/yaml.js, byte for byte synth's single layout;
//   parse: only reads and parses the config (what every floor and synth start with), and writes nothing.
const { closeSync, openSync, readFileSync, writeSync } = require('node:fs');
const jsYaml = require('js-yaml');

const [configFile, outFile, format] = process.argv.slice(2);
const write = format === 'yaml' ? yamlWriter() : (object) => `${JSON.stringify(object)}\n`;
const fleet = jsYaml.load(readFileSync(configFile, 'utf8'));
if (format === 'parse') {
  if (!Array.isArray(fleet?.pools)) throw new Error(`${configFile} holds no pools`);
  process.exit(0);
}

const labels = (name, component) => ({
  'app.kubernetes.io/component': component, 'app.kubernetes.io/managed-by': 'cdk8s-workers', 'app.kubernetes.io/name': name,
});
const selector = (name, component) => ({ 'app.kubernetes.io/component': component, 'app.kubernetes.io/name': name });
const metadata = (name, component, objectName) => ({ labels: labels(name, component), name: objectName, namespace: fleet.namespace });
const podSecurity = () => ({ fsGroup: 1000, runAsGroup: 1000, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
const containerSecurity = () => ({
  allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
});
const probe = () => ({ failureThreshold: 3, periodSeconds: 10, tcpSocket: { port: 'http' }, timeoutSeconds: 1 });

function container(pool, name, command, { args, port } = {}) {
  // Every field in its place, unset ones undefined (both writers leave them out), as the builders make them:
  // objects spread together get hidden classes of their own, which slows every reader of them.
  return {
    args,
    command,
    env: Object.entries(pool.env ?? {}).map(([key, value]) => ({ name: key, value: String(value) })),
    image: pool.image,
    imagePullPolicy: 'IfNotPresent',
    livenessProbe: port ? probe() : undefined,
    name,
    ports: port ? [{ containerPort: port, name: 'http', protocol: 'TCP' }] : undefined,
    readinessProbe: port ? probe() : undefined,
    resources: { requests: { cpu: pool.resources.cpu, memory: pool.resources.memory } },
    securityContext: containerSecurity(),
  };
}

function poolObjects(pool) {
  const name = pool.name;
  const worker = container(pool, 'worker', pool.command);
  const follow = container(pool, 'worker', pool.command, { args: pool.follow.args });
  const serve = container(pool, 'serve', pool.serve.command, { port: pool.serve.port });
  const trigger = pool.follow.autoscale.triggers[0];
  const authName = `${name}-follow.${trigger.name ?? trigger.type}`;
  return [
    {
      apiVersion: 'batch/v1', kind: 'Job', metadata: metadata(name, 'worker', `${name}-worker`),
      spec: {
        backoffLimit: 3, parallelism: pool.job.workers,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ status: 'True', type: 'DisruptionTarget' }] }] },
        template: {
          metadata: { labels: labels(name, 'worker') },
          spec: { automountServiceAccountToken: false, containers: [worker], restartPolicy: 'Never', securityContext: podSecurity() },
        },
        ttlSecondsAfterFinished: 86400,
      },
    },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: metadata(name, 'follow', `${name}-follow`),
      spec: {
        selector: { matchLabels: selector(name, 'follow') },
        template: {
          metadata: { labels: labels(name, 'follow') },
          spec: { automountServiceAccountToken: false, containers: [follow], securityContext: podSecurity(), terminationGracePeriodSeconds: 600, topologySpreadConstraints: spread(name, 'follow') },
        },
      },
    },
    {
      apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication', metadata: metadata(name, 'follow', authName),
      spec: {
        secretTargetRef: Object.entries(trigger.secretAuth).map(([parameter, ref]) => {
          const [secret, key] = ref.split(':');
          return { key, name: secret, parameter };
        }),
      },
    },
    {
      apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: metadata(name, 'follow', `${name}-follow-scaler`),
      spec: {
        maxReplicaCount: pool.follow.autoscale.maxReplicas, minReplicaCount: 0,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${name}-follow` },
        triggers: [{ authenticationRef: { name: authName }, metadata: trigger.metadata, type: trigger.type }],
      },
    },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: metadata(name, 'serve', `${name}-serve`),
      spec: {
        replicas: 1,
        selector: { matchLabels: selector(name, 'serve') },
        template: {
          metadata: { labels: labels(name, 'serve') },
          spec: { automountServiceAccountToken: false, containers: [serve], securityContext: podSecurity(), topologySpreadConstraints: spread(name, 'serve') },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: metadata(name, 'serve', `${name}-serve`),
      spec: {
        ports: [{ name: 'http', port: pool.serve.port, protocol: 'TCP', targetPort: 'http' }],
        selector: selector(name, 'serve'), type: 'ClusterIP',
      },
    },
  ];
}

/** The default spread of follow and serve pods: over zones, then nodes, never blocking. */
function spread(name, component) {
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
    labelSelector: { matchLabels: selector(name, component) }, maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway',
  }));
}

function yamlWriter() {
  const { manifestToYaml } = require('../lib/synth/yaml.js');
  let first = true;
  return (object) => {
    const text = first ? manifestToYaml(object) : `---\n${manifestToYaml(object)}`;
    first = false;
    return text;
  };
}

const fd = openSync(outFile, 'w');
let chunk = '';
for (const pool of fleet.pools) {
  for (const object of poolObjects(pool)) chunk += write(object);
  if (chunk.length > 1 << 20) {
    writeSync(fd, chunk);
    chunk = '';
  }
}
writeSync(fd, chunk);
closeSync(fd);
