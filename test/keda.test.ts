import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { Testing } from 'cdk8s';
import { ScaledWorkerJob, WorkerPool } from '../src';
import { kedaObjectNames, KEDA_VERSION } from '../src/checks/keda';
import { FLEET_SCHEMA } from '../src/config/schema';
import { cli, expectInputError, REPO } from './support/cli';
import { writeTemp } from './support/files';
import { manifestsToYaml, only, synthValid } from './support/render';
import { assertValidManifests } from './support/strict-schema';
import { matchSnapshot } from './support/snapshot';

const KEDA_FLEET = path.join(REPO, 'test', 'fixtures', 'fleets', 'keda.yaml');
const SHARED_TABLE = path.join(REPO, '..', 'shared', 'reference', `keda-scalers-v${KEDA_VERSION}.json`);

/** Synthesizes a one-pool fleet whose follow Deployment autoscales with these YAML lines. */
function follow(autoscale: string, pod = '    resources: {cpu: 500m, memory: 1Gi}\n', name = 'sims'): ReturnType<typeof cli> {
  const config = `pools:\n  - name: ${name}\n    image: ghcr.io/example/sims:1.0.0\n${pod}    follow:\n      autoscale:\n${autoscale.replace(/^(?=.)/gm, '  ')}`;
  return cli('synth', '--config', writeTemp('workers.yaml', config), '--stdout');
}

const PG = '        - type: postgresql\n          metadata: {query: "SELECT 1", targetQueryValue: 5}\n          secretAuth: {connection: db:url}\n';
const RABBIT = '        - type: rabbitmq\n          metadata: {queueName: q, mode: QueueLength, value: 5}\n          secretAuth: {host: rabbit:url}\n';
const CPU = '        - type: cpu\n          metricType: Utilization\n          metadata: {value: 70}\n';

function objects(result: ReturnType<typeof cli>): any[] {
  assert.equal(result.code, 0, result.stderr);
  const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
  assertValidManifests(manifests);
  return manifests;
}

describe(`KEDA ${KEDA_VERSION} rules`, () => {
  it('1: refuses a pool name that makes the ScaledObject or keda-hpa-<name> longer than 63', () => {
    const pool = 'a'.repeat(47);
    expectInputError(follow(`      triggers:\n${PG}`, undefined, pool), 'pools[0].follow.autoscale', "KEDA's admission webhook refuses the HPA name", `keda-hpa-${pool}-follow-scaler`, 'at most 63');
    expectInputError(follow(`      triggers:\n${PG}`, undefined, 'a'.repeat(57)), "KEDA's admission webhook refuses the ScaledObject name");
    assert.equal(follow(`      hpaName: short-hpa\n      triggers:\n${PG}`, undefined, 'a'.repeat(40)).code, 0);
    assert.equal(follow(`      triggers:\n${PG}`, undefined, 'a'.repeat(40)).code, 0);
  });

  it('2: refuses only cpu/memory triggers with minReplicas 0, and a cpu trigger on a container without a cpu request or limit', () => {
    expectInputError(follow(`      triggers:\n${CPU}`), 'autoscale.minReplicas', "KEDA's admission webhook refuses a ScaledObject with only cpu/memory triggers and minReplicaCount 0");
    expectInputError(follow(`      minReplicas: 1\n      triggers:\n${CPU}`, ''), 'autoscale.triggers[0]', "KEDA's admission webhook refuses a cpu trigger on a container without a cpu request or limit");
    expectInputError(follow('      minReplicas: 1\n      triggers:\n        - {type: memory, metricType: AverageValue, metadata: {value: 1Gi}}\n', '    resources: {cpu: 1}\n'), 'without a memory request or limit');
    assert.equal(follow(`      minReplicas: 1\n      triggers:\n${CPU}`, '    resources: {limits: {cpu: 2}}\n').code, 0);
    assert.equal(follow(`      triggers:\n${CPU}${PG}`).code, 0);
  });

  it('3: refuses useCachedMetrics on cpu, memory and cron triggers', () => {
    expectInputError(follow(`      minReplicas: 1\n      triggers:\n${CPU}          useCachedMetrics: true\n`), 'triggers[0].useCachedMetrics', "KEDA's admission webhook refuses useCachedMetrics on a cpu trigger");
    const cron = '        - type: cron\n          useCachedMetrics: true\n          metadata: {timezone: Europe/Paris, start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: 3}\n';
    expectInputError(follow(`      triggers:\n${cron}`), "KEDA's admission webhook refuses useCachedMetrics on a cron trigger");
    assert.equal(follow(`      triggers:\n${PG}          useCachedMetrics: true\n`).code, 0);
  });

  it('4: refuses metricType Utilization on a queue scaler, and cpu/memory without a metricType', () => {
    expectInputError(follow(`      triggers:\n${PG}          metricType: Utilization\n`), 'triggers[0].metricType', 'KEDA refuses it when it builds the postgresql scaler', 'expected AverageValue or Value');
    expectInputError(follow('      minReplicas: 1\n      triggers:\n        - {type: cpu, metadata: {value: 70}}\n'), 'triggers[0].metricType', 'KEDA refuses a cpu trigger without metricType', 'Utilization or AverageValue');
  });

  it('5: refuses misspelt metadata keys and auth parameters with a suggestion', () => {
    expectInputError(follow('      triggers:\n        - type: postgresql\n          metadata: {query: "SELECT 1", targetQueryValu: 5}\n          secretAuth: {conection: db:url}\n'),
      'triggers[0].metadata.targetQueryValu', `KEDA ${KEDA_VERSION}'s postgresql scaler has no metadata key "targetQueryValu" (did you mean "targetQueryValue"?)`,
      'triggers[0].secretAuth.conection', 'has no auth parameter "conection" (did you mean "connection"?)');
expectInputError(follow('      triggers:\n        - {type: rabbitmq, metadata: {queueName: q, mode: QueueLength, value: 5, vHostName: jobs}, secretAuth: {host: "rabbit:url"}}\n'),
      'metadata.vHostName', '(did you mean "vhostName"?)');
  });

  it('6: refuses a postgresql trigger with neither connection nor host, port, userName, dbName and sslmode', () => {
    expectInputError(follow('      triggers:\n        - type: postgresql\n          metadata: {query: "SELECT 1", targetQueryValue: 5, host: db, port: 5432}\n'),
      "KEDA 2.20.2's postgresql scaler refuses a trigger with neither connection", 'missing userName, dbName, sslmode');
    assert.equal(follow('      triggers:\n        - type: postgresql\n          metadata: {query: "SELECT 1", targetQueryValue: 5, host: db, port: 5432, userName: u, dbName: d, sslmode: require}\n          secretAuth: {password: db:pw}\n').code, 0);
  });

  it('7: accepts fallback with a cpu trigger beside a rabbitmq trigger (KEDA >= 2.18), refuses it with cpu/memory only', () => {
    const scaled = only(objects(follow(`      fallback: {failureThreshold: 3, replicas: 2}\n      triggers:\n${CPU}${RABBIT}`)), 'ScaledObject');
    assert.deepEqual(scaled.spec.fallback, { failureThreshold: 3, replicas: 2 });
    expectInputError(follow(`      minReplicas: 1\n      fallback: {failureThreshold: 3, replicas: 2}\n      triggers:\n${CPU}`), 'autoscale.fallback', "KEDA's admission webhook refuses fallback when every trigger is cpu or memory");
  });

  it('8: leaves pollingInterval and cooldownPeriod to KEDA unless they are set', () => {
    const scaled = only(objects(follow(`      minReplicas: 1\n      triggers:\n${PG}`)), 'ScaledObject');
    assert.equal('pollingInterval' in scaled.spec, false);
    assert.equal('cooldownPeriod' in scaled.spec, false);
    const set = only(objects(follow(`      pollingInterval: 10\n      cooldownPeriod: 60\n      triggers:\n${PG}`)), 'ScaledObject');
    assert.equal(set.spec.pollingInterval, 10);
    assert.equal(set.spec.cooldownPeriod, 60);
  });

  it(`9: offers exactly KEDA ${KEDA_VERSION}'s trigger types`, () => {
    const types: string[] = (FLEET_SCHEMA as any).definitions.trigger.properties.type.enum;
    assert.deepEqual((FLEET_SCHEMA as any).definitions.autoscale.properties.triggers.items, { $ref: '#/definitions/trigger' });
    assert.equal(types.length, 76);
    assert.equal(types.includes('stan'), false);
    for (const added of ['elastic-forecast', 'forgejo-runner', 'kubernetes-resource', 'nsq', 'opensearch', 'solace-direct-messaging', 'solarwinds', 'splunk-observability', 'sumologic']) {
      assert.ok(types.includes(added), added);
    }
    expectInputError(follow('      triggers:\n        - {type: stan, metadata: {}}\n'), 'triggers[0].type');
  });

  it('refuses min above max, idle not below min, and two triggers with one name', () => {
    expectInputError(follow(`      minReplicas: 5\n      maxReplicas: 2\n      triggers:\n${PG}`), 'autoscale.minReplicas', "KEDA's admission webhook refuses minReplicaCount above maxReplicaCount");
    expectInputError(follow(`      minReplicas: 1\n      idleReplicaCount: 1\n      triggers:\n${PG}`), 'autoscale.idleReplicaCount', "KEDA's admission webhook refuses an idleReplicaCount that is not below minReplicaCount");
    expectInputError(follow(`      triggers:\n${PG}          name: q\n${RABBIT}          name: q\n`), 'triggers[1].name', "KEDA's admission webhook refuses two triggers named \"q\"");
  });

  it('refuses a …FromEnv key or envAuth naming a variable the container lacks, unless envFrom makes it unknowable', () => {
    const fromEnv = '      triggers:\n        - type: postgresql\n          metadata: {query: "SELECT 1", targetQueryValue: 5, connectionFromEnv: DB_URL}\n';
    expectInputError(follow(fromEnv), 'metadata.connectionFromEnv', 'received "DB_URL", but KEDA reads connectionFromEnv from an env var of the target container "worker"');
    assert.equal(follow(fromEnv, '    secretEnv: {DB_URL: "db:url"}\n').code, 0);
    assert.equal(follow(fromEnv, '    envFromSecrets: [db]\n').code, 0);
    expectInputError(follow(`      triggers:\n${RABBIT}          envAuth: {password: RABBIT_PASSWORD}\n`), 'envAuth.password', 'KEDA reads env auth parameters from the target container');
  });

  it('takes metadata keys and auth modes named like members of every JavaScript object as the words they are', () => {
    expectInputError(follow('      triggers:\n        - {type: postgresql, metadata: {query: "SELECT 1", targetQueryValue: 5, constructor: x, toString: y}, secretAuth: {connection: "db:url"}}\n'),
      `metadata.constructor: KEDA ${KEDA_VERSION}'s postgresql scaler has no metadata key "constructor"`, `metadata.toString: KEDA ${KEDA_VERSION}'s postgresql scaler has no metadata key "toString"`);
    expectInputError(follow('      triggers:\n        - {type: prometheus, metadata: {serverAddress: "http://p:9090", query: up, threshold: 1, authModes: "constructor,bearer"}, secretAuth: {bearerToken: "p:t"}}\n'),
      'metadata.authModes: received "constructor", but KEDA');
  });

  it('refuses values outside an enum, keys KEDA refuses, and the cross-field rules of queue scalers', () => {
    expectInputError(follow('      triggers:\n        - {type: azure-queue, metadata: {queueName: q, queueLengthStrategy: visible}, secretAuth: {connection: "az:conn"}}\n'), 'metadata.queueLengthStrategy', 'accepts queueLengthStrategy only as one of all, visibleonly');
    expectInputError(follow('      triggers:\n        - {type: gcp-pubsub, metadata: {subscriptionName: s, subscriptionSize: 5}, podIdentity: {provider: gcp}}\n'), 'metadata.subscriptionSize', `KEDA ${KEDA_VERSION} refuses metadata key "subscriptionSize"`);
    expectInputError(follow('      triggers:\n        - {type: gcp-pubsub, metadata: {subscriptionName: s, topicName: t}, podIdentity: {provider: gcp}}\n'), 'exactly one of subscriptionName and topicName');
    expectInputError(follow('      triggers:\n        - {type: rabbitmq, metadata: {queueName: q, mode: MessageRate, value: 5, host: "amqp://rabbit:5672"}}\n'), 'supports mode MessageRate only over HTTP');
    expectInputError(follow('      triggers:\n        - {type: redis-streams, metadata: {stream: s, lagCount: 5, address: "redis:6379"}}\n'), 'metadata.lagCount', 'ignores lagCount without consumerGroup');
    expectInputError(follow('      triggers:\n        - {type: kafka, metadata: {bootstrapServers: "k:9092", consumerGroup: g, limitToPartitionsWithLag: true}}\n'), 'refuses limitToPartitionsWithLag without topic');
    expectInputError(follow('      triggers:\n        - {type: azure-servicebus, metadata: {topicName: t}, secretAuth: {connection: "sb:conn"}}\n'), 'refuses topicName without subscriptionName');
    expectInputError(follow('      triggers:\n        - {type: cron, metadata: {timezone: Mars/Olympus, start: "0 8 * * *", end: "0 8 * * *", desiredReplicas: 2}}\n'), 'cannot load timezone', 'refuses start and end with the same schedule');
    expectInputError(follow('      triggers:\n        - {type: prometheus, metadata: {serverAddress: "http://p:9090", query: up, threshold: 1, authModes: bearer}, secretAuth: {username: "p:u"}}\n'), 'refuses authModes bearer without bearerToken');
    expectInputError(follow('      triggers:\n        - {type: nats-jetstream, metadata: {natsServerMonitoringEndpoint: "nats:8222", stream: s, consumer: c}}\n'), 'refuses a trigger without account or accountID');
    expectInputError(follow('      triggers:\n        - {type: aws-sqs-queue, metadata: {queueURL: "https://sqs.eu-west-1.amazonaws.com/uploads", awsRegion: eu-west-1}, podIdentity: {provider: aws}}\n'), 'cannot get the queue name from queueURL');
  });

  it('refuses a credential written into trigger metadata without printing it', () => {
    const result = follow('      triggers:\n        - {type: redis, metadata: {listName: q, address: "redis:6379", password: hunter2-hunter2}}\n');
    expectInputError(result, 'metadata.password', 'looks like a credential', 'secretAuth');
    assert.equal(result.stderr.includes('hunter2'), false);
    expectInputError(follow('      triggers:\n        - {type: rabbitmq, metadata: {queueName: q, mode: QueueLength, value: 5, host: "amqp://guest:s3cret@rabbit:5672"}}\n'), 'metadata.host', 'looks like a credential');
  });

  it('refuses a follow Deployment whose grace period is shorter than its declared task time', () => {
    const config = 'pools:\n  - name: sims\n    image: ghcr.io/example/sims:1.0.0\n    follow:\n      maxTaskSeconds: 1800\n';
    expectInputError(cli('synth', '--config', writeTemp('workers.yaml', config), '--stdout'), 'pools[0].follow.terminationGraceSeconds', 'the follow pods get 600 s between SIGTERM and SIGKILL, shorter than maxTaskSeconds (1800 s)');
    assert.equal(cli('synth', '--config', writeTemp('workers.yaml', `${config}      terminationGraceSeconds: 1800\n`), '--stdout').code, 0);
  });

  it('runs the same checks when a pool is built in code', () => {
    const chart = Testing.chart();
    new WorkerPool(chart, 'Pool', {
      name: 'sims', image: 'ghcr.io/example/sims:1.0.0',
      follow: { autoscale: { triggers: [{ type: 'postgresql', metadata: { query: 'SELECT 1', targetQueryValu: 5 }, secretAuth: { connection: 'db:url' } }] } },
    });
    assert.throws(() => Testing.synth(chart), /did you mean "targetQueryValue"/);
    const jobs = Testing.chart();
    new ScaledWorkerJob(jobs, 'Job', { poolName: 'sims', image: 'i', autoscale: { triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: 50 } }] } });
    assert.throws(() => Testing.synth(jobs), /KEDA does not scale a ScaledJob on cpu/);
    const drain = Testing.chart();
    new WorkerPool(drain, 'Pool', { name: 'sims', image: 'i', follow: { maxTaskSeconds: 900, terminationGraceSeconds: 60 } });
    assert.throws(() => Testing.synth(drain), /follow\.terminationGraceSeconds: the follow pods get 60 s/);
  });

  it('names each TriggerAuthentication unambiguously and lists every KEDA object a pool renders', () => {
    const trigger = (name: string) => ({ type: 'redis', name, metadata: { listName: 'q', address: 'redis:6379' }, secretAuth: { password: 'redis:pw' } });
    const first = kedaObjectNames({ name: 'a', follow: { name: 'a', autoscale: { triggers: [trigger('b-c')] } } });
    const second = kedaObjectNames({ name: 'a-b', follow: { name: 'a-b', autoscale: { triggers: [trigger('c')] } } });
    assert.notEqual(first[1].name, second[1].name);
    assert.deepEqual(kedaObjectNames({ name: 'p', job: { autoscale: { triggers: [trigger('q')] } }, follow: { autoscale: { triggers: [{ ...trigger('q'), secretAuth: undefined, authenticationRef: { name: 'shared' } }] } } }).map(({ kind, name }) => `${kind}/${name}`),
      ['ScaledObject/p-follow-scaler', 'ScaledJob/p-worker', 'TriggerAuthentication/p-worker.q']);
  });
});

describe('ScaledJob and the authentication forms', () => {
  it('renders a ScaledJob in place of the Job, and every authentication form, strict-valid', () => {
    const manifests = objects(cli('synth', '--config', KEDA_FLEET, '--stdout'));
    assert.equal(manifests.some((m) => m.kind === 'Job'), false);
    const scaledJob = only(manifests, 'ScaledJob');
    assert.equal(scaledJob.metadata.name, 'thumbs-worker');
    assert.deepEqual(scaledJob.spec.rollout, { strategy: 'gradual' });
    assert.equal(scaledJob.spec.jobTargetRef.backoffLimit, 2);
    assert.equal(scaledJob.spec.jobTargetRef.template.spec.restartPolicy, 'Never');
    assert.equal(scaledJob.spec.jobTargetRef.podFailurePolicy.rules[1].action, 'FailJob');
    assert.deepEqual(scaledJob.spec.triggers[0].authenticationRef, { name: 'thumbs-worker.rabbitmq' });
    const auths = Object.fromEntries(manifests.filter((m) => m.kind === 'TriggerAuthentication').map((m) => [m.metadata.name, m.spec]));
    assert.deepEqual(auths['thumbs-follow.urgent'], {
      configMapTargetRef: [{ parameter: 'address', name: 'redis-settings', key: 'address' }],
      env: [{ parameter: 'password', name: 'REDIS_PASSWORD', containerName: 'worker' }],
    });
    assert.deepEqual(auths['thumbs-follow.uploads'], { podIdentity: { provider: 'aws', roleArn: 'arn:aws:iam::123456789012:role/keda-sqs' } });
    assert.equal(auths['thumbs-follow.latency'], undefined);
    const scaled = manifests.find((m) => m.kind === 'ScaledObject' && m.metadata.name === 'thumbs-follow-scaler');
    assert.deepEqual(scaled.spec.triggers[4].authenticationRef, { name: 'prometheus-auth', kind: 'ClusterTriggerAuthentication' });
    assert.equal(scaled.spec.advanced.horizontalPodAutoscalerConfig.name, 'thumbs-hpa');
    assert.equal(scaled.spec.advanced.restoreToOriginalReplicaCount, true);
    assert.equal(scaled.spec.initialCooldownPeriod, 60);
    const paused = manifests.find((m) => m.kind === 'ScaledObject' && m.metadata.name === 'events-follow-scaler');
    assert.equal(paused.metadata.annotations['autoscaling.keda.sh/paused'], 'true');
    matchSnapshot('keda-fleet.yaml', manifestsToYaml(manifests));
  });

  it('builds a ScaledJob from the WorkerPool construct', () => {
    const chart = Testing.chart();
    new WorkerPool(chart, 'Pool', {
      name: 'render', image: 'ghcr.io/example/render:3.0.0',
      job: { workers: 2, autoscale: { maxReplicas: 8, rolloutStrategy: 'immediate', rolloutPropagationPolicy: 'foreground', triggers: [{ type: 'aws-sqs-queue', metadata: { queueURL: 'https://sqs.us-east-1.amazonaws.com/1/render', awsRegion: 'us-east-1' }, podIdentity: { provider: 'aws', identityOwner: 'workload' } }] } },
    });
    const manifests = synthValid(chart);
    const scaledJob = only(manifests, 'ScaledJob');
    assert.deepEqual(scaledJob.spec.rollout, { strategy: 'immediate', propagationPolicy: 'foreground' });
    assert.equal(scaledJob.spec.jobTargetRef.parallelism, 2);
    assert.deepEqual(only(manifests, 'TriggerAuthentication').spec, { podIdentity: { provider: 'aws', identityOwner: 'workload' } });
  });
});

describe('the generated scaler table', () => {
  it(`is up to date with ../shared/reference/keda-scalers-v${KEDA_VERSION}.json`, { skip: fs.existsSync(SHARED_TABLE) ? false : `${SHARED_TABLE} is not here: the committed table is used as is` }, () => {
    const result = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'generate-keda-scalers.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });
});
