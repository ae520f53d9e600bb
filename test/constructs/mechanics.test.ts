import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Chart, IResolver, Lazy, ResolutionContext, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FollowDeployment, QueueScaler, ServeDeployment, WorkerJob, WorkerPool } from '../../src';
import { only, synthValid, testChart } from '../support/render';

function synthError(chart: Chart): string {
  assert.throws(() => Testing.synth(chart));
  try {
    Testing.synth(chart);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

const TRIGGER = { type: 'redis', metadata: { listName: 'jobs', address: 'redis:6379' }, secretAuth: { password: 'redis:password' } };

describe('constructs: the config path\'s checks at synth', () => {
  it('a bad pool fails listing every problem with the construct path and the prop path, credentials redacted', () => {
    const chart = testChart();
    new WorkerPool(chart, 'p', { name: 'No_Image', env: { DATABASE_URL: 'postgres://u:hunter2@db/x' }, resources: { cpu: 'two' }, job: {} });
    const message = synthError(chart);
    assert.match(message, /\[test\/p\/Job\] poolName: received "No_Image"/);
    assert.match(message, /\[test\/p\/Job\] image: no image|\[test\/p\/Job\] no image/);
    assert.match(message, /\[test\/p\/Job\] resources\.cpu: received "two"/);
    assert.match(message, /\[test\/p\/Job\] env\.DATABASE_URL: received a plain value that looks like a credential/);
    assert.ok(!message.includes('hunter2'), message);
  });

  it('a standalone construct is checked alike: its name, references, ports', () => {
    const chart = testChart();
    new ServeDeployment(chart, 'api', { poolName: 'sims', name: '9api', image: 'img:1', secretEnv: { TOKEN: 'no-colon' }, readiness: { port: 9999 } });
    const message = synthError(chart);
    assert.match(message, /\[test\/api\] name: received "9api"/);
    assert.match(message, /\[test\/api\] secretEnv\.TOKEN: received "no-colon", expected "secret:key"/);
    assert.match(message, /\[test\/api\] readiness\.port: received 9999/);
  });
});

describe('constructs: cdk8s tokens', () => {
  it('Lazy values resolve in props, and are checked as resolved', () => {
    const chart = testChart();
    let workers = 1;
    new WorkerJob(chart, 'job', { poolName: 'sims', image: Lazy.any({ produce: () => 'img:2' }), workers: Lazy.any({ produce: () => workers }), env: { MODE: Lazy.any({ produce: () => 'batch' }) } });
    workers = 4;
    const job = only(synthValid(chart), 'Job');
    assert.equal(job.spec.parallelism, 4);
    assert.equal(job.spec.template.spec.containers[0].image, 'img:2');
    assert.deepEqual(job.spec.template.spec.containers[0].env, [{ name: 'MODE', value: 'batch' }]);
    const bad = testChart();
    new WorkerJob(bad, 'job', { poolName: 'sims', image: 'img:1', resources: { cpu: Lazy.any({ produce: () => 'two' }) } });
    assert.match(synthError(bad), /resources\.cpu: received "two"/);
  });

  it('a resolver the App registers sees every value of our objects', () => {
    class RegistryMirror implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('docker.io/')) context.replaceValue(context.value.replace('docker.io/', 'mirror.example/'));
      }
    }
    const chart = new Chart(new App({ resolvers: [new RegistryMirror()] }), 'test');
    new WorkerPool(chart, 'p', { name: 'sims', image: 'docker.io/worker:1', job: {}, follow: {} });
    const images = chart.toJson().map((object) => object.spec.template.spec.containers[0].image);
    assert.deepEqual(images, ['mirror.example/worker:1', 'mirror.example/worker:1']);
  });
});

describe('constructs: mutators', () => {
  it('add env, tolerations, sidecars, init containers and volumes after construction, through a pool', () => {
    const chart = testChart();
    const pool = new WorkerPool(chart, 'p', { name: 'sims', image: 'img:1', job: {}, follow: {} });
    const job = pool.job!;
    job.addEnv('MODE', 'drain');
    job.addEnv('DB_PASSWORD', kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, 'db', 'db'), key: 'password' }));
    job.addEnv('POD', kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME));
    job.addToleration({ key: 'batch', operator: 'Exists', effect: 'NoSchedule' });
    job.addInitContainer({ name: 'migrate', image: 'img:1', command: ['migrate'] });
    job.addSidecar({ name: 'proxy', image: 'proxy:2', args: ['--port=5432'] });
    job.mount('/etc/app', kplus.Volume.fromConfigMap(chart, 'cfg', kplus.ConfigMap.fromConfigMapName(chart, 'cm', 'app-config')), { readOnly: true });
    job.addVolume('cache', { emptyDir: { sizeLimit: '1Gi' } });
    job.mount('/cache', 'cache');
    const manifests = synthValid(chart);
    const pod = only(manifests, 'Job').spec.template.spec;
    const main = pod.containers[0];
    assert.deepEqual(main.env.map((variable: { name: string }) => variable.name), ['DB_PASSWORD', 'MODE', 'POD']);
    assert.deepEqual(main.env[0].valueFrom, { secretKeyRef: { name: 'db', key: 'password' } });
    assert.deepEqual(pod.tolerations, [{ key: 'batch', operator: 'Exists', effect: 'NoSchedule' }]);
    assert.deepEqual(pod.initContainers.map((container: { name: string; restartPolicy?: string }) => [container.name, container.restartPolicy]), [['migrate', undefined], ['proxy', 'Always']]);
    assert.ok(pod.volumes.some((volume: { configMap?: { name: string } }) => volume.configMap?.name === 'app-config'));
    assert.ok(main.volumeMounts.some((mount: { mountPath: string; readOnly?: boolean }) => mount.mountPath === '/etc/app' && mount.readOnly));
    assert.ok(main.volumeMounts.some((mount: { mountPath: string }) => mount.mountPath === '/cache'));
    const follow = manifests.find((object) => object.kind === 'Deployment')!;
    assert.equal(follow.spec.template.spec.initContainers, undefined, 'the follow pods are untouched');
  });

  it('what the mutators add goes through the same checks at synth', () => {
    const chart = testChart();
    const follow = new FollowDeployment(chart, 'f', { poolName: 'sims', image: 'img:1' });
    follow.addSidecar({ name: 'proxy', image: 'proxy:2', resources: { memory: 'lots' } });
    follow.addEnv('API_TOKEN', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB');
    const message = synthError(chart);
    assert.match(message, /\[test\/f\] sidecars\[0\]\.resources\.memory: received "lots"/);
    assert.match(message, /\[test\/f\] env\.API_TOKEN: received a plain value that looks like a credential/);
    assert.ok(!message.includes('0123456789abcdefghij'), message);
  });

  it('a scheduled drain and a KEDA-started drain take the same mutators, and their checks see what was added', () => {
    const chart = testChart();
    const scheduled = new WorkerPool(chart, 'nightly', { name: 'nightly', image: 'img:1', job: { schedule: '0 3 * * *' } }).cronJob!;
    const scaled = new WorkerPool(chart, 'burst', { name: 'burst', image: 'img:1', job: { autoscale: { triggers: [TRIGGER] } } }).scaledJob!;
    for (const drain of [scheduled, scaled]) {
      drain.addEnv('MODE', 'drain');
      drain.addSidecar({ name: 'proxy', image: 'proxy:2' });
      drain.addVolume('cache', { emptyDir: { sizeLimit: '1Gi' } });
      drain.mount('/cache', 'cache');
      drain.addToleration({ key: 'batch', operator: 'Exists', effect: 'NoSchedule' });
    }
    const manifests = synthValid(chart);
    const pods = [only(manifests, 'CronJob').spec.jobTemplate.spec.template.spec, only(manifests, 'ScaledJob').spec.jobTargetRef.template.spec];
    for (const pod of pods) {
      assert.deepEqual(pod.containers[0].env, [{ name: 'MODE', value: 'drain' }]);
      assert.deepEqual(pod.initContainers.map((container: { name: string; restartPolicy?: string }) => [container.name, container.restartPolicy]), [['proxy', 'Always']]);
      assert.ok(pod.volumes.some((volume: { name: string }) => volume.name === 'cache'));
      assert.ok(pod.containers[0].volumeMounts.some((mount: { mountPath: string }) => mount.mountPath === '/cache'));
      assert.deepEqual(pod.tolerations, [{ key: 'batch', operator: 'Exists', effect: 'NoSchedule' }]);
    }
    const bad = testChart();
    const cron = new WorkerPool(bad, 'nightly', { name: 'nightly', image: 'img:1', job: { schedule: '0 3 * * *' } }).cronJob!;
    cron.addSidecar({ name: 'proxy', image: 'proxy:2', resources: { cpu: 'two' } });
    assert.match(synthError(bad), /\[test\/nightly\/Job\] sidecars\[0\]\.resources\.cpu: received "two"/);
  });

  it('refuses a volume, mount path or variable added twice at once', () => {
    const job = new WorkerJob(testChart(), 'j', { poolName: 'sims', image: 'img:1', env: { A: '1' } });
    job.addVolume('v', { emptyDir: {} });
    assert.throws(() => job.addVolume('v', { emptyDir: {} }), /volume "v" is already added/);
    assert.throws(() => job.addEnv('A', '2'), /A is already set/);
    job.mount('/v', 'v');
    assert.throws(() => job.mount('/v', 'v'), /already mounted at "\/v"/);
  });
});

describe('constructs: cdk8s-plus interop', () => {
  it('a kplus NetworkPolicy takes the follow pods as target and the serve pods as peer', () => {
    const chart = testChart();
    const pool = new WorkerPool(chart, 'p', { name: 'sims', namespace: 'batch', image: 'img:1', follow: {}, serve: {} });
    new kplus.NetworkPolicy(chart, 'np', {
      selector: pool.follow!,
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: [{ peer: pool.serve!, ports: [kplus.NetworkPolicyPort.tcp(9090)] }] },
    });
    const policy = only(synthValid(chart), 'NetworkPolicy');
    assert.equal(policy.metadata.namespace, 'batch');
    assert.deepEqual(policy.spec.podSelector, { matchLabels: { 'app.kubernetes.io/component': 'follow', 'app.kubernetes.io/name': 'sims' } });
    assert.deepEqual(policy.spec.ingress[0].from[0].podSelector, { matchLabels: { 'app.kubernetes.io/component': 'serve', 'app.kubernetes.io/name': 'sims' } });
  });

  it('a kplus Ingress routes to the serve Service by name and port, and nothing is rendered twice', () => {
    const chart = testChart();
    const pool = new WorkerPool(chart, 'p', { name: 'sims', image: 'img:1', serve: { port: 8080, servicePort: 80 } });
    new kplus.Ingress(chart, 'ing', { rules: [{ host: 'api.example.com', path: '/', backend: pool.serve!.ingressBackend() }] });
    const manifests = synthValid(chart);
    assert.deepEqual(manifests.map((object) => object.kind).sort(), ['Deployment', 'Ingress', 'Service']);
    assert.deepEqual(only(manifests, 'Ingress').spec.rules[0].http.paths[0].backend, { service: { name: 'sims-serve', port: { number: 80 } } });
  });
});

describe('QueueScaler: targets', () => {
  it('targeting a FollowDeployment construct marks it autoscaled', () => {
    const chart = testChart();
    const follow = new FollowDeployment(chart, 'f', { poolName: 'sims', image: 'img:1', replicas: 3 });
    new QueueScaler(chart, 's', { target: follow, triggers: [TRIGGER] });
    const manifests = synthValid(chart);
    assert.equal('replicas' in only(manifests, 'Deployment').spec, false);
    assert.equal(only(manifests, 'ScaledObject').spec.scaleTargetRef.name, 'sims-follow');
  });

  it('refuses a ServeDeployment that sets replicas, and a Deployment named by a string that does', () => {
    const chart = testChart();
    const serve = new ServeDeployment(chart, 'api', { poolName: 'sims', image: 'img:1', replicas: 2 });
    new QueueScaler(chart, 's', { target: serve, triggers: [TRIGGER] });
    new FollowDeployment(chart, 'f', { poolName: 'other', image: 'img:1' });
    new QueueScaler(chart, 'byName', { poolName: 'other', target: 'other-follow', triggers: [TRIGGER] });
    const message = synthError(chart);
    assert.match(message, /\[test\/s\] target: the ServeDeployment test\/api sets spec\.replicas/);
    assert.match(message, /\[test\/byName\] target: the Deployment "other-follow" \(test\/f\/Resource\) sets spec\.replicas/);
    const autoscaled = testChart();
    new QueueScaler(autoscaled, 's', { target: new ServeDeployment(autoscaled, 'api', { poolName: 'sims', image: 'img:1', autoscaled: true }), triggers: [TRIGGER] });
    assert.equal('replicas' in only(synthValid(autoscaled), 'Deployment').spec, false);
  });
});
