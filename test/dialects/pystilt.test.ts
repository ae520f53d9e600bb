import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { projectSlug, serviceName } from '../../src/dialects/pystilt';
import { cli, expectInputError } from '../support/cli';
import { dialectHarness } from '../support/dialect';
import { matchSnapshot } from '../support/snapshot';
import { assertValidManifests } from '../support/strict-schema';

const EXAMPLE = 'examples/pystilt.yaml';
const EVERYTHING = 'test/fixtures/dialects/pystilt-everything.yaml';

const { synth, render, config } = dialectHarness('pystilt');

function named(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  assert.equal(found.length, 1, `expected one ${kind}${name ? ` ${name}` : ''}, found ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found[0];
}

const container = (workload: any) => workload.spec.template.spec.containers[0];
const envOf = (workload: any) => Object.fromEntries((container(workload).env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

const MINIMAL = 'project: /data/project\nexecution:\n  backend: kubernetes\n  image: ghcr.io/example/pystilt:1\n';

describe('pystilt dialect', () => {
  it('renders the example: the worker Job, autoscaled follow workers and serve, valid and restricted, matching its golden file', () => {
    const result = synth(EXAMPLE);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    assert.deepEqual(manifests.map((m) => `${m.kind}/${m.metadata.name}`), [
      'Job/stilt-slc-co2-2024',
      'Deployment/stilt-slc-co2-2024-follow',
      'TriggerAuthentication/stilt-slc-co2-2024-follow.postgresql',
      'ScaledObject/stilt-slc-co2-2024-follow-scaler',
      'Deployment/stilt-slc-co2-2024-serve',
      'Service/stilt-slc-co2-2024-serve',
    ]);
    assert.ok(manifests.every((m) => m.metadata.namespace === 'stilt'));
    assertValidManifests(manifests);

    const job = named(manifests, 'Job');
    assert.equal(job.spec.parallelism, 8);
    assert.equal(job.spec.completions, 8);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    assert.equal(container(job).name, 'stilt-worker');
    assert.equal(container(job).image, 'ghcr.io/example/pystilt-worker:1.4.0');
    assert.deepEqual(container(job).command, [
      'stilt', 'pull-worker', 'gs://stilt-projects/slc_co2_2024', '--output-dir', 'gs://stilt-outputs/slc_co2_2024', '--compute-root', '/tmp/pystilt',
    ]);
    assert.deepEqual(envOf(job), {
      PYSTILT_DB_URL: { secretKeyRef: { name: 'pystilt-db', key: 'PYSTILT_DB_URL' } },
      TMPDIR: '/tmp/pystilt',
    });
    assert.deepEqual(container(job).volumeMounts, [{ name: 'scratch', mountPath: '/tmp/pystilt' }]);
    assert.deepEqual(job.spec.template.spec.volumes, [{ name: 'scratch', emptyDir: {} }]);
    assert.equal(container(job).securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(job.spec.template.spec.nodeSelector, { 'cloud.google.com/gke-nodepool': 'stilt-workers' });

    const follow = named(manifests, 'Deployment', 'stilt-slc-co2-2024-follow');
    assert.deepEqual(container(follow).command.slice(0, 4), ['stilt', 'pull-worker', 'gs://stilt-projects/slc_co2_2024', '--follow']);
    assert.equal(container(follow).name, 'stilt-worker');

    const scaler = named(manifests, 'ScaledObject');
    assert.equal(scaler.spec.scaleTargetRef.name, 'stilt-slc-co2-2024-follow');
    assert.equal(scaler.spec.minReplicaCount, 0);
    assert.equal(scaler.spec.maxReplicaCount, 50);
    assert.deepEqual(scaler.spec.triggers, [{
      type: 'postgresql',
      metadata: { query: "SELECT COUNT(*) FROM queue WHERE status = 'pending'", targetQueryValue: '10' },
      authenticationRef: { name: 'stilt-slc-co2-2024-follow.postgresql' },
    }]);
    assert.equal(scaler.spec.triggers[0].metadata.connectionFromEnv, undefined);
    const auth = named(manifests, 'TriggerAuthentication');
    assert.deepEqual(auth.spec.secretTargetRef, [{ parameter: 'connection', name: 'pystilt-db', key: 'PYSTILT_DB_URL' }]);

    const serve = named(manifests, 'Deployment', 'stilt-slc-co2-2024-serve');
    assert.deepEqual(container(serve).command, [
      'stilt', 'serve', 'gs://stilt-projects/slc_co2_2024', '--output-dir', 'gs://stilt-outputs/slc_co2_2024', '--compute-root', '/tmp/pystilt',
    ]);
    assert.deepEqual(container(serve).ports, [{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    assert.equal(container(serve).readinessProbe, undefined, 'stilt serve listens on no port: a probe would fail forever');
    assert.equal(container(serve).livenessProbe, undefined);
    const service = named(manifests, 'Service');
    assert.equal(service.spec.ports[0].port, 8000);
    assert.deepEqual(service.spec.selector, serve.spec.selector.matchLabels);

    matchSnapshot('pystilt.yaml', result.stdout);
  });

  it('renders the same bytes every time', () => {
    const first = synth(EXAMPLE);
    const second = synth(EXAMPLE);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, second.stdout);
  });

  it('validates the example with validate --dialect pystilt', () => {
    const result = cli('validate', '--dialect', 'pystilt', '--config', EXAMPLE);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /valid/);
  });

  describe('fixes PYSTILT bugs', () => {
    it('gives every object its own name (PYSTILT names the Job, follow and serve Deployments all stilt-<slug>)', () => {
      const manifests = render(EXAMPLE);
      const workloads = manifests.filter((m) => m.kind === 'Job' || m.kind === 'Deployment').map((m) => m.metadata.name);
      assert.deepEqual(workloads, ['stilt-slc-co2-2024', 'stilt-slc-co2-2024-follow', 'stilt-slc-co2-2024-serve']);
      assert.equal(new Set(workloads).size, 3);
      assert.equal(new Set(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).size, manifests.length);
    });

    it('leaves the replicas of the scaled Deployment to KEDA (PYSTILT fixes a count that apply fights over)', () => {
      const manifests = render(EXAMPLE);
      const follow = named(manifests, 'Deployment', 'stilt-slc-co2-2024-follow');
      assert.equal('replicas' in follow.spec, false);
      assert.equal(named(manifests, 'Deployment', 'stilt-slc-co2-2024-serve').spec.replicas, 1);
    });

    it('keeps every name within 63 characters, cutting the slug without leaving a trailing "-"', () => {
      const project = `/data/${'a'.repeat(56)}-bcdefgh`;
      assert.equal(`stilt-${projectSlug(project)}`.slice(0, 63).endsWith('-'), true, 'PYSTILT would cut to a trailing dash here');
      const manifests = render(config(`project: ${project}\nexecution: {backend: kubernetes, image: img:1, autoscale: true, serve: true}\n`));
      const names = manifests.filter((m) => m.kind !== 'TriggerAuthentication' && m.kind !== 'ScaledObject').map((m) => m.metadata.name);
      assert.deepEqual(names, [`stilt-${'a'.repeat(56)}`, `stilt-${'a'.repeat(34)}-follow`, `stilt-${'a'.repeat(51)}-serve`, `stilt-${'a'.repeat(51)}-serve`]);
      assert.ok(names.every((name) => name.length <= 63 && !name.endsWith('-')));
    });

    it('makes compute_root writable under a read-only root filesystem, and /tmp when there is none', () => {
      const job = named(render(config(MINIMAL)), 'Job');
      assert.deepEqual(container(job).volumeMounts, [{ name: 'scratch', mountPath: '/tmp' }]);
      assert.equal(envOf(job).TMPDIR, undefined);
      assert.equal(container(job).securityContext.readOnlyRootFilesystem, true);
    });
  });

  it('derives names as PYSTILT service_name does', () => {
    const cases: [string, string][] = [
      ['/data/project', 'stilt-project'],
      ['/data/project/', 'stilt-project'],
      ['s3://bucket/My_Project', 'stilt-my-project'],
      ['gs://bucket/runs/Salt Lake (CO2)!!', 'stilt-salt-lake-co2'],
      ['gs://bucket/a__b--c', 'stilt-a-b-c'],
      ['/', 'stilt-project'],
      ['___', 'stilt-project'],
      ['relative/dir', 'stilt-dir'],
    ];
    for (const [project, name] of cases) assert.equal(serviceName(project), name, project);
    assert.equal(serviceName(`/x/${'b'.repeat(100)}`).length, 63);
  });

  it('renders a minimal config: one Job, one worker, the DB secret, in the default namespace', () => {
    const manifests = render(config(MINIMAL));
    assert.deepEqual(manifests.map((m) => `${m.kind}/${m.metadata.name}`), ['Job/stilt-project']);
    const job = manifests[0];
    assert.equal(job.metadata.namespace, 'default');
    assert.equal(job.spec.parallelism, 1);
    assert.equal(job.spec.completions, 1);
    assert.deepEqual(container(job).command, ['stilt', 'pull-worker', '/data/project', '--output-dir', '/data/project', '--compute-root', '/data/project/simulations/by-id']);
    assert.deepEqual(envOf(job), { PYSTILT_DB_URL: { secretKeyRef: { name: 'pystilt-db', key: 'PYSTILT_DB_URL' } } });
  });

  describe('reads the config.yaml PYSTILT users have, with the project from --project', () => {
    it('renders the fixture config.yaml, matching its golden file', () => {
      const result = synth('test/fixtures/dialects/pystilt-config.yaml', '--project', 'gs://stilt-projects/slc_co2');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      const [job] = render('test/fixtures/dialects/pystilt-config.yaml', '--project', 'gs://stilt-projects/slc_co2');
      assert.equal(job.metadata.name, 'stilt-slc-co2');
      assert.equal(job.spec.parallelism, 6);
      assert.equal(job.spec.template.spec.terminationGracePeriodSeconds, 60);
      assert.equal('imagePullPolicy' in container(job), false);
      matchSnapshot('pystilt-config.yaml', result.stdout);
    });

    const REAL = 'execution:\n  backend: kubernetes\n  image: ghcr.io/example/pystilt-worker:latest\n  n_workers: 3\n';

    it('renders a config.yaml without project, output_dir or compute_root, passing the locations a run passes', () => {
      const result = synth(config(`n_hours: -24\nnumpar: 1000\n${REAL}`), '--project', 'gs://bucket/slc_co2');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      const [job] = render(config(REAL), '--project', 'gs://bucket/slc_co2');
      assert.equal(job.metadata.name, 'stilt-slc-co2');
      assert.deepEqual(container(job).command, ['stilt', 'pull-worker', 'gs://bucket/slc_co2', '--output-dir', 'gs://bucket/slc_co2', '--compute-root', '/tmp/pystilt']);
      assert.equal(envOf(job).TMPDIR, '/tmp/pystilt');
      assert.deepEqual(container(job).volumeMounts, [{ name: 'scratch', mountPath: '/tmp/pystilt' }]);
    });

    it('takes --output-dir and --compute-root as stilt run does', () => {
      const [job] = render(config(REAL), '--project', '/data/p', '--output-dir', 's3://out/p', '--compute-root', '/work/sims');
      assert.deepEqual(container(job).command, ['stilt', 'pull-worker', '/data/p', '--output-dir', 's3://out/p', '--compute-root', '/work/sims']);
      assert.deepEqual(container(job).volumeMounts, [{ name: 'scratch', mountPath: '/work/sims' }]);
    });

    it('warns that a local output is lost with the pod, and puts the compute root below it as PYSTILT does', () => {
      const result = synth(config(REAL), '--project', '/data/p');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /warning: .*the output "\/data\/p" is a path inside each pod/);
      assert.match(result.stdout, /- \/data\/p\/simulations\/by-id/);
    });

    it('sets no imagePullPolicy, as PYSTILT, so that the API server pulls :latest Always', () => {
      const [job] = render(config(REAL), '--project', 'gs://b/p');
      assert.equal('imagePullPolicy' in container(job), false);
    });

    it('passes pod-spec keys the native config expresses: terminationGracePeriodSeconds and automountServiceAccountToken too', () => {
      const [job] = render(config(`${REAL}  terminationGracePeriodSeconds: 120\n  automountServiceAccountToken: true\n  nodeSelector: {disk: ssd}\n`), '--project', 'gs://b/p');
      assert.equal(job.spec.template.spec.terminationGracePeriodSeconds, 120);
      assert.equal(job.spec.template.spec.automountServiceAccountToken, true);
      assert.deepEqual(job.spec.template.spec.nodeSelector, { disk: 'ssd' });
    });

    it('refuses pod-spec keys the native pod model cannot express by name, never dropping them', () => {
      const file = config(`${REAL}  shareProcessNamespace: true\n  hostPID: true\n  containers: []\n  autoscal: true\n`);
      expectInputError(synth(file, '--project', 'gs://b/p'),
        `${file}:5:3: execution.shareProcessNamespace: unknown key "shareProcessNamespace": PYSTILT merges it into the pod spec, but the native pod model has no pod-spec key "shareProcessNamespace"`,
        `${file}:6:3: execution.hostPID: unknown key "hostPID": PYSTILT merges it into the pod spec, but the restricted Pod Security profile forbids`,
        `${file}:7:3: execution.containers: unknown key "containers": PYSTILT merges it into the pod spec, where it would replace the stilt-worker container`,
        `${file}:8:3: execution.autoscal: unknown key "autoscal": it is neither a PYSTILT execution setting nor a Kubernetes pod-spec field (did you mean "autoscale"?)`);
    });

    it('renders the pod-spec keys of the fixture in the native pod model, valid and matching its golden file', () => {
      const fixture = 'test/fixtures/dialects/pystilt-pod-spec.yaml';
      const result = synth(fixture, '--project', 'gs://stilt-projects/slc_co2');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      const manifests = render(fixture, '--project', 'gs://stilt-projects/slc_co2');
      for (const workload of [named(manifests, 'Job'), named(manifests, 'Deployment', 'stilt-slc-co2-follow')]) {
        const spec = workload.spec.template.spec;
        assert.equal(spec.runtimeClassName, 'gvisor');
        assert.equal(spec.schedulerName, 'batch-scheduler');
        assert.equal(spec.dnsPolicy, 'None');
        assert.deepEqual(spec.dnsConfig, { nameservers: ['10.0.0.10'], searches: ['stilt.svc.cluster.local'], options: [{ name: 'ndots', value: '2' }] });
        assert.deepEqual(spec.hostAliases, [{ ip: '10.1.2.3', hostnames: ['met-archive.internal'] }]);
        assert.deepEqual(spec.securityContext, { runAsUser: 2000, runAsGroup: 2000, fsGroup: 2000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        const volumes = Object.fromEntries(spec.volumes.map((volume: any) => [volume.name, volume]));
        assert.deepEqual(volumes.receptors, { name: 'receptors', configMap: { name: 'stilt-receptors', items: [{ key: 'receptors.csv', path: 'receptors.csv' }] } });
        assert.deepEqual(volumes['met-cache'], { name: 'met-cache', emptyDir: { sizeLimit: '2Gi' } });
        const [init] = spec.initContainers;
        assert.equal(init.name, 'fetch-receptors');
        assert.equal(init.image, 'busybox:1.36');
        assert.equal('imagePullPolicy' in init, false);
        assert.deepEqual(init.command, ['sh', '-c', 'cp /config/receptors.csv /cache/receptors.csv']);
        assert.deepEqual(init.env, [{ name: 'MODE', value: 'copy' }, { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
        assert.deepEqual(init.resources, { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } });
        assert.deepEqual(init.volumeMounts, [{ name: 'met-cache', mountPath: '/cache' }, { name: 'receptors', mountPath: '/config', readOnly: true }]);
        const [spread] = spec.topologySpreadConstraints;
        assert.equal(spread.topologyKey, 'topology.kubernetes.io/zone');
        assert.equal(spread.whenUnsatisfiable, 'ScheduleAnyway');
        assert.equal(spec.topologySpreadConstraints.length, 1);
      }
      matchSnapshot('pystilt-pod-spec.yaml', result.stdout);
    });

    it('renders an init container with restartPolicy: Always as a native sidecar, and extended resources', () => {
      const sidecar = '  initContainers:\n    - name: proxy\n      image: ghcr.io/example/proxy:1\n      restartPolicy: Always\n      resources: {limits: {example.com/fpga: 1}}\n      ports: [{containerPort: 9000, name: proxy}]\n';
      const [job] = render(config(`${REAL}${sidecar}`), '--project', 'gs://b/p');
      const [proxy] = job.spec.template.spec.initContainers;
      assert.equal(proxy.restartPolicy, 'Always');
      assert.deepEqual(proxy.resources, { requests: { 'example.com/fpga': 1 }, limits: { 'example.com/fpga': 1 } });
      assert.deepEqual(proxy.ports, [{ containerPort: 9000, name: 'proxy' }]);
    });

    it('refuses what the native pod model cannot express inside the mapped keys, by file, line and name', () => {
      const file = config(`${REAL}  volumes:\n    - name: node-logs\n      hostPath: {path: /var/log}\n    - name: shared\n      nfs: {server: nfs.internal, path: /exports}\n`
        + '  initContainers:\n    - name: setup\n      image: busybox:1.36\n      stdin: true\n      volumeMounts:\n        - {name: shared, mountPath: /shared, mountPropagation: HostToContainer}\n'
        + '  securityContext: {runAsUser: 1000, sysctls: [{name: net.core.somaxconn, value: "1024"}], constructor: x}\n  dnsPolicy: Cluster\n');
      expectInputError(synth(file, '--project', 'gs://b/p'),
        `${file}:7:7: execution.volumes[0].hostPath: unknown key "hostPath": PYSTILT merges it into the pod spec, but the restricted Pod Security profile forbids hostPath volumes`,
        `${file}:9:7: execution.volumes[1].nfs: unknown key "nfs": PYSTILT merges it into the pod spec, but the native pod model has no nfs volume source`,
        `${file}:13:7: execution.initContainers[0].stdin: unknown key "stdin"`,
        'the native pod model has no stdin for init containers',
        'execution.initContainers[0].volumeMounts[0].mountPropagation: unknown key "mountPropagation"',
        'execution.securityContext.sysctls: unknown key "sysctls": PYSTILT merges it into the pod spec, but the native pod model sets only runAsUser, runAsGroup, fsGroup of a pod securityContext',
        'execution.securityContext.constructor: unknown key "constructor": PYSTILT merges it into the pod spec, but the native pod model sets only runAsUser, runAsGroup, fsGroup of a pod securityContext',
        'execution.dnsPolicy: received "Cluster", expected one of: ClusterFirstWithHostNet, ClusterFirst, Default, None');
    });

    it('checks mapped keys against Kubernetes\' types and the API server\'s rules, naming the line', () => {
      const file = config(`${REAL}  hostAliases:\n    - ip: 10.1.2.3\n      hostname: [a.internal]\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: kubernetes.io/hostname}\n`);
      const result = synth(file, '--project', 'gs://b/p');
      expectInputError(result,
        `${file}:7:7: execution.hostAliases[0].hostname: unknown key "hostname" (did you mean "hostnames"?)`,
        `${file}:9:7: execution.topologySpreadConstraints[0]: missing required key "whenUnsatisfiable"`);
      const mounts = config(`${REAL}  volumes:\n    - {name: scratch, emptyDir: {}}\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n      volumeMounts: [{name: cache, mountPath: /cache}]\n`);
      expectInputError(synth(mounts, '--project', 'gs://b/p'),
        `${mounts}:6:14: execution.volumes[0].name: received "scratch", expected another name: "scratch" is the writable volume this dialect mounts at the compute root`,
        `${mounts}:10:29: execution.initContainers[0].volumeMounts[0].name: received "cache", expected one of the pod's volumes ("scratch"): the API server refuses a mount of a volume the pod does not have`);
    });

    it('refuses a missing --project, a project given twice, an empty flag and a relative --compute-root', () => {
      expectInputError(synth(config(REAL)), '--project is required with --dialect pystilt', 'config.yaml has no project key');
      const file = config(`project: /data/a\n${REAL}`);
      expectInputError(synth(file, '--project', '/data/b'), `${file}:1:1: project: received "/data/a" here and "/data/b" from --project, expected one of them`);
      expectInputError(synth(config(REAL), '--project', ''), '--project: received an empty string');
      expectInputError(synth(config(REAL), '--project', 'gs://b/p', '--compute-root', 'tmp'), '--compute-root: received "tmp", expected an absolute path');
      expectInputError(cli('synth', '--dialect', 'magnus', '--config', file, '--project', 'x'), '--project goes with --dialect pystilt');
    });
  });

  it('sets no database env when db_secret is empty or null, as PYSTILT', () => {
    for (const value of ['""', 'null']) {
      const job = named(render(config(`${MINIMAL}  db_secret: ${value}\n`)), 'Job');
      assert.equal(container(job).env, undefined, value);
    }
  });

  it('renders the full parameter list a new user writes, valid and matching its golden file', () => {
    const result = synth(EVERYTHING);
    assert.equal(result.code, 0, result.stderr);
    const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    assertValidManifests(manifests);
    assert.deepEqual(manifests.map((m) => m.kind), ['Job', 'Deployment', 'TriggerAuthentication', 'ScaledObject', 'Deployment', 'Service']);
    const job = named(manifests, 'Job');
    assert.equal(job.metadata.name, 'stilt-salt-lake-co2');
    assert.equal(job.metadata.namespace, 'stilt-prod');
    assert.equal(job.spec.parallelism, 32);
    const pod = job.spec.template.spec;
    assert.equal(pod.serviceAccountName, 'stilt-worker');
    assert.equal(pod.priorityClassName, 'batch-low');
    assert.deepEqual(pod.imagePullSecrets, [{ name: 'registry-credentials' }, { name: 'mirror-credentials' }]);
    assert.deepEqual(pod.nodeSelector, { 'node.kubernetes.io/instance-type': 'c6i.4xlarge', 'workload': 'stilt' });
    assert.deepEqual(pod.tolerations[1], { key: 'spot', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values, ['amd64']);
    assert.deepEqual(envOf(job).PYSTILT_DB_URL, { secretKeyRef: { name: 'stilt-queue-db', key: 'PYSTILT_DB_URL' } });
    const scaler = named(manifests, 'ScaledObject');
    assert.equal(scaler.spec.maxReplicaCount, 200);
    assert.equal(scaler.spec.triggers[0].metadata.targetQueryValue, '2.5');
    assert.deepEqual(named(manifests, 'TriggerAuthentication').spec.secretTargetRef[0], { parameter: 'connection', name: 'stilt-queue-db', key: 'PYSTILT_DB_URL' });
    for (const workload of manifests.filter((m) => m.kind === 'Deployment')) {
      assert.deepEqual(workload.spec.template.spec.tolerations, pod.tolerations);
      assert.equal(workload.spec.template.spec.priorityClassName, 'batch-low');
    }
    matchSnapshot('pystilt-everything.yaml', result.stdout);
  });

  it('names the objects after --name when given', () => {
    const manifests = render(config(`${MINIMAL}  autoscale: true\n  serve: true\n`), '--name', 'co2-run');
    assert.deepEqual(manifests.map((m) => m.metadata.name), ['co2-run', 'co2-run-follow', 'co2-run-follow.postgresql', 'co2-run-follow-scaler', 'co2-run-serve', 'co2-run-serve']);
  });

  it('warns when autoscale settings are given without autoscale', () => {
    const result = synth(config(`${MINIMAL}  keda_target_value: 5\n  max_workers: 10\n`));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: .*execution\.keda_target_value and execution\.max_workers only matter with execution\.autoscale: true/);
  });

  describe('refuses, exit 2', () => {
    it('--command: PYSTILT computes its commands', () => {
      expectInputError(synth(EXAMPLE, '--command', 'stilt run'), '--command is not used with --dialect pystilt', 'PYSTILT computes its commands');
    });

    it('a --name that is not a DNS label, or too long for the follow Deployment', () => {
      expectInputError(synth(EXAMPLE, '--name', 'My_Run'), '--name: received "My_Run"', 'expected a DNS-1123 label');
      expectInputError(synth(EXAMPLE, '--name', 'a'.repeat(60)), '--name:', 'makes the follow Deployment name', '67 characters long, expected at most 47', 'shorten --name to 40 characters or fewer');
    });

    it('a backend other than kubernetes', () => {
      const file = config('project: /data/p\nexecution:\n  backend: slurm\n  image: img:1\n');
      expectInputError(synth(file), `${file}:3:12: execution.backend: received "slurm", expected one of: kubernetes`, 'local and slurm runs need no manifests');
    });

    it('no execution block, no backend, no image, no project', () => {
      expectInputError(synth(config('project: /data/p\nmets: {}\n')), 'missing required key "execution"');
      expectInputError(synth(config('project: /data/p\nexecution: {image: img:1}\n')), 'execution: missing required key "backend"', 'without it PYSTILT runs locally');
      expectInputError(synth(config('project: /data/p\nexecution: {backend: kubernetes}\n')), 'execution: missing required key "image"');
      expectInputError(synth(config('execution: {backend: kubernetes, image: img:1}\n')), '--project is required with --dialect pystilt');
    });

    it('an unknown key inside execution, naming it and listing what is supported', () => {
      const file = config(`${MINIMAL}  hostNetwork: true\n  n_worker: 3\n`);
      const result = synth(file);
      expectInputError(result,
        `${file}:5:3: execution.hostNetwork: unknown key "hostNetwork": PYSTILT merges it into the pod spec, but the restricted Pod Security profile forbids`,
        'expected the execution settings backend, image, namespace, n_workers, db_secret, autoscale, keda_target_value, max_workers, serve or the pod-spec keys nodeSelector, tolerations, affinity, serviceAccountName, priorityClassName, imagePullSecrets, terminationGracePeriodSeconds, automountServiceAccountToken',
        `${file}:6:3: execution.n_worker: unknown key "n_worker": it is neither a PYSTILT execution setting nor a Kubernetes pod-spec field (did you mean "n_workers"?)`);
    });

    it('Kubernetes settings outside execution, and a misspelt top-level key; other project keys are ignored', () => {
      expectInputError(synth(config(`image: img:1\n${MINIMAL}`)), 'image: "image" is an execution setting, expected it under execution:');
      expectInputError(synth(config(`project: /p\nexecutoin:\n  backend: kubernetes\n  image: img:1\n`)), 'executoin: unknown key "executoin" (did you mean "execution"?)');
      assert.equal(synth(config(`${MINIMAL}numpar: 1000\nprojection: lcc\nmets: {hrrr: {directory: /d}}\n`)).code, 0);
    });

    it('bad values, naming the path, what was received and what was expected', () => {
      const cases: [string, string[]][] = [
        ['  n_workers: 0\n', ['execution.n_workers: received 0, expected a whole number from 1 to 2147483647']],
        ['  n_workers: "8"\n', ['execution.n_workers: received "8", expected a whole number from 1']],
        ['  keda_target_value: ten\n  autoscale: true\n', ['execution.keda_target_value: received "ten", expected a number of pending simulations per worker greater than 0']],
        ['  max_workers: -1\n  autoscale: true\n', ['execution.max_workers: received -1, expected a whole number from 1']],
        ['  autoscale: "yes"\n', ['execution.autoscale: received "yes", expected true or false']],
        ['  namespace: Stilt_Prod\n', ['execution.namespace: received "Stilt_Prod", expected a DNS-1123 label']],
        ['  db_secret: Bad_Secret\n', ['execution.db_secret: received "Bad_Secret", expected a DNS-1123 subdomain']],
        ['  db_secret: ""\n  autoscale: true\n', ['execution.autoscale: received true with no db_secret, expected a db_secret']],
        ['  nodeSelector: {pool: [a]}\n', ['execution.nodeSelector.pool: received a list of 1, expected a node label value']],
        ['  nodeSelector: {pool: "has space"}\n', ['execution.nodeSelector.pool: received "has space", expected a label value']],
        ['  tolerations: [{key: gpu, operator: Equals}]\n', ['execution.tolerations[0].operator: received "Equals", expected one of: Exists, Equal (did you mean "Equal"?)']],
        ['  tolerations: [{key: gpu, operator: Exists, value: "yes"}]\n', ['execution.tolerations[0].value: received "yes", expected no value with operator Exists']],
        ['  tolerations: [{key: gpu, effect: NoSchedule, tolerationSeconds: 30}]\n', ['execution.tolerations[0].tolerationSeconds: received 30, expected it only with effect NoExecute']],
        ['  tolerations: [{key: gpu, toleration_seconds: 30}]\n', ['execution.tolerations[0].toleration_seconds: unknown key "toleration_seconds" (did you mean "tolerationSeconds"?)']],
        ['  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: a, operator: In, values: amd64}]}]}}}\n', ['execution.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: received "amd64", expected a list']],
        ['  affinity: {nodeAfinity: {}}\n', ['execution.affinity.nodeAfinity: unknown key "nodeAfinity" (did you mean "nodeAffinity"?)']],
        ['  imagePullSecrets: [{secret: x}]\n', ['execution.imagePullSecrets[0]: received a mapping, expected {name: <secret>} or a Secret name']],
        ['  serviceAccountName: ""\n', ['execution.serviceAccountName: received "", expected a service account name']],
      ];
      for (const [extra, fragments] of cases) {
        assert.doesNotThrow(() => expectInputError(synth(config(`${MINIMAL}${extra}`)), ...fragments), extra);
      }
    });

    it('a compute_root that is not an absolute directory', () => {
      expectInputError(synth(config(`compute_root: tmp/pystilt\n${MINIMAL}`)), 'compute_root: received "tmp/pystilt", expected an absolute path in the container, starting with "/"');
      expectInputError(synth(config(`compute_root: /\n${MINIMAL}`)), 'compute_root: received "/", expected a directory below "/"');
    });

    it('a file that is not a mapping, with every problem at once', () => {
      expectInputError(synth(config('- project\n')), 'received a list of 1, expected a PYSTILT project config');
      const result = synth(config('project: /p\nexecution:\n  backend: local\n  n_workers: 0\n'));
      expectInputError(result, 'execution.backend', 'execution.n_workers', 'missing required key "image"');
    });
  });
});
