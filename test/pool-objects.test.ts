import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { FollowDeployment, ScaledWorkerJob, ServeDeployment, WorkerCronJob, WorkerDisruptionBudget, WorkerPool } from '../src';
import { cronScheduleProblem, timeZoneProblem } from '../src/checks/api-server/cron-job';
import { cli, CliResult, expectInputError, REPO } from './support/cli';
import { tempDir, writeTemp } from './support/files';
import { manifestsToYaml, only, synthValid, testChart } from './support/render';
import { matchSnapshot } from './support/snapshot';
import { assertValidManifests, validateStrict } from './support/strict-schema';

const FLEETS = path.join(REPO, 'test', 'fixtures', 'fleets');
const IMAGE = 'ghcr.io/example/orders:1.0.0';
const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** Synthesizes a fixture fleet through the CLI, checks every object, and compares with its golden file. */
function synthFixture(name: string): any[] {
  const result = cli('synth', '--config', path.join(FLEETS, `${name}.yaml`), '--stdout');
  assert.equal(result.code, 0, result.stderr);
  const objects = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
  assertValidManifests(objects);
  matchSnapshot(`pool-objects-${name}.yaml`, result.stdout);
  return objects;
}

function named(objects: any[], kind: string, name: string): any {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  assert.ok(found, `no ${kind}/${name} in ${objects.map((object) => `${object.kind}/${object.metadata.name}`).join(', ')}`);
  return found;
}

/** Validates a one-pool config written as YAML lines under the pool. */
function validatePool(lines: string): { result: CliResult; file: string } {
  const file = writeTemp('workers.yaml', `pools:\n  - name: orders\n    image: ${IMAGE}\n${lines.replace(/^(?=.)/gm, '    ')}`);
  return { result: cli('validate', '--config', file), file };
}

/** The 1-based line of the first line of `file` that holds `text`. */
function lineOf(file: string, text: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;
}

describe('new objects from YAML, through the CLI', () => {
  it('follow.strategy: a rolling update with its surge and unavailability, or Recreate', () => {
    const objects = synthFixture('follow-strategy');
    assert.deepEqual(named(objects, 'Deployment', 'ledger-follow').spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    assert.deepEqual(named(objects, 'Deployment', 'singleton-follow').spec.strategy, { type: 'Recreate' });
  });

  it('serve.disruptionBudget: maxUnavailable 1 by default above one replica, the budget given, or none', () => {
    const objects = synthFixture('serve-disruption-budget');
    const search = named(objects, 'PodDisruptionBudget', 'search-serve');
    assert.deepEqual(search.spec, { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/component': 'serve', 'app.kubernetes.io/name': 'search' } } });
    assert.deepEqual(named(objects, 'PodDisruptionBudget', 'checkout-serve').spec.minAvailable, '50%');
    assert.equal(named(objects, 'PodDisruptionBudget', 'checkout-serve').spec.unhealthyPodEvictionPolicy, 'AlwaysAllow');
    assert.equal(objects.filter((object) => object.kind === 'PodDisruptionBudget').length, 2, 'admin turned its budget off');
  });

  it('serve.ingress: every host with every path to the named Service port, TLS, class and annotations', () => {
    const objects = synthFixture('serve-ingress');
    const ingress = named(objects, 'Ingress', 'orders-serve');
    assert.deepEqual(ingress.spec.rules.map((rule: any) => rule.host), ['orders.example.com', '*.orders.example.com']);
    assert.deepEqual(ingress.spec.rules[0].http.paths[1], { backend: { service: { name: 'orders-serve', port: { name: 'http' } } }, path: '/healthz', pathType: 'Exact' });
    assert.deepEqual(ingress.spec.tls, [{ hosts: ['orders.example.com', '*.orders.example.com'], secretName: 'orders-example-tls' }]);
    assert.equal(ingress.spec.ingressClassName, 'nginx');
    assert.equal(ingress.metadata.annotations['cert-manager.io/cluster-issuer'], 'letsencrypt');
    assert.equal(named(objects, 'Service', 'orders-serve').spec.ports[0].name, 'http');
  });

  it('serve.networkPolicy: ingress to the serve port from the peers named only', () => {
    const objects = synthFixture('serve-network-policy');
    const policy = named(objects, 'NetworkPolicy', 'orders-serve');
    assert.deepEqual(policy.spec.podSelector, { matchLabels: { 'app.kubernetes.io/component': 'serve', 'app.kubernetes.io/name': 'orders' } });
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    assert.deepEqual(policy.spec.ingress[0].ports, [{ port: 8000, protocol: 'TCP' }]);
    assert.deepEqual(policy.spec.ingress[0].from[0], { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } });
    assert.deepEqual(policy.spec.ingress[0].from[1], { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } } });
    assert.deepEqual(Object.keys(policy.spec.ingress[0].from[2]).sort(), ['namespaceSelector', 'podSelector']);
  });

  it('serve.autoscale: a ScaledObject on the serve Deployment, which leaves replicas out, and a budget', () => {
    const objects = synthFixture('serve-autoscale');
    const deployment = named(objects, 'Deployment', 'quotes-serve');
    assert.equal(deployment.spec.replicas, undefined);
    const scaled = named(objects, 'ScaledObject', 'quotes-serve-scaler');
    assert.deepEqual(scaled.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'quotes-serve' });
    assert.equal(scaled.metadata.labels['app.kubernetes.io/component'], 'serve');
    assert.deepEqual([scaled.spec.minReplicaCount, scaled.spec.maxReplicaCount], [2, 12]);
    assert.equal(named(objects, 'PodDisruptionBudget', 'quotes-serve').spec.maxUnavailable, 1);
  });

  it('serve.service: labels and annotations on the Service only, so the pods never roll for them', () => {
    const objects = synthFixture('serve-service-metadata');
    const service = named(objects, 'Service', 'gateway-serve');
    assert.equal(service.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-type'], 'nlb');
    assert.equal(service.metadata.labels.exposure, 'public');
    assert.equal(service.metadata.labels.team, 'edge');
    const deployment = named(objects, 'Deployment', 'gateway-serve');
    assert.equal(deployment.metadata.annotations, undefined);
    assert.equal(deployment.spec.template.metadata.annotations, undefined);
    assert.equal(deployment.spec.template.metadata.labels.exposure, undefined);
  });

  it('job.suspend and job.completionMode: a suspended Indexed Job', () => {
    const objects = synthFixture('job-suspend-indexed');
    const job = named(objects, 'Job', 'shards-worker');
    assert.deepEqual([job.spec.suspend, job.spec.completionMode, job.spec.completions, job.spec.parallelism], [true, 'Indexed', 8, 4]);
    assert.equal(job.metadata.labels['kueue.x-k8s.io/queue-name'], 'team-a');
  });

  it('job.schedule: a CronJob whose Job template is the drain Job, Forbid by default', () => {
    const objects = synthFixture('job-schedule');
    assert.deepEqual(objects.map((object) => object.kind), ['CronJob']);
    const cronJob = named(objects, 'CronJob', 'nightly-worker');
    assert.equal(cronJob.spec.schedule, '30 2 * * 1-5');
    assert.equal(cronJob.spec.timeZone, 'Europe/Paris');
    assert.equal(cronJob.spec.concurrencyPolicy, 'Forbid');
    assert.deepEqual([cronJob.spec.startingDeadlineSeconds, cronJob.spec.successfulJobsHistoryLimit, cronJob.spec.failedJobsHistoryLimit], [600, 5, 2]);
    const jobSpec = cronJob.spec.jobTemplate.spec;
    assert.deepEqual([jobSpec.parallelism, jobSpec.activeDeadlineSeconds, jobSpec.template.spec.restartPolicy], [3, 14400, 'Never']);
    assert.equal(jobSpec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name, 'nightly-db');
    assert.equal(cronJob.spec.jobTemplate.metadata.labels['app.kubernetes.io/component'], 'worker');
  });
});

describe('refusals through the CLI: exit 2, the file, line and path, and whose rule', () => {
  it('refuses a rolling update that can neither add nor remove a pod, and percentages above 100%', () => {
    const { result, file } = validatePool('follow:\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: "0%"}\nserve:\n  strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}\n');
    expectInputError(result, `${file}:${lineOf(file, 'maxSurge: 0')}:`, 'pools[0].follow.strategy.rollingUpdate.maxUnavailable: received "0%" with maxSurge 0', '(the API server refuses it)',
      'pools[0].serve.strategy.rollingUpdate: received rollingUpdate with type Recreate');
    expectInputError(validatePool('follow:\n  strategy: {rollingUpdate: {maxUnavailable: "101%"}}\n').result, 'maxUnavailable: received "101%", expected a percentage of at most 100%');
    expectInputError(validatePool('follow:\n  strategy: {rollingUpdate: {maxSurge: "1.5%"}}\n').result, 'pools[0].follow.strategy.rollingUpdate.maxSurge');
  });

  it('refuses a budget with both minAvailable and maxUnavailable', () => {
    const { result, file } = validatePool('serve:\n  disruptionBudget: {minAvailable: 1, maxUnavailable: 1}\n');
    expectInputError(result, `${file}:${lineOf(file, 'disruptionBudget')}:`, 'pools[0].serve.disruptionBudget.maxUnavailable: received both minAvailable and maxUnavailable, expected one of them (the API server refuses it)');
  });

  it('refuses Ingress hosts, paths, TLS Secrets and a class given twice as the API server does', () => {
    const { result, file } = validatePool([
      'serve:',
      '  ingress:',
      '    hosts: [api.example.com, 10.0.0.1, "a.*.example.com", Bad_Host]',
      '    paths: [{path: "/a/../b", pathType: Prefix}, {path: relative}, {path: "/x/.", pathType: Exact}]',
      '    tls: [{secretName: "Not A Secret"}]',
      '    ingressClassName: nginx',
      '    annotations: {kubernetes.io/ingress.class: nginx}',
      '',
    ].join('\n'));
    expectInputError(result,
      `${file}:${lineOf(file, 'hosts:')}:`, 'pools[0].serve.ingress.hosts[1]: received "10.0.0.1", expected a host that is a DNS name, not an IP address',
      'pools[0].serve.ingress.hosts[2]: received "a.*.example.com", expected a wildcard only as the whole first label',
      'pools[0].serve.ingress.hosts[3]', 'pools[0].serve.ingress.paths[0].path: received "/a/../b", expected a Prefix path without "/../"',
      'pools[0].serve.ingress.paths[1].path: received "relative", expected an absolute path', 'pools[0].serve.ingress.paths[2].path: received "/x/.", expected an Exact path not ending in "/."',
      'pools[0].serve.ingress.tls[0].secretName', 'refuses it as a Secret name', 'refuses the annotation when the class field is set');
    expectInputError(validatePool('serve:\n  ingress: {host: a.example.com, hosts: [b.example.com]}\n').result, 'pools[0].serve.ingress.hosts: received both host and hosts');
    expectInputError(validatePool('serve:\n  ingress: {paths: [{path: /, pathType: Regex}]}\n').result, 'pools[0].serve.ingress.paths[0].pathType');
  });

  it('refuses NetworkPolicy peers that name nothing, or a namespace twice, and bad selectors', () => {
    const { result, file } = validatePool('serve:\n  networkPolicy:\n    from:\n      - {namespace: Bad_Namespace}\n      - {namespace: web, namespaceSelector: {}}\n      - {podSelector: {matchExpressions: [{key: app, operator: Exists, values: [x]}]}}\n');
    expectInputError(result, `${file}:${lineOf(file, 'Bad_Namespace')}:`, 'pools[0].serve.networkPolicy.from[0].namespace: received "Bad_Namespace"',
      'pools[0].serve.networkPolicy.from[1].namespaceSelector: received both namespace and namespaceSelector',
      'pools[0].serve.networkPolicy.from[2].podSelector.matchExpressions[0].values: received 1 value(s) with operator Exists, expected none (the API server refuses it)');
    expectInputError(validatePool('serve:\n  networkPolicy: {from: []}\n').result, 'pools[0].serve.networkPolicy.from');
    expectInputError(validatePool('serve:\n  networkPolicy: {from: [{}]}\n').result, 'pools[0].serve.networkPolicy.from[0]');
  });

  it('refuses replicas beside serve.autoscale, and runs KEDA\'s rules on the serve ScaledObject', () => {
    const trigger = '    triggers: [{type: cpu, metricType: Utilization, metadata: {value: 60}}]\n';
    const { result, file } = validatePool(`serve:\n  replicas: 3\n  autoscale:\n${trigger}`);
    expectInputError(result, `${file}:${lineOf(file, 'replicas: 3')}:`, 'pools[0].serve.replicas: received replicas with autoscale', 'KEDA owns the replica count',
      'pools[0].serve.autoscale.minReplicas', "KEDA's admission webhook refuses a ScaledObject with only cpu/memory triggers and minReplicaCount 0",
      'pools[0].serve.autoscale.triggers[0]', 'container "serve"');
  });

  it('refuses selector labels in service.labels, and bad label and annotation keys', () => {
    const { result } = validatePool('serve:\n  service:\n    labels: {app.kubernetes.io/component: api, "bad key": x}\n    annotations: {"-bad": x}\n');
    expectInputError(result, 'pools[0].serve.service.labels["app.kubernetes.io/component"]', 'cdk8s-workers sets on every object of the component',
      'pools[0].serve.service.labels["bad key"]', 'pools[0].serve.service.annotations["-bad"]');
  });

  it('refuses Indexed without completions, and too many pods for an Indexed Job', () => {
    const { result, file } = validatePool('job:\n  completionMode: Indexed\n');
    expectInputError(result, `${file}:${lineOf(file, 'completionMode')}:`, 'pools[0].job.completionMode: received completionMode Indexed without completions', 'the API server requires completions');
    expectInputError(validatePool('job: {completionMode: Indexed, completions: 10, workers: 100001}\n').result, 'pools[0].job.workers: received 100001, expected at most 100000');
  });

  it('refuses schedules, time zones and deadlines the API server or the CronJob controller refuses', () => {
    const { result, file } = validatePool('job:\n  schedule: "0 3 * * 7"\n  timeZone: Mars/Olympus\n  startingDeadlineSeconds: 5\n');
    expectInputError(result, `${file}:${lineOf(file, 'schedule')}:`, 'pools[0].job.schedule: received "0 3 * * 7", whose day of week field "7" ends at 7, above the maximum 6 (the API server refuses it)',
      'pools[0].job.timeZone: received "Mars/Olympus", which is not in the IANA time zone database', 'pools[0].job.startingDeadlineSeconds: received 5, expected at least 10');
    expectInputError(validatePool('job: {schedule: "CRON_TZ=UTC 0 3 * * *"}\n').result, 'expected a schedule without TZ= or CRON_TZ=: set timeZone instead');
    expectInputError(validatePool('job: {schedule: "0 3 * *"}\n').result, 'which has 4 fields, expected exactly 5');
    expectInputError(validatePool('job: {schedule: "@daily", timeZone: europe/paris}\n').result, 'expected "Europe/Paris": the time zone database is case-sensitive');
  });

  it('refuses a schedule beside autoscale, and CronJob fields without a schedule', () => {
    const trigger = '    triggers: [{type: rabbitmq, metadata: {queueName: q, mode: QueueLength, value: 5}, secretAuth: {host: "rabbit:url"}}]\n';
    expectInputError(validatePool(`job:\n  schedule: "@hourly"\n  autoscale:\n${trigger}`).result, 'pools[0].job.schedule: received both schedule and autoscale');
    expectInputError(validatePool('job:\n  timeZone: UTC\n  concurrencyPolicy: Allow\n').result, 'pools[0].job.timeZone: received timeZone without schedule', 'pools[0].job.concurrencyPolicy: received concurrencyPolicy without schedule');
  });

  it('names every new kind in the object-name checks, with the config path that made it', () => {
    const long = 'a'.repeat(50);
    const cron = cli('validate', '--config', writeTemp('workers.yaml', `pools:\n  - name: ${long}\n    image: ${IMAGE}\n    job: {schedule: "@daily"}\n`));
    expectInputError(cron, 'pools[0].name: received the CronJob name', `${long}-worker`, 'expected at most 52 (the CronJob controller appends 11 characters to name each Job)');
    const twice = cli('validate', '--config', writeTemp('workers.yaml', [
      'pools:',
      ...['a', 'b'].map((pool) => `  - {name: ${pool}, image: ${IMAGE}, serve: {name: api, replicas: 2, ingress: {host: api.example.com}, networkPolicy: {from: [{namespace: web}]}}}`),
      '',
    ].join('\n')));
    expectInputError(twice, 'pools[1].serve.ingress: the Ingress name "api" is already used by pools[0].serve.ingress', 'pools[1].serve.networkPolicy: the NetworkPolicy name "api"',
      'pools[1].serve.name: the PodDisruptionBudget name "api" is already used by pools[0].serve.name');
  });
});

describe('the constructs, with the same checks at synth', () => {
  it('a WorkerPool renders every new object from props, strict-valid and restricted', () => {
    const chart = testChart();
    const pool = new WorkerPool(chart, 'orders', {
      name: 'orders',
      image: IMAGE,
      job: { schedule: '0 */6 * * *', timeZone: 'America/New_York', suspend: true },
      follow: { strategy: { rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } } },
      serve: {
        disruptionBudget: true,
        ingress: { host: 'orders.example.com', tls: [{ secretName: 'orders-tls' }] },
        networkPolicy: { from: [{ namespace: 'ingress-nginx' }] },
        service: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } },
        autoscale: { minReplicas: 1, triggers: [{ type: 'rabbitmq', metadata: { queueName: 'q', mode: 'QueueLength', value: 5 }, secretAuth: { host: 'rabbit:url' } }] },
      },
    });
    const manifests = synthValid(chart);
    assert.deepEqual(manifests.map((object) => object.kind), [
      'CronJob', 'Deployment', 'Deployment', 'Service', 'PodDisruptionBudget', 'Ingress', 'NetworkPolicy', 'TriggerAuthentication', 'ScaledObject',
    ]);
    assert.ok(pool.cronJob && pool.serveScaler && pool.serve?.ingress && pool.serve.networkPolicy && pool.serve.disruptionBudget);
    assert.equal(only(manifests, 'CronJob').spec.jobTemplate.spec.suspend, true);
    assert.equal(only(manifests, 'ScaledObject').spec.scaleTargetRef.name, 'orders-serve');
    assert.equal(manifests.find((object) => object.metadata.name === 'orders-serve' && object.kind === 'Deployment')!.spec.replicas, undefined);
    matchSnapshot('construct-pool-objects.yaml', manifestsToYaml(manifests));
  });

  it('lists every problem of bad props at synth, with the construct path and the prop', () => {
    const chart = testChart();
    new WorkerPool(chart, 'bad', {
      name: 'bad',
      image: IMAGE,
      job: { schedule: '99 * * * *', completionMode: 'Indexed' },
      follow: { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      serve: { replicas: 2, disruptionBudget: { minAvailable: '200%' }, ingress: { hosts: ['10.0.0.1'] }, networkPolicy: { from: [{}] } },
    });
    assert.throws(() => Testing.synth(chart), (error: Error) => {
      for (const fragment of [
        'bad/Job', 'schedule: received "99 * * * *"', 'completionMode: received completionMode Indexed without completions',
        'bad/Follow', 'strategy.rollingUpdate.maxUnavailable: received 0 with maxSurge 0',
        'bad/Serve', 'disruptionBudget.minAvailable: received "200%"', 'ingress.hosts[0]: received "10.0.0.1"', 'networkPolicy.from[0]: received an empty peer',
      ]) assert.ok(error.message.includes(fragment), `${fragment} not in:\n${error.message}`);
      return true;
    });
  });

  it('checks a ScaledWorkerJob\'s Job fields as the WorkerJob\'s: completion mode and exit codes', () => {
    const chart = testChart();
    const autoscale = { triggers: [{ type: 'rabbitmq', metadata: { queueName: 'q', mode: 'QueueLength', value: 5 }, secretAuth: { host: 'rabbit:url' } }] };
    new ScaledWorkerJob(chart, 'Drain', { poolName: 'drain', image: IMAGE, completionMode: 'Indexed', workers: 100_001, failOnExitCodes: [0], autoscale });
    assert.throws(() => Testing.synth(chart), (error: Error) => {
      for (const fragment of ['Drain', 'completionMode: received completionMode Indexed without completions', 'workers: received 100001, expected at most 100000', 'failOnExitCodes']) {
        assert.ok(error.message.includes(fragment), `${fragment} not in:\n${error.message}`);
      }
      return true;
    });
  });

  it('refuses a schedule beside autoscale in a WorkerPool', () => {
    const chart = testChart();
    new WorkerPool(chart, 'both', { name: 'both', image: IMAGE, job: { schedule: '@daily', autoscale: { triggers: [{ type: 'rabbitmq', metadata: { queueName: 'q', mode: 'QueueLength', value: 5 }, secretAuth: { host: 'rabbit:url' } }] } } });
    assert.throws(() => Testing.synth(chart), /job\.schedule: received both schedule and autoscale/);
  });

  it('WorkerCronJob, FollowDeployment and WorkerDisruptionBudget stand alone in a chart', () => {
    const chart = testChart();
    new WorkerCronJob(chart, 'Nightly', { poolName: 'nightly', image: IMAGE, schedule: '@daily', concurrencyPolicy: 'Replace', completionMode: 'Indexed', completions: 3 });
    const follow = new FollowDeployment(chart, 'Follow', { poolName: 'nightly', image: IMAGE, replicas: 4, strategy: { type: 'Recreate' } });
    new WorkerDisruptionBudget(chart, 'Budget', { poolName: 'nightly', component: 'follow', name: follow.name, maxUnavailable: '25%' });
    const manifests = synthValid(chart);
    assert.equal(only(manifests, 'CronJob').spec.concurrencyPolicy, 'Replace');
    assert.deepEqual(only(manifests, 'PodDisruptionBudget').spec.selector.matchLabels, { 'app.kubernetes.io/component': 'follow', 'app.kubernetes.io/name': 'nightly' });
  });

  it('leaves the budget off at one replica, and on at one replica when asked', () => {
    const single = testChart();
    new ServeDeployment(single, 'Serve', { poolName: 'one', image: IMAGE });
    assert.equal(synthValid(single).filter((object) => object.kind === 'PodDisruptionBudget').length, 0);
    const forced = testChart();
    new ServeDeployment(forced, 'Serve', { poolName: 'one', image: IMAGE, disruptionBudget: true });
    assert.equal(only(synthValid(forced), 'PodDisruptionBudget').spec.maxUnavailable, 1);
  });
});

describe("the API server's cron and time-zone rules", () => {
  it('reads schedules as robfig/cron\'s standard parser does', () => {
    for (const good of ['0 3 * * *', '*/15 * * * *', '0 0 1 jan,JUL *', '0 9-17/2 * * mon-fri', '@daily', '@every 1h30m', '5 4 ? * SUN', '0 0 */2 * *']) {
      assert.equal(cronScheduleProblem(good), undefined, good);
    }
    for (const bad of ['', '* * * *', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 7', '5-1 * * * *', '*/0 * * * *', '0 0 * * funday', '@fortnightly', '@every 5', 'TZ=UTC 0 0 * * *', '1/2/3 * * * *']) {
      assert.ok(cronScheduleProblem(bad), bad);
    }
  });

  it('knows IANA time zones, spelt as the database spells them', () => {
    for (const good of ['Europe/Paris', 'UTC', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires', 'US/Eastern']) assert.equal(timeZoneProblem(good), undefined, good);
    for (const bad of ['', 'Local', 'europe/paris', 'Mars/Olympus', 'GMT+5', 'Europe/../Paris']) assert.ok(timeZoneProblem(bad), bad);
  });
});

describe('the strict oracle refuses the new kinds when the API server would', () => {
  it('catches bad PDBs, Ingresses, NetworkPolicies, CronJobs, strategies and Indexed Jobs', () => {
    const meta = { name: 'x', namespace: 'default' };
    const cases: [unknown, string][] = [
      [{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { minAvailable: 1, maxUnavailable: '10%', selector: { matchLabels: { a: 'b' } } } }, 'expected at most one'],
      [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta, spec: { rules: [{ host: '1.2.3.4', http: { paths: [{ path: 'x', pathType: 'Prefix', backend: { service: { name: 'svc', port: { name: 'http' } } } }] } }] } }, 'not an IP address'],
      [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector: {}, ingress: [{ from: [{}] }] } }, 'found an empty peer'],
      [{ apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta, spec: { schedule: '0 0 * * 8', jobTemplate: { spec: { template: { spec: { containers: [] } } } } } }, 'expected a standard cron schedule'],
      [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { selector: { matchLabels: { a: 'b' } }, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } }, 'when maxSurge is 0'],
      [{ apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: { completionMode: 'Indexed', template: { spec: { containers: [], restartPolicy: 'Never' } } } }, 'when completion mode is Indexed'],
    ];
    for (const [object, fragment] of cases) {
      const problems = validateStrict(object);
      assert.ok(problems.some((problem) => problem.includes(fragment)), `${fragment} not in ${JSON.stringify(problems)}`);
    }
  });
});

describe('kustomize keeps the new objects pointing right', { skip: KUBECTL ? false : 'kubectl is not installed: the kustomize build cannot run here' }, () => {
  it('renames the Ingress backend and TLS Secret and the CronJob pod\'s Secret under namePrefix and secretGenerator', () => {
    const root = tempDir();
    const base = path.join(root, 'base');
    const config = writeTemp('workers.yaml', [
      'pools:',
      `  - name: orders`,
      `    image: ${IMAGE}`,
      '    secretEnv: {DATABASE_URL: "orders-db:url"}',
      '    job: {schedule: "@daily"}',
      '    serve: {replicas: 2, ingress: {host: orders.example.com, tls: [{secretName: orders-tls}]}, networkPolicy: {from: [{namespace: web}]}}',
      '',
    ].join('\n'));
    assert.equal(cli('synth', '--config', config, '--out', base, '--layout', 'kustomize').code, 0);
    const overlay = path.join(root, 'prod');
    fs.mkdirSync(overlay);
    fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), [
      'apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources: [../base]', 'namePrefix: prod-',
      'secretGenerator:', '  - name: orders-db', '    literals: [url=postgres://db]', '  - name: orders-tls', '    type: kubernetes.io/tls',
      '    literals: [tls.crt=x, tls.key=y]', '',
    ].join('\n'));
    const result = spawnSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const built = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    const secret = (prefix: string) => built.find((object) => object.kind === 'Secret' && object.metadata.name.startsWith(prefix)).metadata.name;
    const ingress = named(built, 'Ingress', 'prod-orders-serve');
    assert.equal(ingress.spec.rules[0].http.paths[0].backend.service.name, 'prod-orders-serve');
    assert.equal(ingress.spec.tls[0].secretName, secret('prod-orders-tls-'));
    const cronJob = named(built, 'CronJob', 'prod-orders-worker');
    assert.equal(cronJob.spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name, secret('prod-orders-db-'));
    assert.ok(named(built, 'PodDisruptionBudget', 'prod-orders-serve'));
    assertValidManifests(built.filter((object) => object.kind !== 'Secret'));
  });
});
