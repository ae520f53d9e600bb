// The same objects as a generated fleet, written the plain cdk8s-plus-28 way: one Chart per pool, App.synth().
// usage: node bench/plain-cdk8s-plus.cjs POOLS OUTDIR
const { ApiObject, App, Chart, JsonPatch } = require('cdk8s');
const kplus = require('cdk8s-plus-28');

const [pools, outdir] = [Number(process.argv[2]), process.argv[3]];
const app = new App({ outdir });

for (let index = 0; index < pools; index++) {
  const name = `pool-${index}`;
  const chart = new Chart(app, name, { namespace: 'bench' });
  const image = `ghcr.io/example/worker:${index}`;
  const container = (command) => ({
    image,
    command,
    envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('info') },
    resources: { cpu: { request: kplus.Cpu.units(1) }, memory: { request: require('cdk8s').Size.gibibytes(4) } },
  });
  const job = new kplus.Job(chart, 'worker', { containers: [container(['worker', name])], backoffLimit: 3 });
  ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/parallelism', 8));
  const follow = new kplus.Deployment(chart, 'follow', { containers: [container(['worker', name, '--follow'])] });
  follow.markHasAutoscaler();
  const auth = new ApiObject(chart, 'auth', {
    apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication',
    spec: { secretTargetRef: [{ parameter: 'connection', name: 'db', key: 'url' }] },
  });
  new ApiObject(chart, 'scaler', {
    apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject',
    spec: {
      scaleTargetRef: { name: follow.name }, minReplicaCount: 0, maxReplicaCount: 50,
      triggers: [{ type: 'postgresql', metadata: { query: 'SELECT COUNT(*) FROM queue', targetQueryValue: '10' }, authenticationRef: { name: auth.name } }],
    },
  });
  const serve = new kplus.Deployment(chart, 'serve', { containers: [{ ...container(['serve', name]), ports: [{ number: 8000 }] }] });
  serve.exposeViaService({ ports: [{ port: 8000 }] });
}
app.synth();
