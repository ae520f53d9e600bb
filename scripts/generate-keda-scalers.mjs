// Writes src/checks/keda-scalers.json, the scaler table the KEDA trigger checks read, from the table of
// every scaler's parameters extracted from KEDA's source (../shared/reference/keda-scalers-v<version>.json).
// `--check` compares instead of writing: exit 1 when the committed file is stale, 3 when the source is absent.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const KEDA_VERSION = '2.20.2';
const SOURCE = fileURLToPath(new URL(`../../shared/reference/keda-scalers-v${KEDA_VERSION}.json`, import.meta.url));
const TARGET = fileURLToPath(new URL('../src/checks/keda-scalers.json', import.meta.url));

const sorted = (values) => [...new Set(values)].sort();
const sortedObject = (entries) => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const keysWithStatus = (keys, test) => Object.entries(keys).filter(([, entry]) => test(entry.status));

/** A parameter the parse function requires unless the scaler serves as a metric source, which a trigger never is. */
const requiredByEveryScaledObject = (entry) => /AsMetricSource/.test(entry.note ?? '') && !/PodIdentity|cloud/.test(entry.note);

/** One scaler, reduced to what the checks need. */
function compactScaler(scaler) {
  const metadata = scaler.keys.metadata;
  const params = new Map(scaler.parameters.map((parameter) => [parameter.name, parameter]));
  const messageOf = (param) => params.get(param)?.deprecated ?? `KEDA ${KEDA_VERSION} refuses it`;
  const compact = {
    metadata: sorted(keysWithStatus(metadata, (status) => status !== 'deprecated-error').map(([key]) => key)),
    fromEnv: sortedObject(Object.entries(metadata).filter(([, entry]) => entry.valueIsEnvVarName).map(([key, entry]) => [key, entry.param])),
    auth: sorted(Object.keys(scaler.keys.authParams)),
    required: [...scaler.requiredParams, ...scaler.conditionallyRequired.filter(requiredByEveryScaledObject)].map((required) => ({
      param: required.param,
      metadata: sorted(required.anyOf.metadata),
      auth: sorted(required.anyOf.authParams),
    })),
    enums: sortedObject(scaler.parameters.filter((parameter) => parameter.enum).map((parameter) => [parameter.name, {
      values: parameter.enum,
      ...(parameter.separator ? { separator: parameter.separator } : {}),
      ...(parameter.exclusiveSet ? { exclusive: parameter.exclusiveSet } : {}),
      metadata: sorted(parameter.metadataKeys),
      auth: sorted(parameter.authParams),
    }])),
    defaults: sortedObject(scaler.parameters.filter((parameter) => parameter.default !== undefined).map((parameter) => [parameter.name, parameter.default])),
    errorKeys: sortedObject(keysWithStatus(metadata, (status) => status === 'deprecated-error').map(([key, entry]) => [key, messageOf(entry.param)])),
    announcedKeys: sorted(keysWithStatus(metadata, (status) => status === 'deprecated-announce').map(([key]) => key)),
    ...(scaler.metricType.ignored ? { metricTypeIgnored: true } : { metricTypes: scaler.metricType.allowed }),
    ...(scaler.metricType.required ? { metricTypeRequired: true } : {}),
    ...(scaler.keySetComplete ? {} : { openMetadata: true }),
  };
  return compact;
}

/** The generated file's text: one scaler a line, so that a KEDA upgrade reads as a short diff. */
export function generate(table) {
  const version = table.kedaVersion.replace(/^v/, '');
  const scalers = Object.keys(table.scalers).sort().map((name) => `    ${JSON.stringify(name)}: ${JSON.stringify(compactScaler(table.scalers[name]))}`);
  return [
    '{',
    `  "kedaVersion": ${JSON.stringify(version)},`,
    `  "kedaCommit": ${JSON.stringify(table.kedaCommit)},`,
    `  "generatedBy": "scripts/generate-keda-scalers.mjs from keda-scalers-v${version}.json",`,
    '  "scalers": {',
    scalers.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

function main(check) {
  if (!existsSync(SOURCE)) {
    process.stderr.write(`${SOURCE} is not here: cannot generate the KEDA scaler table\n`);
    process.exit(3);
  }
  const text = generate(JSON.parse(readFileSync(SOURCE, 'utf8')));
  if (check) {
    const current = existsSync(TARGET) ? readFileSync(TARGET, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${TARGET} is stale: run node scripts/generate-keda-scalers.mjs\n`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(`${TARGET}.tmp`, text);
  renameSync(`${TARGET}.tmp`, TARGET);
}

main(process.argv.includes('--check'));
