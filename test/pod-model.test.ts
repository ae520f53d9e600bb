import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { WorkerPool } from '../src/constructs/worker-pool';
import { mergePodProps } from '../src/pod/merge';
import { cli, expectInputError, REPO } from './support/cli';
import { writeTemp } from './support/files';
import { manifestsToYaml, synthValid, testChart } from './support/render';
import { matchSnapshot } from './support/snapshot';
import { assertValidManifests } from './support/strict-schema';

type Manifest = Record<string, any>;

/** Synthesizes a config through the CLI, checks every object strictly and against the restricted profile. */
function synthConfig(file: string): Manifest[] {
  const result = cli('synth', '--config', path.join(REPO, file), '--stdout');
  assert.equal(result.code, 0, result.stderr);
  const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS() as Manifest);
  assertValidManifests(manifests);
  return manifests;
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  assert.ok(found, `expected ${kind}/${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

function podSpec(manifest: Manifest): Manifest {
  return manifest.spec.template.spec;
}

describe('pod model: init containers and native sidecars', () => {
  const manifests = synthConfig('test/fixtures/fleets/pod-containers.yaml');

  it('renders init containers in order, then sidecars with restartPolicy Always, under the restricted profile', () => {
    const spec = podSpec(find(manifests, 'Job', 'ingest-worker'));
    assert.deepEqual(spec.initContainers.map((c: Manifest) => [c.name, c.restartPolicy]), [['fetch-migrations', undefined], ['metrics', 'Always']]);
    const metrics = spec.initContainers[1];
    assert.equal(metrics.startupProbe.httpGet.port, 'metrics');
    assert.deepEqual(metrics.lifecycle.preStop.exec.command, ['sleep', '5']);
    assert.equal(metrics.securityContext.runAsUser, 65534);
    assert.equal(metrics.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(spec.containers[0].volumeMounts, [{ mountPath: '/migrations', name: 'migrations', readOnly: true }]);
  });

  it('merges sidecars by name: the component replaces the pool\'s container of the same name whole', () => {
    const spec = podSpec(find(manifests, 'Deployment', 'ingest-follow'));
    const metrics = spec.initContainers.find((c: Manifest) => c.name === 'metrics');
    assert.equal(metrics.image, 'ghcr.io/example/statsd-exporter:0.27.0');
    assert.equal(metrics.startupProbe, undefined);
    assert.equal(spec.initContainers[0].name, 'fetch-migrations');
  });

  it('matches its golden file', () => matchSnapshot('pod-containers.yaml', manifestsToYaml(manifests)));
});

describe('pod model: volumes, mounts and env from ConfigMaps', () => {
  const manifests = synthConfig('test/fixtures/fleets/pod-volumes.yaml');
  const spec = podSpec(find(manifests, 'Job', 'render-worker'));

  it('renders the shorthand volumes first, then every source in Kubernetes\' shape by name', () => {
    assert.deepEqual(spec.volumes.map((v: Manifest) => v.name), ['scratch', 'pvc-assets', 'cache', 'identity', 'models', 'settings', 'spill', 'tls', 'vault']);
    const identity = spec.volumes.find((v: Manifest) => v.name === 'identity');
    assert.deepEqual(identity.projected.sources[0], { serviceAccountToken: { audience: 'storage.example.com', expirationSeconds: 3600, path: 'token' } });
    assert.equal(spec.volumes.find((v: Manifest) => v.name === 'settings').configMap.defaultMode, 0o444);
  });

  it('mounts with subPath and readOnly, by mount path', () => {
    const mounts = spec.containers[0].volumeMounts;
    assert.deepEqual(mounts.find((m: Manifest) => m.mountPath === '/etc/render/render.toml'), { mountPath: '/etc/render/render.toml', name: 'settings', subPath: 'render.toml', readOnly: true });
    assert.equal(mounts[0].name, 'scratch');
  });

  it('reads env from ConfigMap keys, resource fields and whole ConfigMaps', () => {
    const container = spec.containers[0];
    assert.deepEqual(container.env.find((e: Manifest) => e.name === 'RENDER_QUEUE'), { name: 'RENDER_QUEUE', valueFrom: { configMapKeyRef: { name: 'render-settings', key: 'queue' } } });
    assert.deepEqual(container.envFrom, [{ configMapRef: { name: 'render-env' } }, { configMapRef: { name: 'render-flags', optional: true }, prefix: 'FLAG_' }]);
  });

  it('matches its golden file', () => matchSnapshot('pod-volumes.yaml', manifestsToYaml(manifests)));
});

describe('pod model: probes and lifecycle hooks', () => {
  const manifests = synthConfig('test/fixtures/fleets/pod-probes.yaml');

  it('puts Kubernetes-shaped probes on any component, beside the pool\'s lifecycle', () => {
    const follow = podSpec(find(manifests, 'Deployment', 'api-follow')).containers[0];
    assert.deepEqual(follow.startupProbe, { exec: { command: ['/bin/ready'] }, failureThreshold: 30, periodSeconds: 5 });
    assert.deepEqual(follow.lifecycle.preStop.exec.command, ['/bin/drain', '--timeout=20s']);
  });

  it('lets readinessProbe and livenessProbe replace the serve defaults', () => {
    const serve = podSpec(find(manifests, 'Deployment', 'api-serve')).containers[0];
    assert.equal(serve.readinessProbe.successThreshold, 2);
    assert.deepEqual(serve.livenessProbe.grpc, { port: 9090, service: 'liveness' });
    assert.deepEqual(serve.ports.map((p: Manifest) => p.name), ['http', 'grpc']);
  });

  it('keeps the readiness and liveness shorthands of serve working', () => {
    const legacy = podSpec(find(manifests, 'Deployment', 'legacy-serve')).containers[0];
    assert.deepEqual(legacy.readinessProbe.httpGet, { path: '/healthz', port: 'http' });
    assert.equal(legacy.livenessProbe, undefined);
  });

  it('matches its golden file', () => matchSnapshot('pod-probes.yaml', manifestsToYaml(manifests)));
});

describe('pod model: scheduling, DNS and extended resources', () => {
  const manifests = synthConfig('test/fixtures/fleets/pod-scheduling.yaml');

  it('spreads follow and serve over zones and nodes by default, counting the component\'s own pods', () => {
    const constraints = podSpec(find(manifests, 'Deployment', 'spread-follow')).topologySpreadConstraints;
    assert.deepEqual(constraints.map((c: Manifest) => [c.topologyKey, c.maxSkew, c.whenUnsatisfiable]), [
      ['topology.kubernetes.io/zone', 1, 'ScheduleAnyway'], ['kubernetes.io/hostname', 1, 'ScheduleAnyway'],
    ]);
    assert.deepEqual(constraints[0].labelSelector, { matchLabels: { 'app.kubernetes.io/component': 'follow', 'app.kubernetes.io/name': 'spread' } });
    assert.equal(podSpec(find(manifests, 'Deployment', 'spread-serve')).topologySpreadConstraints, undefined, '[] turns the default off');
  });

  it('renders runtime class, scheduler, host aliases, DNS and extended resources as set', () => {
    const spec = podSpec(find(manifests, 'Deployment', 'inference-follow'));
    assert.equal(spec.runtimeClassName, 'nvidia');
    assert.equal(spec.schedulerName, 'gpu-scheduler');
    assert.equal(spec.dnsPolicy, 'None');
    assert.deepEqual(spec.dnsConfig.nameservers, ['10.96.0.10']);
    assert.equal(spec.hostAliases[1].ip, 'fd00::15');
    assert.equal(spec.topologySpreadConstraints[1].labelSelector.matchLabels['app.kubernetes.io/part-of'], 'inference');
    const resources = spec.containers[0].resources;
    assert.equal(resources.limits['nvidia.com/mig-1g.5gb'], 1);
    assert.equal(resources.requests['nvidia.com/mig-1g.5gb'], 1);
    const job = podSpec(find(manifests, 'Job', 'accelerators-worker'));
    assert.equal(job.topologySpreadConstraints, undefined, 'a Job is not spread by default');
    assert.deepEqual(job.containers[0].resources.limits, { 'aws.amazon.com/neuron': 2, 'gpu.intel.com/i915': 1 });
  });

  it('matches its golden file', () => matchSnapshot('pod-scheduling.yaml', manifestsToYaml(manifests)));
});

describe('pod model: metadata and layering', () => {
  const manifests = synthConfig('test/fixtures/fleets/pod-metadata.yaml');
  const deployment = find(manifests, 'Deployment', 'orders-follow');

  it('puts labels on objects and pods, podLabels and podAnnotations on the pods only', () => {
    assert.equal(deployment.metadata.labels['app.kubernetes.io/part-of'], 'checkout');
    assert.equal(deployment.metadata.labels['app.kubernetes.io/instance'], 'orders-eu');
    assert.equal(deployment.metadata.labels['app.kubernetes.io/version'], '5.2.0');
    assert.equal(deployment.metadata.labels['sidecar.istio.io/inject'], undefined);
    assert.equal(deployment.metadata.annotations['prometheus.io/scrape'], undefined);
    const pod = deployment.spec.template.metadata;
    assert.equal(pod.labels['sidecar.istio.io/inject'], 'false');
    assert.deepEqual(pod.annotations, {
      'example.com/owner': 'payments', 'example.com/runbook': 'https://runbooks.example.com/orders', 'prometheus.io/port': '9102', 'prometheus.io/scrape': 'true',
    });
    assert.deepEqual(deployment.spec.selector.matchLabels, { 'app.kubernetes.io/component': 'follow', 'app.kubernetes.io/name': 'orders' });
  });

  it('merges volumes by name and sidecars by name across defaults, pool and component', () => {
    const spec = podSpec(deployment);
    assert.deepEqual(spec.volumes, [{ name: 'settings', configMap: { name: 'orders-settings' } }]);
    assert.deepEqual(spec.initContainers.map((c: Manifest) => `${c.name}=${c.image}`), ['proxy=ghcr.io/example/proxy:1.1.0', 'log-shipper=ghcr.io/example/shipper:0.9.0']);
    assert.deepEqual(spec.containers[0].volumeMounts, [{ mountPath: '/etc/checkout', name: 'settings' }]);
  });

  it('matches its golden file', () => matchSnapshot('pod-metadata.yaml', manifestsToYaml(manifests)));
});

describe('examples/pystilt-deployment.yaml', () => {
  const manifests = synthConfig('examples/pystilt-deployment.yaml');

  it('runs the Cloud SQL proxy as a native sidecar of every component, the config from a ConfigMap, compute_root on scratch', () => {
    for (const [kind, name] of [['Job', 'my-project-worker'], ['Deployment', 'my-project-follow'], ['Deployment', 'my-project-serve']]) {
      const spec = podSpec(find(manifests, kind, name));
      assert.deepEqual(spec.initContainers.map((c: Manifest) => [c.name, c.restartPolicy]), [['cloud-sql-proxy', 'Always']]);
      assert.deepEqual(spec.containers[0].volumeMounts.map((m: Manifest) => [m.mountPath, m.name]), [['/tmp/pystilt', 'scratch'], ['/etc/stilt/my-project/config.yaml', 'project-config']]);
    }
  });

  it('matches its golden file', () => matchSnapshot('example-pystilt-deployment.yaml', manifestsToYaml(manifests)));
});

const pool = (...lines: string[]): string => `pools:\n  - name: p\n    image: img:1\n${lines.map((line) => `    ${line}\n`).join('')}    follow: {}\n`;

/** Each bad value: the config, and what stderr must say (file:line:col, path, received, expected, whose rule). */
const REFUSED: { rule: string; text: string; fragments: string[] }[] = [
  { rule: 'a selector label in labels', text: pool('labels: {app.kubernetes.io/name: other}'), fragments: [':4:14: pools[0].labels["app.kubernetes.io/name"]: received label "app.kubernetes.io/name": "other", but the selectors depend on it: cdk8s-workers sets it to "p"', 'orphan the running pods'] },
  { rule: 'a selector label a pool sets for all its components', text: pool('labels: {app.kubernetes.io/component: follow}').replace('    follow: {}\n', '    job: {}\n'), fragments: ['pools[0].labels["app.kubernetes.io/component"]: received label "app.kubernetes.io/component": "follow", but the selectors depend on it: cdk8s-workers sets it to "worker"'] },
  { rule: 'a selector label in podLabels', text: pool('podLabels: {app.kubernetes.io/component: x}'), fragments: ['pools[0].podLabels["app.kubernetes.io/component"]: received label', 'selectors depend on'] },
  { rule: 'partOf beside a different part-of label', text: pool('partOf: a', 'labels: {app.kubernetes.io/part-of: b}'), fragments: [':4:13: pools[0].partOf: received "a", but labels sets app.kubernetes.io/part-of to "b"'] },
  { rule: 'a volume name that is no DNS label', text: pool('volumes: {Bad_Name: {emptyDir: {}}}'), fragments: [':4:15: pools[0].volumes.Bad_Name: received volume name "Bad_Name", expected a DNS-1123 label', 'API server'] },
  { rule: 'a volume with two sources', text: pool('volumes: {cfg: {configMap: {name: a}, secret: {secretName: b}}}'), fragments: ['pools[0].volumes.cfg: received configMap and secret, expected exactly one of', 'API server'] },
  { rule: 'a volume named like a shorthand\'s', text: pool('scratch: {path: /work}', 'volumes: {scratch: {emptyDir: {}}}'), fragments: ['pools[0].follow: received scratch and volumes "scratch", which both make the volume "scratch"', 'API server'] },
  { rule: 'a mount of a volume the pod lacks', text: pool('mounts: {/etc/app: missing}'), fragments: [':4:24: pools[0].mounts["/etc/app"]: received volume "missing", which the pod does not have', 'API server'] },
  { rule: 'a subPath that climbs out', text: pool('volumes: {cfg: {configMap: {name: a}}}', 'mounts: {/etc/app: {volume: cfg, subPath: ../etc}}'), fragments: ['pools[0].mounts["/etc/app"].subPath: received "../etc", expected a subPath without ".." segments', 'API server'] },
  { rule: 'an absolute subPath', text: pool('volumes: {cfg: {configMap: {name: a}}}', 'mounts: {/etc/app: {volume: cfg, subPath: /etc}}'), fragments: ['subPath: received "/etc", expected a relative subPath'] },
  { rule: 'a relative mount path', text: pool('volumes: {cfg: {configMap: {name: a}}}', 'mounts: {etc/app: cfg}'), fragments: ['pools[0].mounts["etc/app"]: received "etc/app", expected an absolute mount path'] },
  { rule: 'a file mode above 0777', text: pool('volumes: {cfg: {configMap: {name: a, defaultMode: 644}}}'), fragments: ['pools[0].volumes.cfg.configMap.defaultMode: received 644, expected file mode bits from 0 to 0777', 'API server'] },
  { rule: 'a token that expires in under 10 minutes', text: pool('volumes: {t: {projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 60}}]}}}'), fragments: ['serviceAccountToken.expirationSeconds: received 60, expected from 600', 'API server'] },
  { rule: 'an ephemeral volume without a size', text: pool('volumes: {t: {ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {}}}}}}'), fragments: ['pools[0].volumes.t.ephemeral.volumeClaimTemplate.spec.resources: received no resources.requests.storage'] },
  { rule: 'a probe with two handlers', text: pool('livenessProbe: {exec: {command: [x]}, tcpSocket: {port: 80}}'), fragments: [':4:20: pools[0].livenessProbe: received exec and tcpSocket, expected exactly one handler', 'API server'] },
  { rule: 'a probe without a handler', text: pool('readinessProbe: {periodSeconds: 5}'), fragments: ['pools[0].readinessProbe: received no handler, expected exactly one of exec, httpGet, tcpSocket, grpc'] },
  { rule: 'a liveness probe that needs two successes', text: pool('livenessProbe: {exec: {command: [x]}, successThreshold: 2}'), fragments: ['pools[0].livenessProbe.successThreshold: received 2, expected 1'] },
  { rule: 'a port out of range in a probe', text: pool('readinessProbe: {tcpSocket: {port: 70000}}'), fragments: ['pools[0].readinessProbe.tcpSocket.port: received 70000, expected a port from 1 to 65535'] },
  { rule: 'a probe on a port name the container lacks', text: pool('readinessProbe: {httpGet: {port: admin}}'), fragments: ['pools[0].readinessProbe.httpGet.port: received port name "admin", expected the name of one of the container\'s ports', 'kubelet'] },
  { rule: 'a port name longer than 15', text: pool('ports: [{containerPort: 9000, name: much-too-long-name}]'), fragments: ['pools[0].ports[0].name: received "much-too-long-name", which is 18 characters long, expected an IANA service name of at most 15'] },
  { rule: 'a lifecycle hook without a handler', text: pool('lifecycle: {preStop: {}}'), fragments: ['pools[0].lifecycle.preStop: received no handler, expected exactly one of exec, httpGet, tcpSocket'] },
  { rule: 'an init container with a probe', text: pool('initContainers: [{name: init, image: "busybox:1", readinessProbe: {exec: {command: [x]}}}]'), fragments: ['pools[0].initContainers[0].readinessProbe: received readinessProbe on an init container, expected none', 'API server'] },
  { rule: 'a sidecar named like the main container', text: pool('sidecars: [{name: worker, image: "proxy:1"}]'), fragments: ['pools[0].sidecars[0].name: received "worker", which another container of the pod has', 'API server'] },
  { rule: 'a sidecar without an image', text: pool('sidecars: [{name: proxy, image: ""}]'), fragments: ['pools[0].sidecars[0].image: received an empty image'] },
  { rule: 'a sidecar request above its limit', text: pool('sidecars: [{name: proxy, image: "proxy:1", resources: {memory: 2Gi, limits: {memory: 1Gi}}}]'), fragments: ['pools[0].sidecars[0].resources.memory: request "2Gi" is above the limit "1Gi"', 'API server'] },
  { rule: 'a sidecar env name twice across maps', text: pool('sidecars: [{name: proxy, image: "proxy:1", env: {A: x}, secretEnv: {A: "s:k"}}]'), fragments: ['pools[0].sidecars[0].secretEnv.A: received variable A set more than once'] },
  { rule: 'a sidecar mount of a missing volume', text: pool('sidecars: [{name: proxy, image: "proxy:1", mounts: {/x: nothing}}]'), fragments: ['pools[0].sidecars[0].mounts["/x"]: received volume "nothing", which the pod does not have'] },
  { rule: 'env valueFrom with two sources', text: pool('env: {A: {valueFrom: {configMapKeyRef: {name: a, key: b}, fieldRef: {fieldPath: metadata.name}}}}'), fragments: ['pools[0].env.A.valueFrom: received configMapKeyRef and fieldRef, expected exactly one'] },
  { rule: 'a ConfigMap key with a space', text: pool('env: {A: {valueFrom: {configMapKeyRef: {name: a, key: "b c"}}}}'), fragments: ['pools[0].env.A.valueFrom.configMapKeyRef.key: received key "b c"'] },
  { rule: 'envFrom with neither source', text: pool('envFrom: [{prefix: X_}]'), fragments: ['pools[0].envFrom[0]: received no source, expected exactly one of configMapRef and secretRef'] },
  { rule: 'a topology spread with maxSkew 0', text: pool('topologySpreadConstraints: [{maxSkew: 0, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}]'), fragments: ['pools[0].topologySpreadConstraints[0].maxSkew: received 0, expected a whole number of at least 1', 'API server'] },
  { rule: 'an unknown whenUnsatisfiable', text: pool('topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: Maybe}]'), fragments: ['whenUnsatisfiable: received "Maybe", expected DoNotSchedule or ScheduleAnyway'] },
  { rule: 'a topologyKey that is no qualified name', text: pool('topologySpreadConstraints: [{maxSkew: 1, topologyKey: "a b", whenUnsatisfiable: DoNotSchedule}]'), fragments: ['topologyKey: received topologyKey "a b"'] },
  { rule: 'minDomains with ScheduleAnyway', text: pool('topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}]'), fragments: ['minDomains: received minDomains with whenUnsatisfiable "ScheduleAnyway", expected whenUnsatisfiable DoNotSchedule'] },
  { rule: 'dnsPolicy None without nameservers', text: pool('dnsPolicy: None'), fragments: [':4:16: pools[0].dnsPolicy: received dnsPolicy None, but no layer sets dnsConfig.nameservers'] },
  { rule: 'four nameservers', text: pool('dnsConfig: {nameservers: [1.1.1.1, 1.0.0.1, 8.8.8.8, 8.8.4.4]}'), fragments: ['pools[0].dnsConfig.nameservers: received 4 nameservers, expected at most 3'] },
  { rule: 'a host alias that is no IP', text: pool('hostAliases: [{ip: db.internal, hostnames: [db]}]'), fragments: ['pools[0].hostAliases[0].ip: received "db.internal", expected an IPv4 or IPv6 address'] },
  { rule: 'a runtimeClassName that is no DNS subdomain', text: pool('runtimeClassName: gVisor'), fragments: [':4:23: pools[0].runtimeClassName: received "gVisor", expected a DNS-1123 subdomain'] },
  { rule: 'an extended resource without a domain', text: pool('resources: {extended: {neuron: 1}}'), fragments: ['pools[0].resources.extended.neuron: received "neuron", expected an extended resource name'] },
  { rule: 'a fraction of an extended resource', text: pool('resources: {extended: {aws.amazon.com/neuron: 0.5}}'), fragments: ['pools[0].resources.extended["aws.amazon.com/neuron"]: received 0.5, expected a whole number'] },
  { rule: 'serve readiness beside readinessProbe', text: 'pools:\n  - name: p\n    image: img:1\n    serve:\n      readiness: {path: /healthz}\n      readinessProbe: {httpGet: {path: /ready, port: http}}\n', fragments: [':5:18: pools[0].serve.readiness: received both readiness and readinessProbe, expected one'] },
  { rule: 'a serve port named like the serve port', text: 'pools:\n  - name: p\n    image: img:1\n    serve:\n      ports: [{containerPort: 9000, name: http}]\n', fragments: ['pools[0].serve.ports: received a port named http'] },
  { rule: 'a volume source field the API does not have', text: pool('volumes: {cfg: {configMap: {name: a, mode: 1}}}'), fragments: ['pools[0].volumes.cfg.configMap', 'mode'] },
  { rule: 'a hostPath volume (the restricted profile forbids it)', text: pool('volumes: {host: {hostPath: {path: /var}}}'), fragments: ['pools[0].volumes.host', 'hostPath'] },
];

describe('pod model: every bad field is refused through the CLI', () => {
  for (const testCase of REFUSED) {
    it(`refuses ${testCase.rule}`, () => {
      const file = writeTemp('workers.yaml', testCase.text);
      const result = cli('validate', '--config', file);
      expectInputError(result, file, ...testCase.fragments);
    });
  }
});

describe('pod model: layers merge', () => {
  it('lets a selector label through when it holds the value the component sets', () => {
    const file = writeTemp('workers.yaml', 'pools:\n  - name: p\n    image: img:1\n    labels: {app.kubernetes.io/name: p, app.kubernetes.io/managed-by: cdk8s-workers}\n    follow: {}\n');
    const result = cli('validate', '--config', file);
    assert.equal(result.code, 0, result.stderr);
  });

  it('merges volumes and mounts by key, containers by name, and replaces lists and probes whole', () => {
    const merged = mergePodProps(
      { volumes: { a: { emptyDir: {} }, b: { emptyDir: {} } }, mounts: { '/a': 'a' }, sidecars: [{ name: 'x', image: 'x:1' }, { name: 'y', image: 'y:1' }], hostAliases: [{ ip: '10.0.0.1', hostnames: ['a'] }], readinessProbe: { exec: { command: ['a'] } }, resources: { extended: { 'a.com/x': 1 } } },
      { volumes: { b: { configMap: { name: 'b' } } }, mounts: { '/b': 'b' }, sidecars: [{ name: 'y', image: 'y:2' }, { name: 'z', image: 'z:1' }], hostAliases: [], readinessProbe: { tcpSocket: { port: 80 } }, resources: { extended: { 'b.com/y': 2 } } },
    );
    assert.deepEqual(merged.volumes, { a: { emptyDir: {} }, b: { configMap: { name: 'b' } } });
    assert.deepEqual(merged.mounts, { '/a': 'a', '/b': 'b' });
    assert.deepEqual(merged.sidecars?.map((c) => `${c.name}:${c.image}`), ['x:x:1', 'y:y:2', 'z:z:1']);
    assert.deepEqual(merged.hostAliases, []);
    assert.deepEqual(merged.readinessProbe, { tcpSocket: { port: 80 } });
    assert.deepEqual(merged.resources?.extended, { 'a.com/x': 1, 'b.com/y': 2 });
  });
});

describe('pod model: the same props in a construct', () => {
  it('renders sidecars, volumes, probes and spread from WorkerPool props, strict-valid and restricted', () => {
    const chart = testChart();
    new WorkerPool(chart, 'pool', {
      name: 'etl',
      image: 'ghcr.io/example/etl:1.0.0',
      volumes: { settings: { configMap: { name: 'etl-settings' } } },
      mounts: { '/etc/etl': { volume: 'settings', readOnly: true } },
      sidecars: [{ name: 'proxy', image: 'ghcr.io/example/proxy:1.0.0', readinessProbe: { tcpSocket: { port: 5432 } } }],
      podAnnotations: { 'example.com/sidecar': 'proxy' },
      job: { workers: 2 },
      follow: { livenessProbe: { exec: { command: ['/bin/alive'] } } },
    });
    const manifests = synthValid(chart);
    const follow = manifests.find((m) => m.kind === 'Deployment') as Manifest;
    assert.equal(podSpec(follow).initContainers[0].restartPolicy, 'Always');
    assert.deepEqual(podSpec(follow).containers[0].livenessProbe, { exec: { command: ['/bin/alive'] } });
    assert.equal(podSpec(follow).topologySpreadConstraints.length, 2);
    assert.equal(follow.metadata.annotations, undefined);
    assert.equal(follow.spec.template.metadata.annotations['example.com/sidecar'], 'proxy');
  });

  it('fails synth listing every problem of the pod model, with the construct path and the prop', () => {
    const chart = testChart();
    new WorkerPool(chart, 'pool', {
      name: 'etl',
      image: 'img:1',
      labels: { 'app.kubernetes.io/name': 'other' },
      mounts: { '/etc/etl': 'missing' },
      sidecars: [{ name: 'worker', image: 'proxy:1', livenessProbe: { exec: { command: ['a'] }, tcpSocket: { port: 1 } } }],
      follow: {},
    });
    assert.throws(() => Testing.synth(chart), (error: Error) => {
      for (const fragment of [
        'pool/Follow', 'labels["app.kubernetes.io/name"]: received label "app.kubernetes.io/name": "other", but the selectors depend on it',
        'mounts["/etc/etl"]: received volume "missing"', 'sidecars[0].name: received "worker"', 'sidecars[0].livenessProbe: received exec and tcpSocket',
      ]) assert.ok(error.message.includes(fragment), `expected ${JSON.stringify(fragment)} in:\n${error.message}`);
      return true;
    });
  });
});
