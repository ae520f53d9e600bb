import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import {
  checkRestrictedPodSecurity,
  podContainers,
  podTemplatePath,
  ContainerLocation,
} from '../../src/security/restricted';

interface Problem {
  readonly path: string;
  readonly message: string;
}

type Schema = Record<string, any>;

const SCHEMA_DIR = join(__dirname, '..', 'fixtures', 'schemas');
const DEFINITIONS_FILE = 'k8s-v1.28.0-definitions.json';
const K8S_ID = 'https://cdk8s-workers.local/schemas/k8s-v1.28.0.json';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const ROOT_PATH = '<root>';

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SERVICE_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const MAX_ANNOTATIONS_BYTES = 256 * 1024;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** Millis of a quantity must fit an int64: Quantity.MilliValue is what the scheduler and kubelet sum. */
const MAX_QUANTITY_UNITS = (2 ** 63 - 1) / 1000;
const BYTE_RESOURCES = new Set(['memory', 'ephemeral-storage']);
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const RUNTIME_MOUNT_ROOTS = ['/proc', '/sys', '/dev'];
// eslint-disable-next-line no-control-regex
const IMAGE_FORBIDDEN = /[\s\u0000-\u001f\u007f-\u009f]/u;

const QUANTITY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

const NUMERIC_FORMATS: Readonly<Record<string, (value: number) => boolean>> = {
  int32: (value) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31,
  int64: (value) => Number.isInteger(value),
  double: (value) => Number.isFinite(value),
  float: (value) => Number.isFinite(value),
};

const STRING_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'byte': (value) => BASE64.test(value),
  'date-time': (value) => DATE_TIME.test(value),
  'quantity': (value) => QUANTITY.test(value),
};

const KNOWN_FORMATS = new Set([...Object.keys(NUMERIC_FORMATS), ...Object.keys(STRING_FORMATS)]);

const FORMAT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'int32': 'a 32-bit integer',
  'int64': 'a 64-bit integer',
  'byte': 'base64-encoded data',
  'date-time': 'an rfc 3339 date-time',
  'quantity': 'a kubernetes quantity such as "500m", "2", "128Mi" or "1G"',
};

const LIMIT_UNITS: Readonly<Record<string, string>> = {
  minItems: 'item(s)', maxItems: 'item(s)',
  minProperties: 'field(s)', maxProperties: 'field(s)',
  minLength: 'character(s)', maxLength: 'character(s)',
};

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

const REPLACED_DEFINITIONS: Readonly<Record<string, Schema>> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['string', 'integer'] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], format: 'quantity' },
};

const RESTART_POLICIES: Readonly<Record<string, readonly string[]>> = {
  Pod: ['Always', 'OnFailure', 'Never'],
  Job: ['OnFailure', 'Never'],
  CronJob: ['OnFailure', 'Never'],
  ScaledJob: ['OnFailure', 'Never'],
};
const WORKLOAD_RESTART_POLICIES = ['Always'];
const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const NESTED_METADATA: readonly (readonly string[])[] = [
  ['spec', 'template', 'metadata'],
  ['spec', 'jobTemplate', 'metadata'],
  ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  ['spec', 'jobTargetRef', 'template', 'metadata'],
];

export function validateStrict(manifest: unknown): string[] {
  const label = objectLabel(manifest);
  return problemsOf(manifest).map((problem) => `${label}: ${problem.path}: ${problem.message}`);
}

export function assertValidManifests(manifests: unknown[]): void {
  const problems = [...duplicateObjectProblems(manifests), ...manifests.flatMap((manifest) => [
    ...validateStrict(manifest),
    ...checkRestrictedPodSecurity(manifest).map((violation) =>
      `${objectLabel(manifest)}: ${violation.path}: ${violation.message} (restricted pod security: ${violation.check})`),
  ])];
  if (problems.length > 0) {
    throw new Error(`found ${problems.length} problem(s) in ${manifests.length} manifest(s), expected none:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(value);
  if (!match) {
    return undefined;
  }
  const [, mantissa, , suffix = ''] = match;
  const sign = value.startsWith('-') ? -1 : 1;
  const scale = suffix in QUANTITY_SUFFIXES ? QUANTITY_SUFFIXES[suffix] : 10 ** Number(suffix.slice(1));
  return sign * Number(mantissa) * scale;
}

function problemsOf(manifest: unknown): Problem[] {
  if (!isObject(manifest)) {
    return [{ path: ROOT_PATH, message: `expected an object, received ${typeName(manifest)}` }];
  }
  const validate = schemaRegistry().validatorFor(manifest.apiVersion, manifest.kind);
  if (!validate) {
    return [unknownKindProblem(manifest)];
  }
  const schemaProblems = validate(manifest) ? [] : uniqueProblems((validate.errors ?? []).flatMap(describeError));
  const flagged = new Set(schemaProblems.map((problem) => problem.path));
  const apiProblems = apiServerProblems(manifest).filter((problem) => !flagged.has(problem.path));
  return [...schemaProblems, ...apiProblems];
}

function unknownKindProblem(manifest: Record<string, any>): Problem {
  const found = `apiVersion ${JSON.stringify(manifest.apiVersion)} kind ${JSON.stringify(manifest.kind)}`;
  return {
    path: 'kind',
    message: `found ${found}, expected a kind known to the kubernetes v1.28.0 definitions or a crd in test/fixtures/schemas`,
  };
}

class SchemaRegistry {
  private readonly ajv: Ajv;
  private readonly refs = new Map<string, string>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false });
    registerFormats(this.ajv);
    this.addDefinitions(JSON.parse(readFileSync(join(SCHEMA_DIR, DEFINITIONS_FILE), 'utf8')).definitions);
    readdirSync(SCHEMA_DIR)
      .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
      .sort()
      .forEach((file) => this.addCustomResourceDefinitions(readFileSync(join(SCHEMA_DIR, file), 'utf8'), file));
  }

  public validatorFor(apiVersion: unknown, kind: unknown): ValidateFunction | undefined {
    const key = gvkKey(apiVersion, kind);
    const ref = this.refs.get(key);
    if (!ref) {
      return undefined;
    }
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(key, validate);
    }
    return validate;
  }

  private addDefinitions(definitions: Record<string, Schema>): void {
    const normalized = Object.fromEntries(Object.entries(definitions).map(([name, schema]) =>
      [name, REPLACED_DEFINITIONS[name] ?? normalizeSchema(schema)]));
    this.ajv.addSchema({ $id: K8S_ID, definitions: normalized });
    for (const [name, schema] of Object.entries(definitions)) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
        const key = gvkKey(gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, gvk.kind);
        if (!this.refs.has(key)) {
          this.refs.set(key, `${K8S_ID}#/definitions/${name}`);
        }
      }
    }
  }

  private addCustomResourceDefinitions(text: string, file: string): void {
    const crds = parseAllDocuments(text).map((document) => document.toJS()).filter(isCustomResourceDefinition);
    for (const crd of crds) {
      for (const version of crd.spec.versions ?? []) {
        const schema = version.schema?.openAPIV3Schema;
        if (version.served === false || !isObject(schema)) {
          continue;
        }
        const id = `https://cdk8s-workers.local/schemas/${file}/${version.name}.json`;
        this.ajv.addSchema({ ...customResourceRoot(schema), $id: id });
        this.refs.set(gvkKey(`${crd.spec.group}/${version.name}`, crd.spec.names.kind), id);
      }
    }
  }
}

let registry: SchemaRegistry | undefined;

function schemaRegistry(): SchemaRegistry {
  registry ??= new SchemaRegistry();
  return registry;
}

function registerFormats(ajv: Ajv): void {
  for (const [name, validate] of Object.entries(NUMERIC_FORMATS)) {
    ajv.addFormat(name, { type: 'number', validate });
  }
  for (const [name, validate] of Object.entries(STRING_FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate });
  }
}

function customResourceRoot(schema: Schema): Schema {
  const root = normalizeSchema(schema);
  return {
    ...root,
    properties: {
      ...root.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: `${K8S_ID}#/definitions/${OBJECT_META}` },
    },
    additionalProperties: root.additionalProperties ?? false,
  };
}

function isCustomResourceDefinition(document: unknown): document is Record<string, any> {
  return isObject(document)
    && document.kind === 'CustomResourceDefinition'
    && isObject(document.spec)
    && typeof document.spec.group === 'string'
    && isObject(document.spec.names);
}

function normalizeSchema(schema: unknown): any {
  if (Array.isArray(schema)) {
    return schema.map(normalizeSchema);
  }
  if (!isObject(schema)) {
    return schema;
  }
  const normalized: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('x-kubernetes-') || (keyword === 'format' && !KNOWN_FORMATS.has(value))) {
      continue;
    }
    normalized[keyword] = normalizeKeyword(keyword, value);
  }
  return closeObject(schema, translateIntOrString(schema, normalized));
}

function normalizeKeyword(keyword: string, value: unknown): unknown {
  if (SCHEMA_MAPS.has(keyword) && isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, property]) => [name, normalizeSchema(property)]));
  }
  if (SCHEMA_VALUES.has(keyword) || SCHEMA_LISTS.has(keyword)) {
    return normalizeSchema(value);
  }
  return value;
}

function translateIntOrString(source: Schema, normalized: Schema): Schema {
  if (source['x-kubernetes-int-or-string'] !== true) {
    return normalized;
  }
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = normalized;
  return { ...rest, type: ['integer', 'string'] };
}

function closeObject(source: Schema, normalized: Schema): Schema {
  if (!isObject(normalized.properties)) {
    return normalized;
  }
  const properties = source['x-kubernetes-embedded-resource'] === true
    ? { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...normalized.properties }
    : normalized.properties;
  const open = source['x-kubernetes-preserve-unknown-fields'] === true || normalized.additionalProperties !== undefined;
  return open ? { ...normalized, properties } : { ...normalized, properties, additionalProperties: false };
}

function describeError(error: ErrorObject): Problem[] {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'additionalProperties':
      return [{ path: childPath(path, params.additionalProperty), message: `found unknown field ${JSON.stringify(params.additionalProperty)}, expected only fields declared by the schema` }];
    case 'required':
      return [{ path: childPath(path, params.missingProperty), message: `found no ${JSON.stringify(params.missingProperty)}, expected this required field` }];
    case 'type':
      return [{ path, message: `found ${typeName(error.data)} ${preview(error.data)}, expected ${[params.type].flat().join(' or ')}` }];
    case 'enum':
      return [{ path, message: `found ${preview(error.data)}, expected one of ${params.allowedValues.map(preview).join(', ')}` }];
    case 'format':
      return [{ path, message: `found ${preview(error.data)}, expected ${FORMAT_DESCRIPTIONS[params.format] ?? `a valid ${params.format}`}` }];
    case 'pattern':
      return [{ path, message: `found ${preview(error.data)}, expected a string matching ${params.pattern}` }];
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      return [{ path, message: `found ${preview(error.data)}, expected at least ${params.limit} ${LIMIT_UNITS[error.keyword]}` }];
    case 'maxItems':
    case 'maxProperties':
    case 'maxLength':
      return [{ path, message: `found ${preview(error.data)}, expected at most ${params.limit} ${LIMIT_UNITS[error.keyword]}` }];
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [{ path, message: `found ${preview(error.data)}, expected a number ${params.comparison} ${params.limit}` }];
    case 'if':
    case 'anyOf':
    case 'oneOf':
      return [];
    default:
      return [{ path, message: `found ${preview(error.data)}, expected a value that ${(error.message ?? 'matches the schema').replace(/^must /, 'does ').toLowerCase()}` }];
  }
}

function apiServerProblems(manifest: Record<string, any>): Problem[] {
  return [
    ...nameProblems(manifest),
    ...namespaceProblems(manifest),
    ...metadataLocations(manifest).flatMap(({ path, metadata }) => [
      ...labelProblems(`${path}.labels`, metadata.labels),
      ...annotationProblems(`${path}.annotations`, metadata.annotations),
    ]),
    ...selectorProblems(manifest),
    ...podSpecProblems(manifest),
    ...serviceProblems(manifest),
    ...podFailurePolicyProblems(manifest),
    ...hpaBehaviorProblems(manifest),
    ...deploymentStrategyProblems(manifest),
    ...jobSpecProblems(manifest),
    ...cronJobProblems(manifest),
    ...disruptionBudgetProblems(manifest),
    ...ingressProblems(manifest),
    ...networkPolicyProblems(manifest),
  ];
}

function nameProblems(manifest: Record<string, any>): Problem[] {
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  const rule = nameRule(manifest.kind);
  if (metadata.name === undefined && typeof metadata.generateName === 'string' && metadata.generateName !== '') {
    const prefix = metadata.generateName.replace(/-+$/, '');
    return prefix === '' ? [] : rule('metadata.generateName', prefix);
  }
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    return [{ path: 'metadata.name', message: `found ${preview(metadata.name)}, expected a name or a generateName` }];
  }
  return rule('metadata.name', metadata.name);
}

type NameRule = (path: string, name: string) => Problem[];

function nameRule(kind: unknown): NameRule {
  switch (kind) {
    case 'Service':
      return dns1035Label;
    case 'Namespace':
      return dns1123Label;
    case 'Job':
      return (path, name) => [...dns1123Subdomain(path, name), ...maxLength(path, name, 63, 'a job name, which becomes the job-name label')];
    case 'CronJob':
      return (path, name) => [...dns1123Subdomain(path, name), ...maxLength(path, name, 52, 'a cronjob name, which gets an 11 character suffix for its jobs')];
    default:
      return dns1123Subdomain;
  }
}

function namespaceProblems(manifest: Record<string, any>): Problem[] {
  const namespace = manifest.metadata?.namespace;
  return namespace === undefined ? [] : dns1123Label('metadata.namespace', String(namespace));
}

function metadataLocations(manifest: Record<string, any>): Array<{ path: string; metadata: Record<string, any> }> {
  return [['metadata'], ...NESTED_METADATA]
    .map((segments) => ({ path: segments.join('.'), metadata: valueAt(manifest, segments) }))
    .filter((location): location is { path: string; metadata: Record<string, any> } => isObject(location.metadata));
}

function labelProblems(path: string, labels: unknown): Problem[] {
  if (!isObject(labels)) {
    return [];
  }
  return Object.entries(labels).flatMap(([key, value]) => [
    ...qualifiedNameProblems(childPath(path, key), key, 'label key'),
    ...labelValueProblems(childPath(path, key), value),
  ]);
}

function labelValueProblems(path: string, value: unknown): Problem[] {
  if (typeof value !== 'string') {
    return [{ path, message: `found ${typeName(value)} ${preview(value)}, expected a string label value` }];
  }
  if (value === '') {
    return [];
  }
  return value.length <= 63 && QUALIFIED_NAME.test(value) ? [] : [{
    path,
    message: `found label value ${preview(value)}, expected at most 63 characters matching ${QUALIFIED_NAME.source} or an empty string`,
  }];
}

function annotationProblems(path: string, annotations: unknown): Problem[] {
  if (!isObject(annotations)) {
    return [];
  }
  const size = Object.entries(annotations).reduce((total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(String(value)), 0);
  return [
    // ValidateAnnotations lowercases a key before checking it as a qualified name.
    ...Object.keys(annotations).flatMap((key) => qualifiedNameProblems(childPath(path, key), key.toLowerCase(), 'annotation key')),
    ...(size > MAX_ANNOTATIONS_BYTES ? [{ path, message: `found ${size} bytes of annotations, expected at most ${MAX_ANNOTATIONS_BYTES}` }] : []),
  ];
}

function qualifiedNameProblems(path: string, key: string, what: string): Problem[] {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const validPrefix = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  const validName = name.length <= 63 && QUALIFIED_NAME.test(name);
  return validPrefix && validName ? [] : [{
    path,
    message: `found ${what} ${preview(key)}, expected an optional dns subdomain prefix (at most 253 characters) and '/' followed by a name of at most 63 characters matching ${QUALIFIED_NAME.source}`,
  }];
}

function selectorProblems(manifest: Record<string, any>): Problem[] {
  const selector = manifest.spec?.selector;
  if (!SELECTOR_KINDS.has(manifest.kind) || !isObject(selector)) {
    return [];
  }
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const templateLabels = manifest.spec?.template?.metadata?.labels ?? {};
  const empty = Object.keys(matchLabels).length === 0 && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
  return [
    ...(empty ? [{ path: 'spec.selector', message: `found an empty selector, expected at least one label for the ${String(manifest.kind).toLowerCase()} to select its pods` }] : []),
    ...labelProblems('spec.selector.matchLabels', selector.matchLabels),
    ...Object.entries(matchLabels)
      .filter(([key, value]) => templateLabels[key] !== value)
      .map(([key, value]) => ({
        path: childPath('spec.template.metadata.labels', key),
        message: `found ${preview(templateLabels[key])}, expected ${preview(value)} so that spec.selector.matchLabels selects the pod template`,
      })),
  ];
}

function podSpecProblems(manifest: Record<string, any>): Problem[] {
  const location = podTemplatePath(manifest);
  if (!location) {
    return [];
  }
  const containers = podContainers(location).filter(({ container }) => isObject(container));
  const volumeNames = declaredVolumeNames(location.path, location.spec);
  return [
    ...oneOf(`${location.path}.restartPolicy`, location.spec.restartPolicy, RESTART_POLICIES[manifest.kind] ?? WORKLOAD_RESTART_POLICIES),
    ...volumeNames.problems,
    ...containerNameProblems(containers),
    ...tolerationProblems(`${location.path}.tolerations`, location.spec.tolerations),
    ...affinityProblems(`${location.path}.affinity`, location.spec.affinity),
    ...labelProblems(`${location.path}.nodeSelector`, location.spec.nodeSelector),
    ...containers.flatMap((container) => [
      ...oneOf(`${container.path}.imagePullPolicy`, container.container.imagePullPolicy, IMAGE_PULL_POLICIES),
      ...portProblems(container),
      ...envProblems(container),
      ...resourceProblems(container),
      ...volumeMountProblems(container, volumeNames.names),
      ...imageProblems(container),
      ...workingDirProblems(container),
    ]),
  ];
}

function declaredVolumeNames(specPath: string, spec: Record<string, any>): { names: Set<string>; problems: Problem[] } {
  const volumes: unknown[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const names = new Set<string>();
  const problems = volumes.flatMap((volume, index) => {
    const name = isObject(volume) ? volume.name : undefined;
    if (typeof name !== 'string') {
      return [];
    }
    const path = `${specPath}.volumes[${index}].name`;
    const duplicate = names.has(name) ? [{ path, message: `found volume name ${preview(name)} more than once, expected unique volume names` }] : [];
    names.add(name);
    return [...dns1123Label(path, name), ...duplicate];
  });
  return { names, problems };
}

function containerNameProblems(containers: ContainerLocation[]): Problem[] {
  const seen = new Set<string>();
  return containers.flatMap(({ path, container }) => {
    const name = container.name;
    if (typeof name !== 'string') {
      return [];
    }
    const duplicate = seen.has(name) ? [{ path: `${path}.name`, message: `found container name ${preview(name)} more than once, expected unique names across containers, initContainers and ephemeralContainers` }] : [];
    seen.add(name);
    return [...dns1123Label(`${path}.name`, name), ...duplicate];
  });
}

function portProblems({ path, container }: ContainerLocation): Problem[] {
  const ports: unknown[] = Array.isArray(container.ports) ? container.ports : [];
  const seenPorts = new Set<string>();
  const seenNames = new Set<string>();
  return ports.flatMap((port, index) => {
    if (!isObject(port)) {
      return [];
    }
    const portPath = `${path}.ports[${index}]`;
    const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
    const problems = [
      ...portNumberProblems(`${portPath}.containerPort`, port.containerPort, 1),
      ...oneOf(`${portPath}.protocol`, port.protocol, PROTOCOLS),
      ...(port.hostPort === undefined ? [] : portNumberProblems(`${portPath}.hostPort`, port.hostPort, 0)),
      ...(seenPorts.has(key) ? [{ path: `${portPath}.containerPort`, message: `found port ${key} more than once, expected each containerPort and protocol pair once per container` }] : []),
      ...(typeof port.name === 'string' ? portNameProblems(`${portPath}.name`, port.name, seenNames) : []),
    ];
    seenPorts.add(key);
    return problems;
  });
}

function portNumberProblems(path: string, value: unknown, minimum: number): Problem[] {
  const valid = typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= 65535;
  return valid ? [] : [{ path, message: `found ${preview(value)}, expected an integer from ${minimum} to 65535` }];
}

function portNameProblems(path: string, name: string, seen: Set<string>): Problem[] {
  const problems = [
    ...(name.length <= 15 && IANA_SERVICE_NAME.test(name) ? [] : [{ path, message: `found port name ${preview(name)}, expected an iana service name: at most 15 lowercase letters, digits and single '-', with at least one letter` }]),
    ...(seen.has(name) ? [{ path, message: `found port name ${preview(name)} more than once, expected unique port names per container` }] : []),
  ];
  seen.add(name);
  return problems;
}

function envProblems({ path, container }: ContainerLocation): Problem[] {
  const env: unknown[] = Array.isArray(container.env) ? container.env : [];
  const seen = new Set<string>();
  return env.flatMap((variable, index) => {
    const name = isObject(variable) ? variable.name : undefined;
    if (typeof name !== 'string') {
      return [];
    }
    const duplicate = seen.has(name) ? [{ path: `${path}.env[${index}].name`, message: `found env name ${preview(name)} more than once, expected unique env names per container` }] : [];
    seen.add(name);
    const secretKey = isObject(variable) ? variable.valueFrom?.secretKeyRef?.key : undefined;
    return [
      ...duplicate,
      ...(envNameValid(name) ? [] : [{ path: `${path}.env[${index}].name`, message: `found env name ${preview(name)}, expected ${ENV_VAR_NAME.source} and not ".", ".." or starting with ".." (IsEnvVarName)` }]),
      ...(typeof secretKey === 'string' ? configMapKeyProblems(`${path}.env[${index}].valueFrom.secretKeyRef.key`, secretKey) : []),
    ];
  });
}

function resourceProblems({ path, container }: ContainerLocation): Problem[] {
  const resources = isObject(container.resources) ? container.resources : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  const limits = isObject(resources.limits) ? resources.limits : {};
  return [
    ...quantityProblems(`${path}.resources.requests`, requests),
    ...quantityProblems(`${path}.resources.limits`, limits),
    ...Object.entries(requests).flatMap(([resource, request]) => {
      const requested = parseQuantity(request);
      const limited = parseQuantity(limits[resource]);
      return requested === undefined || limited === undefined || requested <= limited ? [] : [{
        path: childPath(`${path}.resources.requests`, resource),
        message: `found request ${preview(request)} above limit ${preview(limits[resource])}, expected requests at most the limits`,
      }];
    }),
  ];
}

function quantityProblems(path: string, quantities: Record<string, unknown>): Problem[] {
  return Object.entries(quantities).flatMap(([resource, value]) => {
    const parsed = parseQuantity(value);
    if (parsed === undefined) {
      return [{ path: childPath(path, resource), message: `found ${preview(value)}, expected ${FORMAT_DESCRIPTIONS.quantity}` }];
    }
    if (parsed < 0) {
      return [{ path: childPath(path, resource), message: `found ${preview(value)}, expected a quantity of zero or more` }];
    }
    return quantityBoundProblems(childPath(path, resource), resource, value, parsed);
  });
}

function volumeMountProblems({ path, container }: ContainerLocation, volumes: ReadonlySet<string>): Problem[] {
  const mounts: unknown[] = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
  const seenPaths = new Set<string>();
  return mounts.flatMap((mount, index) => {
    if (!isObject(mount)) {
      return [];
    }
    const mountPath = `${path}.volumeMounts[${index}]`;
    const problems = [
      ...(typeof mount.name === 'string' && !volumes.has(mount.name) ? [{ path: `${mountPath}.name`, message: `found volume ${preview(mount.name)}, expected one of the pod's volumes${volumes.size > 0 ? ` (${[...volumes].map(preview).join(', ')})` : ', but the pod declares none'}` }] : []),
      ...(typeof mount.mountPath === 'string' && seenPaths.has(normalMountPath(mount.mountPath)) ? [{ path: `${mountPath}.mountPath`, message: `found mountPath ${preview(mount.mountPath)} more than once (after normalising), expected unique mount paths per container` }] : []),
      ...(typeof mount.mountPath === 'string' ? mountPathProblems(`${mountPath}.mountPath`, mount.mountPath) : []),
    ];
    seenPaths.add(normalMountPath(String(mount.mountPath)));
    return problems;
  });
}

function serviceProblems(manifest: Record<string, any>): Problem[] {
  const ports: unknown[] = Array.isArray(manifest.spec?.ports) ? manifest.spec.ports : [];
  const seen = new Set<string>();
  if (manifest.kind !== 'Service') {
    return [];
  }
  return [
    ...oneOf('spec.type', manifest.spec?.type, SERVICE_TYPES),
    ...labelProblems('spec.selector', manifest.spec?.selector),
    ...ports.flatMap((port, index) => {
      if (!isObject(port)) {
        return [];
      }
      const path = `spec.ports[${index}]`;
      const problems = [
        ...portNumberProblems(`${path}.port`, port.port, 1),
        ...oneOf(`${path}.protocol`, port.protocol, PROTOCOLS),
        ...(ports.length > 1 && typeof port.name !== 'string' ? [{ path: `${path}.name`, message: 'found no name, expected a name on every port of a service with more than one port' }] : []),
        ...(typeof port.name === 'string' && seen.has(port.name) ? [{ path: `${path}.name`, message: `found port name ${preview(port.name)} more than once, expected unique service port names` }] : []),
        ...(typeof port.name === 'string' && port.name !== '' ? dns1123Label(`${path}.name`, port.name) : []),
      ];
      seen.add(String(port.name));
      return problems;
    }),
  ];
}

function oneOf(path: string, value: unknown, allowed: readonly string[]): Problem[] {
  return value === undefined || allowed.includes(value as string) ? [] : [{
    path,
    message: `found ${preview(value)}, expected one of ${allowed.map(preview).join(', ')}`,
  }];
}

function dns1123Label(path: string, value: string): Problem[] {
  return value.length <= 63 && DNS1123_LABEL.test(value) ? [] : [{
    path,
    message: `found ${preview(value)}, expected a dns-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
  }];
}

function dns1035Label(path: string, value: string): Problem[] {
  return value.length <= 63 && DNS1035_LABEL.test(value) ? [] : [{
    path,
    message: `found ${preview(value)}, expected a dns-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`,
  }];
}

function dns1123Subdomain(path: string, value: string): Problem[] {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value) ? [] : [{
    path,
    message: `found ${preview(value)}, expected a dns-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`,
  }];
}

function maxLength(path: string, value: string, limit: number, what: string): Problem[] {
  return value.length <= limit ? [] : [{ path, message: `found ${value.length} characters, expected at most ${limit} for ${what}` }];
}

function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    const fresh = !seen.has(key);
    seen.add(key);
    return fresh;
  });
}

function objectLabel(manifest: unknown): string {
  const kind = isObject(manifest) && typeof manifest.kind === 'string' ? manifest.kind : '<no kind>';
  const metadata = isObject(manifest) && isObject(manifest.metadata) ? manifest.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '<no name>';
  return `${kind}/${name}`;
}

function gvkKey(apiVersion: unknown, kind: unknown): string {
  return `${String(apiVersion)} ${String(kind)}`;
}

function pointerToPath(pointer: string): string {
  const segments = pointer.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.reduce<string>((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : childPath(path, segment)), ROOT_PATH);
}

function childPath(path: string, key: string): string {
  const isRoot = path === ROOT_PATH;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) {
    return isRoot ? key : `${path}.${key}`;
  }
  return `${isRoot ? '' : path}[${JSON.stringify(key)}]`;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((node, segment) => (isObject(node) ? node[segment] : undefined), root);
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return Number.isInteger(value) ? 'integer' : typeof value;
}

function preview(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function duplicateObjectProblems(manifests: unknown[]): string[] {
  const seen = new Set<string>();
  return manifests.flatMap((manifest) => {
    if (!isObject(manifest) || !isObject(manifest.metadata)) {
      return [];
    }
    const key = `${manifest.metadata.namespace ?? ''}/${manifest.kind}/${manifest.metadata.name}`;
    const duplicate = seen.has(key);
    seen.add(key);
    return duplicate ? [`${objectLabel(manifest)}: metadata.name: found a second ${manifest.kind} named ${preview(manifest.metadata.name)} in namespace ${preview(manifest.metadata.namespace ?? '')}, expected one object per kind, namespace and name`] : [];
  });
}

function envNameValid(name: string): boolean {
  return ENV_VAR_NAME.test(name) && name !== '.' && name !== '..' && !name.startsWith('..');
}

function configMapKeyProblems(path: string, key: string): Problem[] {
  const valid = key.length <= 253 && CONFIG_MAP_KEY.test(key) && key !== '.' && key !== '..' && !key.startsWith('..');
  return valid ? [] : [{ path, message: `found key ${preview(key)}, expected at most 253 characters matching ${CONFIG_MAP_KEY.source}, not ".", ".." or starting with ".." (IsConfigMapKey)` }];
}

function quantityBoundProblems(path: string, resource: string, value: unknown, parsed: number): Problem[] {
  if (parsed > MAX_QUANTITY_UNITS) {
    return [{ path, message: `found ${preview(value)}, expected at most ${MAX_QUANTITY_UNITS} so that its millis fit an int64` }];
  }
  if (resource === 'cpu' && Math.abs(parsed * 1000 - Math.round(parsed * 1000)) > 1e-6) {
    return [{ path, message: `found ${preview(value)}, expected cpu in whole millicores` }];
  }
  if (BYTE_RESOURCES.has(resource) && typeof value === 'string' && value.endsWith('m') && parsed !== 0) {
    return [{ path, message: `found ${preview(value)}, expected bytes, not milli-bytes` }];
  }
  return [];
}

function normalMountPath(mountPath: string): string {
  return `/${mountPath.split('/').filter((segment) => segment !== '' && segment !== '.').join('/')}`;
}

function mountPathProblems(path: string, mountPath: string): Problem[] {
  if (!mountPath.startsWith('/') || mountPath.split('/').includes('..')) {
    return [{ path, message: `found ${preview(mountPath)}, expected an absolute path without ".." segments` }];
  }
  const normal = normalMountPath(mountPath);
  const root = RUNTIME_MOUNT_ROOTS.find((dir) => normal === dir || normal.startsWith(`${dir}/`));
  return root && normal !== '/dev/shm' ? [{ path, message: `found ${preview(mountPath)} inside ${root}, expected a mount outside the runtime's /proc, /sys and /dev (except /dev/shm)` }] : [];
}

function imageProblems({ path, container }: ContainerLocation): Problem[] {
  const image = container.image;
  if (typeof image !== 'string' || image === '') {
    return [{ path: `${path}.image`, message: `found ${preview(image)}, expected an image reference` }];
  }
  return IMAGE_FORBIDDEN.test(image) ? [{ path: `${path}.image`, message: `found ${preview(image)}, expected an image reference without whitespace or control characters` }] : [];
}

function workingDirProblems({ path, container }: ContainerLocation): Problem[] {
  const dir = container.workingDir;
  return dir === undefined || (typeof dir === 'string' && dir.startsWith('/')) ? [] : [{ path: `${path}.workingDir`, message: `found ${preview(dir)}, expected an absolute path (the container runtime requires one)` }];
}

function tolerationProblems(path: string, tolerations: unknown): Problem[] {
  return (Array.isArray(tolerations) ? tolerations : []).flatMap((toleration, index) => {
    if (!isObject(toleration)) {
      return [];
    }
    const at = `${path}[${index}]`;
    const key = toleration.key ?? '';
    const operator = toleration.operator ?? '';
    const value = toleration.value ?? '';
    const effect = toleration.effect ?? '';
    const problems: Problem[] = [];
    if (key !== '') {
      problems.push(...qualifiedNameProblems(`${at}.key`, key, 'toleration key'));
    } else if (operator !== 'Exists') {
      problems.push({ path: `${at}.operator`, message: `found ${preview(operator)} with an empty key, expected Exists` });
    }
    if (operator === 'Exists' && value !== '') {
      problems.push({ path: `${at}.value`, message: `found ${preview(value)} with operator Exists, expected no value` });
    } else if (operator === '' || operator === 'Equal') {
      problems.push(...labelValueProblems(`${at}.value`, value));
    } else if (operator !== 'Exists') {
      problems.push({ path: `${at}.operator`, message: `found ${preview(operator)}, expected Equal or Exists` });
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) {
      problems.push({ path: `${at}.effect`, message: `found ${preview(effect)}, expected one of ${TAINT_EFFECTS.join(', ')}` });
    }
    if (toleration.tolerationSeconds !== undefined) {
      if (effect !== 'NoExecute') {
        problems.push({ path: `${at}.tolerationSeconds`, message: 'found tolerationSeconds, expected it only with effect NoExecute' });
      }
      const seconds = toleration.tolerationSeconds;
      if (!Number.isInteger(seconds) || BigInt(seconds) > INT64_MAX || BigInt(seconds) < INT64_MIN) {
        problems.push({ path: `${at}.tolerationSeconds`, message: `found ${preview(seconds)}, expected an int64` });
      }
    }
    return problems;
  });
}

function affinityProblems(path: string, affinity: unknown): Problem[] {
  if (!isObject(affinity)) {
    return [];
  }
  const problems: Problem[] = [];
  const node = affinity.nodeAffinity;
  if (isObject(node)) {
    const required = node.requiredDuringSchedulingIgnoredDuringExecution;
    if (isObject(required)) {
      const terms: unknown[] = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
      if (terms.length === 0) {
        problems.push({ path: `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, message: 'found no terms, expected at least one' });
      }
      terms.forEach((term, index) => problems.push(...nodeTermProblems(`${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${index}]`, term)));
    }
    (Array.isArray(node.preferredDuringSchedulingIgnoredDuringExecution) ? node.preferredDuringSchedulingIgnoredDuringExecution : []).forEach((term: any, index: number) => {
      const at = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${index}]`;
      problems.push(...weightProblems(`${at}.weight`, term?.weight), ...nodeTermProblems(`${at}.preference`, term?.preference));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pod = affinity[kind];
    if (!isObject(pod)) {
      continue;
    }
    (Array.isArray(pod.requiredDuringSchedulingIgnoredDuringExecution) ? pod.requiredDuringSchedulingIgnoredDuringExecution : []).forEach((term: any, index: number) => {
      problems.push(...podTermProblems(`${path}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${index}]`, term));
    });
    (Array.isArray(pod.preferredDuringSchedulingIgnoredDuringExecution) ? pod.preferredDuringSchedulingIgnoredDuringExecution : []).forEach((term: any, index: number) => {
      const at = `${path}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${index}]`;
      problems.push(...weightProblems(`${at}.weight`, term?.weight), ...podTermProblems(`${at}.podAffinityTerm`, term?.podAffinityTerm));
    });
  }
  return problems;
}

function nodeTermProblems(path: string, term: unknown): Problem[] {
  if (!isObject(term)) {
    return [];
  }
  const expressions: unknown[] = Array.isArray(term.matchExpressions) ? term.matchExpressions : [];
  const fields: unknown[] = Array.isArray(term.matchFields) ? term.matchFields : [];
  return [
    ...expressions.flatMap((requirement, index) => requirementProblems(`${path}.matchExpressions[${index}]`, requirement, NODE_OPERATORS)),
    ...fields.flatMap((requirement: any, index) => {
      const at = `${path}.matchFields[${index}]`;
      const valid = requirement?.key === 'metadata.name' && ['In', 'NotIn'].includes(requirement?.operator) && Array.isArray(requirement?.values) && requirement.values.length === 1;
      return valid ? [] : [{ path: at, message: 'found a node field requirement, expected key metadata.name, operator In or NotIn and exactly one value' }];
    }),
  ];
}

function requirementProblems(path: string, requirement: unknown, operators: readonly string[]): Problem[] {
  if (!isObject(requirement)) {
    return [];
  }
  const values: unknown[] = Array.isArray(requirement.values) ? requirement.values : [];
  const operator = requirement.operator;
  const problems = qualifiedNameProblems(`${path}.key`, String(requirement.key ?? ''), 'requirement key');
  if (!operators.includes(operator)) {
    problems.push({ path: `${path}.operator`, message: `found ${preview(operator)}, expected one of ${operators.join(', ')}` });
  } else if (['In', 'NotIn'].includes(operator) && values.length === 0) {
    problems.push({ path: `${path}.values`, message: `found no values with ${operator}, expected at least one` });
  } else if (['Exists', 'DoesNotExist'].includes(operator) && values.length > 0) {
    problems.push({ path: `${path}.values`, message: `found values with ${operator}, expected none` });
  } else if (['Gt', 'Lt'].includes(operator) && (values.length !== 1 || !/^[+-]?\d+$/.test(String(values[0])))) {
    problems.push({ path: `${path}.values`, message: `found ${preview(values)} with ${operator}, expected one integer` });
  }
  return problems;
}

function podTermProblems(path: string, term: unknown): Problem[] {
  if (!isObject(term)) {
    return [];
  }
  const problems: Problem[] = [];
  for (const field of ['labelSelector', 'namespaceSelector']) {
    const selector = term[field];
    if (!isObject(selector)) {
      continue;
    }
    problems.push(...labelProblems(`${path}.${field}.matchLabels`, selector.matchLabels));
    (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).forEach((requirement: unknown, index: number) => {
      const at = `${path}.${field}.matchExpressions[${index}]`;
      problems.push(...requirementProblems(at, requirement, SELECTOR_OPERATORS));
      const values: unknown[] = isObject(requirement) && Array.isArray(requirement.values) ? requirement.values : [];
      values.forEach((value, valueIndex) => problems.push(...labelValueProblems(`${at}.values[${valueIndex}]`, value)));
    });
  }
  if (typeof term.topologyKey !== 'string' || term.topologyKey === '') {
    problems.push({ path: `${path}.topologyKey`, message: 'found no topologyKey, expected a node label key' });
  } else {
    problems.push(...qualifiedNameProblems(`${path}.topologyKey`, term.topologyKey, 'topologyKey'));
  }
  return problems;
}

function weightProblems(path: string, weight: unknown): Problem[] {
  return typeof weight === 'number' && Number.isInteger(weight) && weight >= 1 && weight <= 100 ? [] : [{ path, message: `found ${preview(weight)}, expected a weight from 1 to 100` }];
}

function podFailurePolicyProblems(manifest: Record<string, any>): Problem[] {
  const rules: unknown[] = manifest.kind === 'Job' && Array.isArray(manifest.spec?.podFailurePolicy?.rules) ? manifest.spec.podFailurePolicy.rules : [];
  const containers: unknown[] = Array.isArray(manifest.spec?.template?.spec?.containers) ? manifest.spec.template.spec.containers : [];
  const containerNames = new Set(containers.map((container) => (isObject(container) ? container.name : undefined)));
  return rules.flatMap((rule, index) => {
    const onExitCodes = isObject(rule) ? rule.onExitCodes : undefined;
    if (!isObject(onExitCodes)) {
      return [];
    }
    const path = `spec.podFailurePolicy.rules[${index}].onExitCodes`;
    const values: unknown[] = Array.isArray(onExitCodes.values) ? onExitCodes.values : [];
    const problems: Problem[] = [];
    if (!['In', 'NotIn'].includes(onExitCodes.operator)) {
      problems.push({ path: `${path}.operator`, message: `found ${preview(onExitCodes.operator)}, expected In or NotIn` });
    }
    if (onExitCodes.containerName !== undefined && !containerNames.has(onExitCodes.containerName)) {
      problems.push({ path: `${path}.containerName`, message: `found ${preview(onExitCodes.containerName)}, expected the name of a container of the pod template` });
    }
    if (values.length === 0 || values.length > 255) {
      problems.push({ path: `${path}.values`, message: `found ${values.length} values, expected 1 to 255` });
    }
    values.forEach((value, valueIndex) => {
      if (value === 0 && onExitCodes.operator === 'In') {
        problems.push({ path: `${path}.values[${valueIndex}]`, message: 'found 0 with operator In, expected a non-zero exit code' });
      }
      if (valueIndex > 0 && Number(values[valueIndex - 1]) >= Number(value)) {
        problems.push({ path: `${path}.values[${valueIndex}]`, message: `found ${preview(value)} after ${preview(values[valueIndex - 1])}, expected values sorted ascending without duplicates` });
      }
    });
    return problems;
  });
}

function hpaBehaviorProblems(manifest: Record<string, any>): Problem[] {
  const behavior = manifest.kind === 'ScaledObject' ? manifest.spec?.advanced?.horizontalPodAutoscalerConfig?.behavior
    : manifest.kind === 'HorizontalPodAutoscaler' ? manifest.spec?.behavior : undefined;
  if (!isObject(behavior)) {
    return [];
  }
  const base = manifest.kind === 'ScaledObject' ? 'spec.advanced.horizontalPodAutoscalerConfig.behavior' : 'spec.behavior';
  return ['scaleUp', 'scaleDown'].flatMap((direction) => {
    const rules = behavior[direction];
    if (!isObject(rules)) {
      return [];
    }
    const path = `${base}.${direction}`;
    const problems: Problem[] = [];
    const window = rules.stabilizationWindowSeconds;
    if (window !== undefined && !(Number.isInteger(window) && window >= 0 && window <= 3600)) {
      problems.push({ path: `${path}.stabilizationWindowSeconds`, message: `found ${preview(window)}, expected 0 to 3600` });
    }
    problems.push(...oneOf(`${path}.selectPolicy`, rules.selectPolicy, ['Max', 'Min', 'Disabled']));
    const policies: unknown[] = Array.isArray(rules.policies) ? rules.policies : [];
    if (rules.policies !== undefined && policies.length === 0) {
      problems.push({ path: `${path}.policies`, message: 'found no policies, expected at least one' });
    }
    policies.forEach((policy: any, index) => {
      const at = `${path}.policies[${index}]`;
      problems.push(...oneOf(`${at}.type`, policy?.type, ['Pods', 'Percent']));
      if (!(typeof policy?.value === 'number' && policy.value > 0)) {
        problems.push({ path: `${at}.value`, message: `found ${preview(policy?.value)}, expected more than 0` });
      }
      if (!(typeof policy?.periodSeconds === 'number' && policy.periodSeconds >= 1 && policy.periodSeconds <= 1800)) {
        problems.push({ path: `${at}.periodSeconds`, message: `found ${preview(policy?.periodSeconds)}, expected 1 to 1800` });
      }
    });
    return problems;
  });
}

// ---- Workload-side objects: the API server's rules for Deployment strategies, Job completion modes,
// CronJobs, PodDisruptionBudgets, Ingresses and NetworkPolicies (Kubernetes 1.28 validation packages).

const PERCENT = /^[0-9]+%$/;

function intOrPercentProblems(path: string, value: unknown, atMost100: boolean): Problem[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? [] : [{ path, message: `found ${preview(value)}, expected a non-negative integer` }];
  if (typeof value !== 'string' || !PERCENT.test(value)) return [{ path, message: `found ${preview(value)}, expected an integer or a percentage such as '5%'` }];
  return atMost100 && Number(value.slice(0, -1)) > 100 ? [{ path, message: `found ${preview(value)}, expected at most 100%` }] : [];
}

function isZero(value: unknown): boolean {
  return value === 0 || value === '0%' || (typeof value === 'string' && PERCENT.test(value) && Number(value.slice(0, -1)) === 0);
}

function deploymentStrategyProblems(manifest: Record<string, any>): Problem[] {
  const strategy = manifest.kind === 'Deployment' ? manifest.spec?.strategy : undefined;
  if (!isObject(strategy)) return [];
  const problems = oneOf('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']);
  const rolling = strategy.rollingUpdate;
  if (!isObject(rolling)) return problems;
  if (strategy.type === 'Recreate') return [...problems, { path: 'spec.strategy.rollingUpdate', message: 'found rollingUpdate, expected none when type is Recreate' }];
  // Left out, each defaults to 25%.
  const surge = rolling.maxSurge ?? '25%';
  const unavailable = rolling.maxUnavailable ?? '25%';
  return [
    ...problems,
    ...intOrPercentProblems('spec.strategy.rollingUpdate.maxSurge', rolling.maxSurge, false),
    ...intOrPercentProblems('spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable, true),
    ...(isZero(surge) && isZero(unavailable) ? [{ path: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'found 0, expected a value above 0 when maxSurge is 0' }] : []),
  ];
}

/** The Job specs of an object: a Job's own, a CronJob's template. */
function jobSpecLocations(manifest: Record<string, any>): Array<{ path: string; spec: Record<string, any> }> {
  if (manifest.kind === 'Job' && isObject(manifest.spec)) return [{ path: 'spec', spec: manifest.spec }];
  if (manifest.kind === 'CronJob' && isObject(manifest.spec?.jobTemplate?.spec)) return [{ path: 'spec.jobTemplate.spec', spec: manifest.spec.jobTemplate.spec }];
  return [];
}

function jobSpecProblems(manifest: Record<string, any>): Problem[] {
  return jobSpecLocations(manifest).flatMap(({ path, spec }) => {
    const problems = oneOf(`${path}.completionMode`, spec.completionMode, ['NonIndexed', 'Indexed']);
    if (spec.completionMode === 'Indexed') {
      if (spec.completions === undefined) problems.push({ path: `${path}.completions`, message: 'found none, expected completions when completion mode is Indexed' });
      if (typeof spec.parallelism === 'number' && spec.parallelism > 100000) problems.push({ path: `${path}.parallelism`, message: 'found more than 100000, expected at most 100000 when completion mode is Indexed' });
    }
    for (const field of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished']) {
      if (typeof spec[field] === 'number' && spec[field] < 0) problems.push({ path: `${path}.${field}`, message: `found ${spec[field]}, expected a non-negative number` });
    }
    if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) problems.push({ path: `${path}.activeDeadlineSeconds`, message: 'expected a positive number' });
    return problems;
  });
}

const CRON_FIELD_BOUNDS: ReadonlyArray<readonly [number, number, readonly string[]]> = [
  [0, 59, []], [0, 23, []], [1, 31, []],
  [1, 12, ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']],
  [0, 6, ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']],
];

/** Whether robfig/cron's standard parser, which the API server calls, reads a schedule. */
function cronParses(schedule: string): boolean {
  const spec = schedule.trim();
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(spec)) return true;
  // Go's time.ParseDuration; robfig/cron raises a duration under a second to one.
  if (spec.startsWith('@every ')) return /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/.test(spec.slice(7));
  const fields = spec.split(/\s+/);
  return fields.length === 5 && fields.every((field, index) => field.split(',').every((part) => cronPartParses(part, CRON_FIELD_BOUNDS[index])));
}

function cronPartParses(part: string, [min, max, names]: readonly [number, number, readonly string[]]): boolean {
  const match = /^(\*|\?|([0-9a-z]+)(-([0-9a-z]+))?)(\/(\d+))?$/i.exec(part);
  if (!match) return false;
  const value = (text: string) => (names.includes(text.toLowerCase()) ? names.indexOf(text.toLowerCase()) + (min === 1 ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : NaN);
  const start = match[2] === undefined ? min : value(match[2]);
  const end = match[4] !== undefined ? value(match[4]) : match[2] === undefined || match[6] !== undefined ? max : start;
  if (match[6] !== undefined && Number(match[6]) === 0) return false;
  return Number.isInteger(start) && Number.isInteger(end) && start >= min && end <= max && start <= end;
}

function timeZoneKnown(zone: string): boolean {
  if (zone === '' || zone.toLowerCase() === 'local' || /^(GMT|UTC)[+-]/i.test(zone)) return false;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
  } catch {
    return false;
  }
}

function cronJobProblems(manifest: Record<string, any>): Problem[] {
  if (manifest.kind !== 'CronJob' || !isObject(manifest.spec)) return [];
  const spec = manifest.spec;
  const problems: Problem[] = [];
  if (typeof spec.schedule !== 'string' || !cronParses(spec.schedule) || spec.schedule.includes('TZ')) {
    problems.push({ path: 'spec.schedule', message: `found ${preview(spec.schedule)}, expected a standard cron schedule without TZ` });
  }
  if (spec.timeZone !== undefined && !timeZoneKnown(String(spec.timeZone))) problems.push({ path: 'spec.timeZone', message: `found ${preview(spec.timeZone)}, expected a time zone of the IANA database` });
  problems.push(...oneOf('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    if (typeof spec[field] === 'number' && spec[field] < 0) problems.push({ path: `spec.${field}`, message: `found ${spec[field]}, expected a non-negative number` });
  }
  return problems;
}

function disruptionBudgetProblems(manifest: Record<string, any>): Problem[] {
  if (manifest.kind !== 'PodDisruptionBudget' || !isObject(manifest.spec)) return [];
  const spec = manifest.spec;
  return [
    ...(spec.minAvailable !== undefined && spec.maxUnavailable !== undefined ? [{ path: 'spec', message: 'found minAvailable and maxUnavailable, expected at most one' }] : []),
    ...intOrPercentProblems('spec.minAvailable', spec.minAvailable, true),
    ...intOrPercentProblems('spec.maxUnavailable', spec.maxUnavailable, true),
    ...oneOf('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['IfHealthyBudget', 'AlwaysAllow']),
    ...labelSelectorProblems('spec.selector', spec.selector),
  ];
}

function labelSelectorProblems(path: string, selector: unknown): Problem[] {
  if (!isObject(selector)) return [];
  const expressions: unknown[] = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return [
    ...labelProblems(`${path}.matchLabels`, selector.matchLabels),
    ...expressions.flatMap((requirement, index) => requirementProblems(`${path}.matchExpressions[${index}]`, requirement, SELECTOR_OPERATORS)),
  ];
}

function ingressHostProblems(path: string, host: unknown): Problem[] {
  if (typeof host !== 'string' || host === '') return [];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':')) return [{ path, message: `found ${preview(host)}, expected a DNS name, not an IP address` }];
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name) ? [] : [{ path, message: `found ${preview(host)}, expected a dns-1123 subdomain or a wildcard *.<subdomain>` }];
}

function ingressPathProblems(path: string, entry: Record<string, any>): Problem[] {
  const value = typeof entry.path === 'string' ? entry.path : '';
  if (entry.pathType === undefined) return [{ path: `${path}.pathType`, message: 'found none, expected a pathType' }];
  const problems = oneOf(`${path}.pathType`, entry.pathType, ['Exact', 'Prefix', 'ImplementationSpecific']);
  if ((entry.pathType !== 'ImplementationSpecific' || value !== '') && !value.startsWith('/')) problems.push({ path: `${path}.path`, message: `found ${preview(value)}, expected an absolute path` });
  if (entry.pathType === 'Exact' || entry.pathType === 'Prefix') {
    if (['//', '/./', '/../', '%2f', '%2F'].some((bad) => value.includes(bad)) || ['/..', '/.'].some((bad) => value.endsWith(bad))) {
      problems.push({ path: `${path}.path`, message: `found ${preview(value)}, expected a path without //, /./, /../ or %2f, not ending in /. or /..` });
    }
  }
  const service = entry.backend?.service;
  if (!isObject(service)) return [...problems, { path: `${path}.backend`, message: 'found no service backend, expected one' }];
  problems.push(...dns1035Label(`${path}.backend.service.name`, String(service.name)));
  const port = isObject(service.port) ? service.port : {};
  if ((port.name === undefined) === (port.number === undefined)) problems.push({ path: `${path}.backend.service.port`, message: 'expected exactly one of name and number' });
  if (port.name !== undefined && !IANA_SERVICE_NAME.test(String(port.name))) problems.push({ path: `${path}.backend.service.port.name`, message: `found ${preview(port.name)}, expected a port name` });
  if (port.number !== undefined) problems.push(...portNumberProblems(`${path}.backend.service.port.number`, port.number, 1));
  return problems;
}

function ingressProblems(manifest: Record<string, any>): Problem[] {
  if (manifest.kind !== 'Ingress' || !isObject(manifest.spec)) return [];
  const spec = manifest.spec;
  const rules: unknown[] = Array.isArray(spec.rules) ? spec.rules : [];
  const tls: unknown[] = Array.isArray(spec.tls) ? spec.tls : [];
  const problems: Problem[] = [];
  if (!rules.length && spec.defaultBackend === undefined) problems.push({ path: 'spec', message: 'found neither rules nor defaultBackend, expected one' });
  if (spec.ingressClassName !== undefined) problems.push(...dns1123Subdomain('spec.ingressClassName', String(spec.ingressClassName)));
  if (spec.ingressClassName !== undefined && manifest.metadata?.annotations?.['kubernetes.io/ingress.class'] !== undefined) {
    problems.push({ path: 'metadata.annotations.kubernetes.io/ingress.class', message: 'found the class annotation, expected none when ingressClassName is set' });
  }
  rules.forEach((rule, index) => {
    if (!isObject(rule)) return;
    problems.push(...ingressHostProblems(`spec.rules[${index}].host`, rule.host));
    const paths: unknown[] = Array.isArray(rule.http?.paths) ? rule.http.paths : [];
    if (isObject(rule.http) && !paths.length) problems.push({ path: `spec.rules[${index}].http.paths`, message: 'found no paths, expected at least one' });
    paths.forEach((entry, pathIndex) => { if (isObject(entry)) problems.push(...ingressPathProblems(`spec.rules[${index}].http.paths[${pathIndex}]`, entry)); });
  });
  tls.forEach((entry, index) => {
    if (!isObject(entry)) return;
    (Array.isArray(entry.hosts) ? entry.hosts : []).forEach((host: unknown, hostIndex: number) => problems.push(...ingressHostProblems(`spec.tls[${index}].hosts[${hostIndex}]`, host)));
    if (typeof entry.secretName === 'string' && entry.secretName !== '') problems.push(...dns1123Subdomain(`spec.tls[${index}].secretName`, entry.secretName));
  });
  return problems;
}

function networkPolicyProblems(manifest: Record<string, any>): Problem[] {
  if (manifest.kind !== 'NetworkPolicy' || !isObject(manifest.spec)) return [];
  const spec = manifest.spec;
  const rules: unknown[] = Array.isArray(spec.ingress) ? spec.ingress : [];
  const problems: Problem[] = [...labelSelectorProblems('spec.podSelector', spec.podSelector)];
  (Array.isArray(spec.policyTypes) ? spec.policyTypes : []).forEach((type: unknown, index: number) => problems.push(...oneOf(`spec.policyTypes[${index}]`, type, ['Ingress', 'Egress'])));
  rules.forEach((rule, index) => {
    if (!isObject(rule)) return;
    const peers: unknown[] = Array.isArray(rule.from) ? rule.from : [];
    peers.forEach((peer, peerIndex) => {
      const path = `spec.ingress[${index}].from[${peerIndex}]`;
      if (!isObject(peer)) return;
      const selectors = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
      if (!selectors && peer.ipBlock === undefined) problems.push({ path, message: 'found an empty peer, expected a podSelector, namespaceSelector or ipBlock' });
      if (selectors && peer.ipBlock !== undefined) problems.push({ path, message: 'found ipBlock beside selectors, expected one or the other' });
      problems.push(...labelSelectorProblems(`${path}.podSelector`, peer.podSelector), ...labelSelectorProblems(`${path}.namespaceSelector`, peer.namespaceSelector));
    });
    (Array.isArray(rule.ports) ? rule.ports : []).forEach((port: any, portIndex: number) => {
      const path = `spec.ingress[${index}].ports[${portIndex}]`;
      problems.push(...oneOf(`${path}.protocol`, port?.protocol, PROTOCOLS));
      if (typeof port?.port === 'number') problems.push(...portNumberProblems(`${path}.port`, port.port, 1));
      else if (port?.port !== undefined && !IANA_SERVICE_NAME.test(String(port.port))) problems.push({ path: `${path}.port`, message: `found ${preview(port.port)}, expected a port number or name` });
    });
  });
  return problems;
}
