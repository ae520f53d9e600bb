import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { WorkerFleet, WorkerJob } from '../src';
import { parseAllDocuments } from 'yaml';
import { layoutStream } from '../src/synth/layout';
import { cli, expectInputError } from './support/cli';
import { tempDir, writeTemp } from './support/files';
import { only } from './support/render';
import { assertValidManifests, validateStrict } from './support/strict-schema';

const JOB_POOL = 'pools:\n  - name: sims\n    image: img:1\n    job: {}\n';
const PG_TRIGGER = 'type: postgresql, metadata: {query: "select 1", targetQueryValue: "5"}, secretAuth: {connection: "pg:url"}';

/** A refused config: its text, and what stderr must say (position and path, received, expected, whose rule). */
interface RefusedCase {
  readonly rule: string;
  readonly text: string;
  readonly fragments: readonly string[];
}

/** Appends lines to the single pool of JOB_POOL (indented as pool keys). */
function jobPool(...lines: string[]): string {
  return `${JOB_POOL}${lines.map((line) => `    ${line}\n`).join('')}`;
}

function synthStdout(text: string): { file: string; stdout: string; code: number; stderr: string } {
  const file = writeTemp('workers.yaml', text);
  return { file, ...cli('synth', '--config', file, '--stdout') };
}

function renderValid(text: string): any[] {
  const { stdout, code, stderr } = synthStdout(text);
  assert.equal(code, 0, stderr);
  const manifests = parseAllDocuments(stdout).map((document) => document.toJS());
  assertValidManifests(manifests);
  return manifests;
}

const REFUSED: RefusedCase[] = [
  // Environment variables
  { rule: 'env name with a space', text: jobPool('env: {"MY VAR": x}'), fragments: [':5:11: pools[0].env["MY VAR"]: received variable name "MY VAR"', 'expected an environment variable name', 'API server'] },
  { rule: 'env name starting with a digit', text: jobPool('env: {1ABC: x}'), fragments: [':5:11: pools[0].env["1ABC"]: received variable name "1ABC"', 'not starting with a digit', 'API server'] },
  { rule: 'env name with a dollar', text: jobPool('env: {A$B: x}'), fragments: [':5:11: pools[0].env["A$B"]: received variable name "A$B"', 'expected', 'API server'] },
  { rule: 'env name with a non-ASCII letter', text: jobPool('env: {CAFÉ: x}'), fragments: ['pools[0].env["CAFÉ"]: received variable name "CAFÉ"', 'ASCII', 'API server'] },
  { rule: 'env name ".."', text: jobPool('secretEnv: {"..": "s:k"}'), fragments: ['pools[0].secretEnv[".."]: received variable name ".."', 'other than "." and ".."', 'API server'] },
  {
    rule: 'one name in env (defaults) and secretEnv (pool)',
    text: `defaults:\n  env: {DB: plain}\n${jobPool('secretEnv: {DB: "db:url"}')}`,
    fragments: [':7:17: pools[0].secretEnv.DB: received variable DB set more than once: in secretEnv here and in env at defaults.env.DB', 'API server refuses a name twice', 'expected DB in one of env, secretEnv or downwardEnv'],
  },
  {
    rule: 'one name in secretEnv (pool) and downwardEnv (component)',
    text: 'pools:\n  - name: sims\n    image: img:1\n    secretEnv: {NODE: "n:k"}\n    job: {downwardEnv: {NODE: spec.nodeName}}\n',
    fragments: [':5:25: pools[0].job.downwardEnv.NODE: received variable NODE set more than once: in downwardEnv here and in secretEnv at pools[0].secretEnv.NODE', 'API server'],
  },
  { rule: 'one key written as a number and a string', text: jobPool('env: {1: a, "1": b}'), fragments: [':5:17: invalid YAML: Map keys must be unique'] },
  // Object names
  {
    rule: 'a ScaledJob and a follow Deployment whose TriggerAuthentications meet',
    text: `pools:\n  - name: alpha\n    image: img:1\n    job:\n      autoscale: {triggers: [{name: t, ${PG_TRIGGER}}]}\n  - name: beta\n    image: img:1\n    follow:\n      name: alpha-worker\n      autoscale: {triggers: [{name: t, ${PG_TRIGGER}}]}\n`,
    fragments: ['the TriggerAuthentication name "alpha-worker.t" is already used by pools[0]', 'expected every object name to be unique', 'API server'],
  },
  {
    rule: 'a component named like another pool\'s derived name',
    text: 'pools:\n  - name: a\n    image: img:1\n    job: {}\n  - name: b\n    image: img:1\n    job: {name: a-worker}\n',
    fragments: [':7:17: pools[1].job.name: the Job name "a-worker" is already used by pools[0].name in namespace default: received a second Job', 'API server'],
  },
  { rule: 'a Service name that starts with a digit', text: 'pools:\n  - name: 1s\n    image: img:1\n    serve: {}\n', fragments: [':2:11: pools[0].name: received pool name "1s", which makes the Service name "1s-serve"', 'API server refuses it', 'DNS-1035', 'expected a pool name starting with a letter'] },
  { rule: 'a serve name that is no DNS-1035 label', text: 'pools:\n  - name: s\n    image: img:1\n    serve: {name: 9api}\n', fragments: [':4:19: pools[0].serve.name: received "9api", expected a DNS-1035 label', 'API server'] },
  // Volumes and mounts
  { rule: 'two claims that make one volume name', text: jobPool('persistentVolumeClaims: {"x.y": /a, "x-y": /b}'), fragments: [':4:10: pools[0].job: received persistentVolumeClaims "x-y" and persistentVolumeClaims "x.y", which both make the volume "pvc-x-y"', 'expected distinct volume names', 'API server'] },
  { rule: 'two mounts at //data and /data/.', text: jobPool('scratch: {path: //data}', 'persistentVolumeClaims: {cache: /data/.}'), fragments: ['pools[0].job: received scratch and persistentVolumeClaims "cache": two volumes are mounted at /data', 'expected each mount path once', 'container runtime'] },
  { rule: 'two mounts at /data/ and /data', text: jobPool('scratch: {path: /data/}', 'persistentVolumeClaims: {cache: /data}'), fragments: ['two volumes are mounted at /data', 'container runtime'] },
  { rule: 'a mount path with ..', text: jobPool('scratch: {path: /data/../etc}'), fragments: [':5:21: pools[0].scratch.path: received "/data/../etc", expected a mount path without ".." segments', 'container runtime'] },
  { rule: 'scratch under /proc', text: jobPool('scratch: {path: /proc/work}'), fragments: [':5:21: pools[0].scratch.path: received "/proc/work", which is inside /proc: expected a path outside /proc, /sys and /dev (except /dev/shm)', 'container runtime'] },
  { rule: 'scratch at /sys', text: jobPool('scratch: {path: /sys}'), fragments: ['pools[0].scratch.path: received "/sys", which is inside /sys', 'container runtime'] },
  { rule: 'a claim under /dev', text: jobPool('persistentVolumeClaims: {data: /dev/data}'), fragments: ['pools[0].persistentVolumeClaims.data: received "/dev/data", which is inside /dev', 'container runtime'] },
  // Tolerations
  { rule: 'a toleration key that is no qualified name', text: jobPool('tolerations: [{key: "bad key", operator: Exists}]'), fragments: [':5:25: pools[0].tolerations[0].key: received toleration key "bad key", expected a key name', 'API server'] },
  { rule: 'a toleration value that is no label value', text: jobPool('tolerations: [{key: gpu, operator: Equal, value: "a b"}]'), fragments: ['pools[0].tolerations[0].value: received "a b", expected a label value', 'API server'] },
  { rule: 'Equal with an empty key', text: jobPool('tolerations: [{operator: Equal, value: x}]'), fragments: [':5:30: pools[0].tolerations[0].operator: received "Equal" with an empty key, expected operator Exists', 'API server'] },
  { rule: 'no operator and no key', text: jobPool('tolerations: [{effect: NoSchedule}]'), fragments: ['pools[0].tolerations[0].operator: received no operator (Equal) with an empty key, expected operator Exists', 'API server'] },
  { rule: 'Exists with a value', text: jobPool('tolerations: [{key: gpu, operator: Exists, value: yes}]'), fragments: ['pools[0].tolerations[0].value: received "yes" with operator Exists, expected no value', 'API server'] },
  { rule: 'tolerationSeconds without NoExecute', text: jobPool('tolerations: [{key: gpu, operator: Exists, effect: NoSchedule, tolerationSeconds: 30}]'), fragments: ['pools[0].tolerations[0].tolerationSeconds: received tolerationSeconds with effect "NoSchedule", expected effect NoExecute', 'API server'] },
  { rule: 'tolerationSeconds beyond int64', text: jobPool('tolerations: [{key: gpu, operator: Exists, effect: NoExecute, tolerationSeconds: 10000000000000000000}]'), fragments: ['pools[0].tolerations[0].tolerationSeconds: received 10000000000000000000, expected a whole number from -9223372036854775808 to 9223372036854775807', 'API server'] },
  // Affinity
  { rule: 'In without values', text: jobPool('affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In}]}]}}}'), fragments: ['pools[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: received no values with operator In, expected at least one value', 'API server'] },
  { rule: 'Exists with values', text: jobPool('affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: Exists, values: [a]}]}]}}}'), fragments: ['matchExpressions[0].values: received 1 value(s) with operator Exists, expected none', 'API server'] },
  { rule: 'an operator Kubernetes does not know', text: jobPool('affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: Near}]}]}}}'), fragments: ['matchExpressions[0].operator: received "Near", expected one of In, NotIn, Exists, DoesNotExist, Gt, Lt', 'API server'] },
  { rule: 'Gt with a non-integer', text: jobPool('affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: cores, operator: Gt, values: [many]}]}]}}}'), fragments: ['matchExpressions[0].values[0]: received "many", expected an integer', 'scheduler'] },
  { rule: 'Lt with two values', text: jobPool('affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: cores, operator: Lt, values: ["1", "2"]}]}]}}}'), fragments: ['matchExpressions[0].values: received 2 values with operator Lt, expected exactly one', 'API server'] },
  { rule: 'no node selector terms', text: jobPool('affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}'), fragments: ['requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: received no nodeSelectorTerms, expected at least one term', 'API server'] },
  { rule: 'a weight of 0', text: jobPool('affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, preference: {matchExpressions: [{key: zone, operator: Exists}]}}]}}'), fragments: ['preferredDuringSchedulingIgnoredDuringExecution[0].weight: received 0, expected a weight from 1 to 100', 'API server'] },
  { rule: 'a weight of 101', text: jobPool('affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 101, podAffinityTerm: {topologyKey: kubernetes.io/hostname}}]}}'), fragments: ['podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: received 101, expected a weight from 1 to 100', 'API server'] },
  { rule: 'an empty topologyKey', text: jobPool('affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: ""}]}}'), fragments: ['podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: received no topologyKey, expected a node label key', 'API server'] },
  { rule: 'a topologyKey that is no qualified name', text: jobPool('affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: "a/b/c"}]}}'), fragments: ['requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: received topologyKey "a/b/c"', 'API server'] },
  { rule: 'a label selector value that is no label value', text: jobPool('affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, labelSelector: {matchExpressions: [{key: app, operator: In, values: ["a b"]}]}}]}}'), fragments: ['labelSelector.matchExpressions[0].values[0]: received "a b", expected a label value', 'API server'] },
  // HPA behavior
  ...[
    ['policies: [{type: Pods, value: 0, periodSeconds: 60}]', 'scaleUp.policies[0].value: received 0, expected a value above 0'],
    ['policies: [{type: Pods, value: 1, periodSeconds: 1801}]', 'scaleUp.policies[0].periodSeconds: received 1801, expected seconds from 1 to 1800'],
    ['policies: [{type: Replicas, value: 1, periodSeconds: 60}]', 'scaleUp.policies[0].type: received "Replicas", expected Pods or Percent'],
    ['stabilizationWindowSeconds: 3601, policies: [{type: Percent, value: 50, periodSeconds: 60}]', 'scaleUp.stabilizationWindowSeconds: received 3601, expected seconds from 0 to 3600'],
    ['selectPolicy: Biggest, policies: [{type: Percent, value: 50, periodSeconds: 60}]', 'scaleUp.selectPolicy: received "Biggest", expected one of Max, Min, Disabled'],
    ['policies: []', 'scaleUp.policies: received no policies, expected at least one policy'],
  ].map(([rules, fragment]): RefusedCase => ({
    rule: `HPA behavior ${rules}`,
    text: `pools:\n  - name: q\n    image: img:1\n    follow:\n      autoscale:\n        behavior: {scaleUp: {${rules}}}\n        triggers: [{type: cpu, metricType: Utilization, metadata: {value: "50"}}]\n`,
    fragments: [`pools[0].follow.autoscale.behavior.${fragment}`, 'API server'],
  })),
  // Metadata, Secret keys, Jobs, containers
  { rule: 'annotations above 256 KiB', text: jobPool(`annotations: {big: "${'a'.repeat(270_000)}"}`), fragments: [':4:10: pools[0].job.annotations: received 270003 bytes of annotations on one object, expected at most 262144', 'API server'] },
  { rule: 'a Secret key "."', text: jobPool('secretEnv: {A: "s:."}'), fragments: [':5:20: pools[0].secretEnv.A: received Secret key ".", expected a Secret key other than "." and ".."', 'API server'] },
  { rule: 'a Secret key ".."', text: jobPool('secretEnv: {A: "s:.."}'), fragments: ['pools[0].secretEnv.A: received Secret key "..", expected a Secret key other than "." and ".."', 'API server'] },
  { rule: 'a Secret key starting with ".."', text: jobPool('secretEnv: {A: "s:..key"}'), fragments: ['pools[0].secretEnv.A: received Secret key "..key", expected a Secret key that does not start with ".."', 'API server'] },
  { rule: 'duplicate failOnExitCodes', text: 'pools:\n  - name: sims\n    image: img:1\n    job: {failOnExitCodes: [3, 1, 3]}\n', fragments: [':4:35: pools[0].job.failOnExitCodes[2]: received exit code 3 a second time, expected each code once', 'API server'] },
  { rule: 'a relative workingDir', text: jobPool('workingDir: app'), fragments: [':5:17: pools[0].workingDir: received "app", expected an absolute path starting with "/"', 'container runtime'] },
  { rule: 'an image with a space', text: JOB_POOL.replace('image: img:1', 'image: "img: 1"'), fragments: [':3:12: pools[0].image: received "img: 1", which holds a space: expected an image reference without whitespace or control characters', 'kubelet'] },
  { rule: 'an image with a tab', text: JOB_POOL.replace('image: img:1', 'image: "img\\t1"'), fragments: ['pools[0].image: received "img\\t1", which holds U+0009', 'kubelet'] },
  { rule: 'an image with a control character', text: JOB_POOL.replace('image: img:1', 'image: "img\\u00071"'), fragments: ['pools[0].image: received "img\\u00071", which holds U+0007'] },
  { rule: 'an empty image', text: JOB_POOL.replace('image: img:1', 'image: ""'), fragments: [':3:12: pools[0].image: received an empty image, expected an image reference', 'API server'] },
  // Quantities
  { rule: 'memory in milli-bytes', text: jobPool('resources: {memory: 512m}'), fragments: [':5:25: pools[0].resources.memory: received "512m", which Kubernetes reads as 0.512 bytes ("m" is milli): expected bytes, such as "512Mi"'] },
  { rule: 'a scratch size in milli-bytes', text: jobPool('scratch: {path: /work, sizeLimit: 20m}'), fragments: ['pools[0].scratch.sizeLimit: received "20m", which Kubernetes reads as 0.02 bytes', '"20Mi"'] },
  { rule: 'CPU finer than a millicore', text: jobPool('resources: {cpu: "0.0001"}'), fragments: ['pools[0].resources.cpu: received "0.0001", expected CPU in whole millicores'] },
  { rule: 'a quantity beyond int64 millis', text: jobPool('resources: {memory: 10E}'), fragments: ['pools[0].resources.memory: received "10E", expected at most 9.223e+15', 'signed 64-bit integer'] },
  { rule: 'a negative quantity', text: jobPool('resources: {cpu: "-1"}'), fragments: ['pools[0].resources.cpu: received "-1", expected a quantity that is not negative', 'API server'] },
  { rule: 'a quantity the API cannot parse', text: jobPool('resources: {cpu: 2cores}'), fragments: ['pools[0].resources.cpu: received "2cores", expected a Kubernetes quantity', 'API server'] },
];

describe('API server rules: refused through the CLI', () => {
  for (const testCase of REFUSED) {
    it(`refuses ${testCase.rule}`, () => {
      const file = writeTemp('workers.yaml', testCase.text);
      const result = cli('validate', '--config', file);
      expectInputError(result, file, ...testCase.fragments);
      assert.match(result.stderr, /received|invalid YAML/);
      assert.match(result.stderr, /expected|must be unique/);
      expectInputError(cli('synth', '--config', file, '--stdout'), file);
    });
  }
});

describe('API server rules: what passes renders strict-valid', () => {
  it('renders every rule\'s valid side', () => {
    const manifests = renderValid(`defaults:
  env: {LOG_LEVEL: info, my.env-name: a, _X: b}
  tolerations: [{operator: Exists}, {key: gpu, operator: Equal, value: "true", effect: NoExecute, tolerationSeconds: 300}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: [{matchExpressions: [{key: cores, operator: Gt, values: ["4"]}, {key: zone, operator: In, values: [a, b]}]}]
      preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: {matchExpressions: [{key: spot, operator: DoesNotExist}]}}]
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: x}}}}]
pools:
  - name: sims
    image: ghcr.io/example/worker:1.0.0
    workingDir: /app
    env: {LOG_LEVEL: debug}
    secretEnv: {DB_URL: "db:url.key_1"}
    resources: {cpu: 250m, memory: 512Mi, limits: {memory: 1Gi}}
    scratch: {path: //work/./, sizeLimit: 1Gi}
    sharedMemory: 64Mi
    persistentVolumeClaims: {"x.y": /a, "1": /b}
    job: {failOnExitCodes: [42, 3, 7]}
  - name: api
    image: ghcr.io/example/api:1.0.0
    serve: {}
    follow:
      resources: {cpu: 500m}
      autoscale:
        minReplicas: 1
        behavior: {scaleDown: {stabilizationWindowSeconds: 3600, selectPolicy: Min, policies: [{type: Percent, value: 10, periodSeconds: 1800}]}}
        triggers: [{type: cpu, metricType: Utilization, metadata: {value: "50"}}]
`);
    const job = only(manifests, 'Job');
    assert.deepEqual(job.spec.podFailurePolicy.rules[1].onExitCodes.values, [3, 7, 42], 'exit codes are rendered sorted, as the API server requires');
    assert.deepEqual(job.spec.template.spec.volumes.map((volume: any) => volume.name), ['scratch', 'dshm', 'pvc-1', 'pvc-x-y']);
    const env = job.spec.template.spec.containers[0].env;
    assert.deepEqual(env.find((variable: any) => variable.name === 'LOG_LEVEL'), { name: 'LOG_LEVEL', value: 'debug' }, 'a later layer overrides the same map');
    assert.equal(only(manifests, 'Service').metadata.name, 'api-serve');
  });

  it('accepts scratch at /dev/shm when no sharedMemory takes it', () => {
    renderValid(jobPool('scratch: {path: /dev/shm, medium: Memory}'));
  });
});

describe('the strict oracle applies the same rules to rendered objects', () => {
  const pod = (container: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i:1', ...container }], ...spec } } },
  });
  const cases: [string, unknown, string][] = [
    ['env name', pod({ env: [{ name: '1ABC', value: 'x' }] }), 'env[0].name'],
    ['Secret key', pod({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: '..' } } }] }), 'secretKeyRef.key'],
    ['toleration', pod({}, { tolerations: [{ operator: 'Equal', value: 'x' }] }), 'tolerations[0].operator'],
    ['affinity', pod({}, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }), 'nodeSelectorTerms'],
    ['workingDir', pod({ workingDir: 'rel' }), 'workingDir'],
    ['image', pod({ image: 'a b' }), 'image'],
    ['mount path', pod({ volumeMounts: [{ name: 'v', mountPath: '/proc/x' }] }, { volumes: [{ name: 'v', emptyDir: {} }] }), 'mountPath'],
    ['normalised mount paths', pod({ volumeMounts: [{ name: 'v', mountPath: '/d' }, { name: 'w', mountPath: '//d/.' }] }, { volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', emptyDir: {} }] }), 'more than once'],
    ['milli-bytes', pod({ resources: { requests: { memory: '512m' } } }), 'milli-bytes'],
    ['exit codes', { ...pod({}), spec: { ...pod({}).spec, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3, 1] } }] } } }, 'sorted'],
  ];
  for (const [rule, manifest, fragment] of cases) {
    it(`refuses a bad ${rule}`, () => {
      const problems = validateStrict(manifest);
      assert.ok(problems.some((problem) => problem.includes(fragment)), `expected a problem with ${fragment}, got ${JSON.stringify(problems)}`);
    });
  }

  it('refuses two objects of one kind, name and namespace', () => {
    const job = pod({});
    assert.throws(() => assertValidManifests([job, job]), /second Job named "j"/);
  });

  it('refuses, as an internal error, two objects that map to one per-resource file', () => {
    const job = pod({});
    assert.throws(() => [...layoutStream([job, job], 'per-resource', [])], /two objects map to one output file \(job-j\.yaml\)/);
  });
});

describe('API server rules: the constructs apply the same checks at synth', () => {
  const chartIn = (app: App) => new Chart(app, 'workers', { disableResourceNameHashes: true });

  it('refuses a WorkerJob whose toleration the API server refuses', () => {
    const app = new App({ outdir: tempDir() });
    new WorkerJob(chartIn(app), 'Job', { poolName: 'sims', image: 'img:1', tolerations: [{ operator: 'Equal', value: 'x' }], failOnExitCodes: [1, 1] });
    assert.throws(() => app.synth(), (error: Error) => /tolerations\[0\]\.operator: received "Equal" with an empty key, expected operator Exists/.test(error.message)
      && /failOnExitCodes\[1\]: received exit code 1 a second time/.test(error.message));
  });

  it('refuses a WorkerFleet whose objects share a kind, name and namespace', () => {
    const app = new App({ outdir: tempDir() });
    new WorkerFleet(chartIn(app), 'Fleet', { pools: [{ name: 'a', image: 'img:1', job: { name: 'b-worker' } }, { name: 'b', image: 'img:1', job: {} }] });
    assert.throws(() => app.synth(), /the Job name "b-worker" is already used by workers\/Fleet\/default\.a\/Job\/Resource in namespace default/);
  });
});

describe('the order of keys in a config does not change the output', () => {
  const config = {
    defaults: { env: { A: '1', B: '2', C: '3' }, labels: { team: 'x', tier: 'y' }, nodeSelector: { zone: 'a', disk: 'ssd' } },
    pools: [{
      name: 'q',
      image: 'img:1',
      secretEnv: { DB: 'db:url', TOKEN: 'api:token' },
      downwardEnv: { NODE: 'spec.nodeName', POD: 'metadata.name' },
      annotations: { 'example.com/a': '1', 'example.com/b': '2' },
      persistentVolumeClaims: { 'x.y': '/a', 'one': '/b', 'cache': '/c' },
      follow: {
        autoscale: {
          triggers: [{
            type: 'postgresql',
            metadata: { query: 'select 1', targetQueryValue: '5', activationTargetQueryValue: '1' },
            secretAuth: { connection: 'pg:url', password: 'pg:password', host: 'pg:host' },
          }],
        },
      },
      job: { resources: { cpu: '1', memory: '1Gi', limits: { memory: '2Gi', cpu: '2' } } },
    }],
  };

  /** The config as JSON text with every mapping's keys in the order `shuffle` puts them. */
  function shuffled(value: unknown, shuffle: <T>(items: T[]) => T[]): unknown {
    if (Array.isArray(value)) return value.map((item) => shuffled(item, shuffle));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(shuffle(Object.entries(value)).map(([key, item]) => [key, shuffled(item, shuffle)]));
  }

  const baseline = synthStdout(JSON.stringify(config));

  it('renders byte-identical output for any key order', () => {
    assert.equal(baseline.code, 0, baseline.stderr);
    fc.assert(fc.property(fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })), (randoms) => {
      const shuffle = <T>(items: T[]): T[] => items.map((item) => [randoms.next().value, item] as const).sort((a, b) => a[0] - b[0]).map(([, item]) => item);
      const result = synthStdout(JSON.stringify(shuffled(config, shuffle)));
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, baseline.stdout);
    }), { numRuns: 25 });
  });
});
