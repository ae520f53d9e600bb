import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Testing } from 'cdk8s';
import { QueueTriggerProps, WorkerPool } from '../src';
import { checkPoolKeda } from '../src/checks/keda';
import { KEDA_SCALER_TYPES, KEDA_VERSION, ScalerSpec, scalerSpec } from '../src/checks/keda-scalers';
import { isCredentialName } from '../src/checks/credentials';
import { closest, editDistance } from '../src/config/suggest';
import { only, synthValid } from './support/render';

/** Values the cross-field rules need beyond the required parameters, for the scalers that have such rules. */
const EXTRA: Readonly<Record<string, Partial<QueueTriggerProps>>> = {
  'postgresql': { secretAuth: { connection: 'db:url' } },
  'mysql': { secretAuth: { connectionString: 'db:dsn' } },
  'mssql': { secretAuth: { connectionString: 'db:dsn' } },
  'redis': { metadata: { address: 'redis:6379' } },
  'redis-streams': { metadata: { address: 'redis:6379' } },
  'rabbitmq': { metadata: { mode: 'QueueLength', value: 5 } },
  'gcp-pubsub': { metadata: { subscriptionName: 'jobs' }, podIdentity: { provider: 'gcp' } },
  'azure-servicebus': { metadata: { queueName: 'jobs' }, secretAuth: { connection: 'bus:connection' } },
  'azure-queue': { secretAuth: { connection: 'storage:connection' } },
  'nats-jetstream': { metadata: { account: '$G' } },
  'aws-sqs-queue': { metadata: { queueURL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs' } },
  'cron': { metadata: { start: '0 8 * * *', end: '0 18 * * *', timezone: 'Europe/Paris', desiredReplicas: 2 } },
  'cpu': { metricType: 'Utilization' },
  'memory': { metricType: 'AverageValue', metadata: { value: '512Mi' } },
};

/** The smallest trigger KEDA accepts: each required parameter from its first metadata key, else (and for credentials) a Secret. */
function minimalTrigger(type: string, spec: ScalerSpec): QueueTriggerProps {
  const metadata: Record<string, string | number> = {};
  const secretAuth: Record<string, string> = {};
  for (const required of spec.required) {
    const key = required.metadata.find((candidate) => spec.fromEnv[candidate] === undefined && !(isCredentialName(candidate) && required.auth.length));
    if (key !== undefined) metadata[key] = spec.enums[required.param]?.values[0] ?? '1';
    else secretAuth[required.auth[0]] = `${type}-auth:${required.auth[0]}`;
  }
  const extra = EXTRA[type] ?? {};
  return {
    ...extra,
    type,
    metadata: { ...metadata, ...extra.metadata },
    secretAuth: Object.keys(secretAuth).length || extra.secretAuth ? { ...secretAuth, ...extra.secretAuth } : undefined,
  };
}

/** A metadata key with its last letter dropped that no other key is as close to. */
function misspelling(spec: ScalerSpec): { key: string; typo: string } | undefined {
  const keys = [...spec.metadata].sort((a, b) => b.length - a.length);
  for (const key of keys.filter((candidate) => candidate.length >= 5)) {
    const typo = key.slice(0, -1);
    if (spec.metadata.includes(typo) || spec.auth.includes(typo)) continue;
    if (keys.every((other) => other === key || editDistance(typo.toLowerCase(), other.toLowerCase()) > 1) && closest(typo, spec.metadata) === key) return { key, typo };
  }
  return undefined;
}

function problemsOf(trigger: QueueTriggerProps): string[] {
  const problems: string[] = [];
  const pod = { image: 'ghcr.io/example/worker:1.0.0', resources: { cpu: '500m', memory: '1Gi' } };
  checkPoolKeda({ name: 'pool', ...pod, follow: { autoscale: { minReplicas: 1, triggers: [trigger] } } }, undefined, [], (path, message) => problems.push(`${path.join('.')}: ${message}`));
  return problems;
}

describe(`every KEDA ${KEDA_VERSION} scaler`, () => {
  it('covers the whole table', () => assert.equal(KEDA_SCALER_TYPES.length, 76));

  for (const type of KEDA_SCALER_TYPES) {
    const spec = scalerSpec(type)!;
    describe(type, () => {
      const trigger = minimalTrigger(type, spec);

      it('accepts a minimal trigger and renders it strict-valid', () => {
        assert.deepEqual(problemsOf(trigger), []);
        const chart = Testing.chart();
        new WorkerPool(chart, 'Pool', {
          name: 'pool', image: 'ghcr.io/example/worker:1.0.0', resources: { cpu: '500m', memory: '1Gi' },
          follow: { autoscale: { minReplicas: 1, triggers: [trigger] } },
        });
        const scaled = only(synthValid(chart), 'ScaledObject');
        assert.equal(scaled.spec.triggers[0].type, type);
      });

      const typo = misspelling(spec);
      it('refuses a misspelt metadata key with the right suggestion', { skip: spec.openMetadata ? 'KEDA passes unknown keys on to this scaler' : typo ? false : 'no key long enough to misspell unambiguously' }, () => {
        const problems = problemsOf({ ...trigger, metadata: { ...trigger.metadata, [typo!.typo]: '1' } });
        assert.equal(problems.length, 1, problems.join('\n'));
        assert.match(problems[0], new RegExp(`triggers\\.0\\.metadata\\.${typo!.typo}: .*has no metadata key "${typo!.typo}" \\(did you mean "${typo!.key}"\\?\\)`));
      });
    });
  }
});
