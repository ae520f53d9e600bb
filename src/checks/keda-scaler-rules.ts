import { parseQuantity } from '../config/quantity';
import type { TriggerValues } from './keda-triggers';

/** A cross-field problem: where (below the trigger) and what KEDA's scaler does about it. */
export interface RuleProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

type Rule = (values: TriggerValues) => RuleProblem[];

const META = ['metadata'];
const problem = (message: string, path: (string | number)[] = META): RuleProblem => ({ path, message });
const missing = (values: TriggerValues, params: readonly string[]) => params.filter((param) => !values.hasParam(param));
const truthy = (value: string | undefined) => value !== undefined && value.toLowerCase() === 'true';
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** Connection string, else every one of the parts (postgresql refuses; mysql and mssql cannot connect). */
function connectionOrParts(connection: string, parts: readonly string[], consequence: string): Rule {
  return (values) => {
    if (values.hasParam(connection)) return [];
    const absent = missing(values, parts);
    return absent.length ? [problem(`${consequence} a trigger with neither ${connection} (auth parameter or ${connection}FromEnv) nor ${parts.join(', ')}: missing ${absent.join(', ')}`)] : [];
  };
}

const redisAddress: Rule = (values) => {
  const problems: RuleProblem[] = [];
  const hasAddress = values.hasParam('address') || values.hasParam('addresses');
  const hasHost = values.hasParam('host') || values.hasParam('hosts');
  const hasPort = values.hasParam('port') || values.hasParam('ports');
  if (!hasAddress && !(hasHost && hasPort)) problems.push(problem('refuses a trigger without address (host:port) or host and port: "no addresses or hosts given"'));
  const hosts = values.get('hosts')?.split(',');
  const ports = values.get('ports')?.split(',');
  if (hosts && ports && hosts.length !== ports.length) problems.push(problem(`refuses ${hosts.length} hosts with ${ports.length} ports: expected as many of each`));
  if (values.get('enableTLS') !== undefined && values.auth?.has('tls')) problems.push(problem('refuses enableTLS in metadata together with the auth parameter tls: expected one of them'));
  return problems;
};

const redisStreams: Rule = (values) => {
  const problems = redisAddress(values);
  const group = values.get('consumerGroup') !== undefined;
  for (const key of ['pendingEntriesCount', 'lagCount']) {
    if (!group && values.get(key) !== undefined) problems.push(problem(`ignores ${key} without consumerGroup and scales on streamLength instead: expected consumerGroup with ${key}`, ['metadata', key]));
  }
  if (group && values.get('streamLength') !== undefined) problems.push(problem('ignores streamLength when consumerGroup is set (it scales on pendingEntriesCount or lagCount): expected one or the other', ['metadata', 'streamLength']));
  return problems;
};

const RABBITMQ_MODES = ['QueueLength', 'MessageRate', 'DeliverGetRate', 'PublishedToDeliveredRatio', 'ExpectedQueueConsumptionTime'];
const RABBITMQ_PROTOCOLS = ['amqp', 'http', 'auto'];

function rabbitProtocol(values: TriggerValues): string | undefined {
  const protocol = values.get('protocol') ?? 'auto';
  if (protocol !== 'auto') return protocol;
  const scheme = /^([a-z]+):\/\//.exec(values.get('host') ?? '')?.[1];
  if (scheme === 'http' || scheme === 'https') return 'http';
  if (scheme === 'amqp' || scheme === 'amqps') return 'amqp';
  return undefined;
}

const rabbitmq: Rule = (values) => {
  const problems: RuleProblem[] = [];
  const protocol = values.get('protocol');
  if (protocol !== undefined && !RABBITMQ_PROTOCOLS.includes(protocol)) problems.push(problem(`refuses protocol ${JSON.stringify(protocol)}: expected amqp, http or auto`, ['metadata', 'protocol']));
  const mode = values.get('mode');
  const value = number(values.get('value'));
  const queueLength = number(values.get('queueLength'));
  const anySet = mode !== undefined || (value ?? 0) !== 0 || (queueLength ?? 0) !== 0;
  if (anySet) {
    if ((queueLength ?? 0) !== 0 && (mode !== undefined || (value ?? 0) !== 0)) problems.push(problem('refuses the deprecated queueLength together with mode or value: expected mode and value only', ['metadata', 'queueLength']));
    else if ((queueLength ?? 0) === 0 && mode === undefined) problems.push(problem('refuses value without mode: expected mode QueueLength or MessageRate (or DeliverGetRate, PublishedToDeliveredRatio, ExpectedQueueConsumptionTime)'));
    else if ((queueLength ?? 0) === 0 && !value) problems.push(problem(`refuses mode ${mode} without a value: expected value, e.g. 20`));
  }
  if (mode !== undefined && !RABBITMQ_MODES.includes(mode)) problems.push(problem(`refuses mode ${JSON.stringify(mode)}: expected one of ${RABBITMQ_MODES.join(', ')}`, ['metadata', 'mode']));
  const resolved = rabbitProtocol(values);
  if (resolved === 'amqp') {
    if (mode !== undefined && mode !== 'QueueLength' && RABBITMQ_MODES.includes(mode)) problems.push(problem(`supports mode ${mode} only over HTTP: expected protocol http (an http:// host)`, ['metadata', 'mode']));
    for (const key of ['useRegex', 'excludeUnacknowledged']) if (truthy(values.get(key))) problems.push(problem(`supports ${key}=true only over HTTP: expected protocol http (an http:// host)`, ['metadata', key]));
    if (values.get('timeout') !== undefined) problems.push(problem('refuses a custom timeout over AMQP: expected protocol http or no timeout', ['metadata', 'timeout']));
  }
  if (values.auth && values.auth.has('username') !== values.auth.has('password') && !values.has(['usernameFromEnv', 'passwordFromEnv'])) {
    problems.push(problem('refuses username without password or password without username: expected both', ['secretAuth']));
  }
  return problems;
};

const kafkaCommon = (values: TriggerValues): RuleProblem[] => {
  const problems: RuleProblem[] = [];
  const lag = number(values.get('lagThreshold'));
  if (lag !== undefined && !(lag > 0)) problems.push(problem('refuses a lagThreshold that is not a positive number', ['metadata', 'lagThreshold']));
  const activation = number(values.get('activationLagThreshold'));
  if (activation !== undefined && !(activation >= 0)) problems.push(problem('refuses a negative activationLagThreshold', ['metadata', 'activationLagThreshold']));
  const limited = truthy(values.get('limitToPartitionsWithLag'));
  if (limited && truthy(values.get('allowIdleConsumers'))) problems.push(problem('refuses allowIdleConsumers with limitToPartitionsWithLag: expected one of them'));
  if (limited && !values.hasParam('topic')) problems.push(problem('refuses limitToPartitionsWithLag without topic'));
  return problems;
};

function needsAuth(values: TriggerValues, params: readonly string[], why: string): RuleProblem[] {
  if (!values.auth) return [];
  const absent = params.filter((param) => !values.auth!.has(param) && values.get(`${param}FromEnv`) === undefined);
  return absent.length ? [problem(`${why}: missing auth parameter ${absent.join(', ')}`)] : [];
}

const kafka: Rule = (values) => {
  const problems = kafkaCommon(values);
  if (truthy(values.get('limitToPartitionsWithLag')) && truthy(values.get('ensureEvenDistributionOfPartitions'))) problems.push(problem('refuses limitToPartitionsWithLag with ensureEvenDistributionOfPartitions: expected one of them'));
  if (truthy(values.get('ensureEvenDistributionOfPartitions')) && !values.hasParam('topic')) problems.push(problem('refuses ensureEvenDistributionOfPartitions without topic'));
  const sasl = values.get('sasl');
  if (sasl === 'plaintext' || sasl?.startsWith('scram_')) problems.push(...needsAuth(values, ['username', 'password'], `refuses sasl ${sasl} without username and password`));
  return problems;
};

const apacheKafka: Rule = (values) => {
  const problems = kafkaCommon(values);
  const sasl = values.get('sasl');
  if (sasl === 'plaintext' || sasl?.startsWith('scram_')) problems.push(...needsAuth(values, ['username', 'password'], `refuses sasl ${sasl} without username and password`));
  if (sasl === 'aws_msk_iam') {
    if (!values.hasParam('awsRegion')) problems.push(problem('refuses sasl aws_msk_iam without awsRegion'));
    if (values.get('tls') !== 'enable') problems.push(problem('refuses sasl aws_msk_iam without tls: enable'));
  }
  return problems;
};

const awsSqsQueue: Rule = (values) => {
  const url = values.get('queueURL');
  if (url === undefined || !/^[a-z]+:\/\//.test(url)) return [];
  const parts = new URL(url).pathname.split('/');
  return parts.length !== 3 || !parts[2] ? [problem(`cannot get the queue name from queueURL ${JSON.stringify(url)}: expected https://sqs.<region>.amazonaws.com/<account>/<queue>`, ['metadata', 'queueURL'])] : [];
};

const gcpPubsub: Rule = (values) => {
  const subscription = values.hasParam('subscriptionName');
  const topic = values.hasParam('topicName');
  return subscription === topic ? [problem('refuses a trigger without exactly one of subscriptionName and topicName')] : [];
};

const azureServicebus: Rule = (values) => {
  const problems: RuleProblem[] = [];
  const [queue, topic, subscription] = ['queueName', 'topicName', 'subscriptionName'].map((key) => values.get(key) !== undefined);
  if (queue && subscription) problems.push(problem('refuses subscriptionName with queueName: a queue has no subscriptions'));
  if (queue && topic) problems.push(problem('refuses both topicName and queueName: expected one of them'));
  if (topic && !subscription) problems.push(problem('refuses topicName without subscriptionName'));
  if (!queue && !topic) problems.push(problem('refuses a trigger without queueName or topicName'));
  if (values.podIdentity === 'azure-workload') {
    if (values.get('namespace') === undefined) problems.push(problem('requires namespace with pod identity azure-workload'));
  } else if (values.podIdentity !== undefined) {
    problems.push(problem(`supports no pod identity but azure-workload, received ${values.podIdentity}`, ['podIdentity', 'provider']));
  } else if (!values.has(['connectionFromEnv'], ['connection'])) {
    problems.push(problem('refuses a trigger without connection (auth parameter or connectionFromEnv) unless podIdentity is azure-workload'));
  }
  return problems;
};

const azureQueue: Rule = (values) => {
  if (values.podIdentity === 'azure-workload') return values.get('accountName') === undefined ? [problem('requires accountName with pod identity azure-workload')] : [];
  if (values.podIdentity !== undefined) return [problem(`supports no pod identity but azure-workload, received ${values.podIdentity}`, ['podIdentity', 'provider'])];
  return values.has(['connection', 'connectionFromEnv'], ['connection']) ? [] : [problem('refuses a trigger without connection (auth parameter or connectionFromEnv) unless podIdentity is azure-workload')];
};

const natsJetstream: Rule = (values) => (values.has(['account', 'accountID'], ['account', 'accountID']) ? [] : [problem('refuses a trigger without account or accountID')]);

/** What each authMode of prometheus and metrics-api needs, from their auth Validate(). */
const AUTH_MODE_NEEDS: Readonly<Record<string, readonly string[]>> = {
  bearer: ['bearerToken'], basic: ['username'], tls: ['cert', 'key'], oauth: ['oauthTokenURI', 'clientID'],
  custom: ['customAuthHeader', 'customAuthValue'], apiKey: ['apiKey'],
};

const authModes: Rule = (values) => {
  const modes = (values.get('authModes') ?? values.get('authMode'))?.split(',').map((mode) => mode.trim()) ?? [];
  if (!values.auth) return [];
  return modes.flatMap((mode) => {
    const absent = (Object.hasOwn(AUTH_MODE_NEEDS, mode) ? AUTH_MODE_NEEDS[mode] : []).filter((param) => !values.auth!.has(param) && values.get(param) === undefined && !(param === 'bearerToken' && values.auth!.has('token')));
    return absent.length ? [problem(`refuses authModes ${mode} without ${absent.join(' and ')} (auth parameters)`)] : [];
  });
};

const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;

function cronProblem(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  return fields.length !== 5 || !fields.every((field) => CRON_FIELD.test(field));
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const cron: Rule = (values) => {
  const problems: RuleProblem[] = [];
  for (const key of ['start', 'end']) {
    const value = values.get(key);
    if (value !== undefined && cronProblem(value)) problems.push(problem(`cannot parse ${key} ${JSON.stringify(value)}: expected a 5-field cron schedule (minute hour day-of-month month day-of-week)`, ['metadata', key]));
  }
  if (values.get('start') !== undefined && values.get('start') === values.get('end')) problems.push(problem('refuses start and end with the same schedule', ['metadata', 'end']));
  const timezone = values.get('timezone');
  if (timezone !== undefined && !isTimeZone(timezone)) problems.push(problem(`cannot load timezone ${JSON.stringify(timezone)}: expected an IANA name such as Europe/Paris`, ['metadata', 'timezone']));
  const desired = values.get('desiredReplicas');
  if (desired !== undefined && !(Number.isInteger(Number(desired)) && Number(desired) > 0)) problems.push(problem(`refuses desiredReplicas ${JSON.stringify(desired)}: expected a positive integer`, ['metadata', 'desiredReplicas']));
  return problems;
};

/** Utilization takes a whole percentage, AverageValue a quantity per pod. */
const resourceTrigger: Rule = (values) => {
  const value = values.get('value');
  if (value === undefined) return [];
  if (values.trigger.metricType === 'Utilization') {
    return /^[1-9][0-9]*$/.test(value) ? [] : [problem(`cannot parse value ${JSON.stringify(value)} as a Utilization percentage: expected a positive whole number such as 70`, ['metadata', 'value'])];
  }
  const quantity = parseQuantity(value);
  return quantity !== undefined && quantity > 0 ? [] : [problem(`cannot parse value ${JSON.stringify(value)} as an AverageValue: expected a positive Kubernetes quantity such as 500m or 512Mi`, ['metadata', 'value'])];
};

const RULES: Readonly<Record<string, Rule>> = {
  'postgresql': connectionOrParts('connection', ['host', 'port', 'userName', 'dbName', 'sslmode'], 'refuses'),
  'mysql': connectionOrParts('connectionString', ['host', 'port', 'username', 'dbName'], 'cannot connect with'),
  'mssql': (values) => (values.hasParam('connectionString') || values.hasParam('host') ? [] : [problem('refuses a trigger with neither connectionString nor host')]),
  'redis': redisAddress,
  'redis-streams': redisStreams,
  'rabbitmq': rabbitmq,
  'kafka': kafka,
  'apache-kafka': apacheKafka,
  'aws-sqs-queue': awsSqsQueue,
  'gcp-pubsub': gcpPubsub,
  'azure-servicebus': azureServicebus,
  'azure-queue': azureQueue,
  'nats-jetstream': natsJetstream,
  'prometheus': authModes,
  'metrics-api': authModes,
  'cron': cron,
  'cpu': resourceTrigger,
  'memory': resourceTrigger,
};

/** The cross-field problems KEDA's scaler of this type finds (or silently runs wrong with). */
export function scalerRules(type: string, values: TriggerValues): RuleProblem[] {
  return RULES[type]?.(values) ?? [];
}
