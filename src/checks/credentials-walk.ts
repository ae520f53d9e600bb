/**
 * Where the credential detector is applied: one walk over every string of a config, of construct props
 * or of a rendered object, keys included, with the path of each. The config, the constructs and the
 * dialects that render objects directly all go through it, so a value is judged the same way everywhere.
 */

import { IConstruct } from 'constructs';
import { describeValue, formatPath } from '../config/errors';
import { credentialByName, credentialsIn, firstCredentialIn, redactCredentials } from './credentials';

export type Path = readonly (string | number)[];

/** A credential found at `path`; with `onKey`, in the key there rather than its value. */
export interface CredentialFinding {
  readonly path: Path;
  readonly onKey: boolean;
  /** Why it is a credential, with the value redacted: `a GitHub token, "ghp_****"`. */
  readonly why: string;
  /** The finding came from the variable's name, not the value's shape. */
  readonly byName: boolean;
  /** The suspected credential itself, to locate it in a source file; never to be printed. */
  readonly secret: string;
}

/**
 * Fields that hold references to Secrets or the overrides themselves: not text that reaches a manifest.
 * (`secretEnv: {DB: "db:password"}` names a Secret; it is the right place for a credential.)
 */
const NOT_VALUES = new Set([
  'secretEnv', 'secretAuth', 'envAuth', 'notSecret', 'envNotSecret', 'valueFrom', 'secretKeyRef', 'secretTargetRef', 'imagePullSecrets', 'envFromSecrets',
]);

interface Scope {
  /** Values known not to be credentials (`notSecret` here and in every enclosing layer). */
  readonly allowedValues: ReadonlySet<string>;
  /** Names in this layer's `env` known not to be credentials (`envNotSecret`). */
  readonly allowedNames: ReadonlySet<string>;
}

/**
 * Every credential in `root`. `notSecret` lists on the way down exempt exact values in their subtree;
 * `envNotSecret` exempts names in the `env` beside it from the name rule; `allowedValues` applies everywhere.
 */
export function findCredentials(root: unknown, allowedValues: readonly string[] = []): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  walk(root, [], { allowedValues: new Set(allowedValues), allowedNames: NO_NAMES }, undefined, findings);
  return findings;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Walks `value` at `path`, a stack the walk pushes onto and pops: a finding keeps a copy. */
function walk(value: unknown, path: (string | number)[], scope: Scope, name: string | undefined, findings: CredentialFinding[]): void {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    checkScalar(String(value), path, scope, name, findings);
    return;
  }
  if (Array.isArray(value)) {
    const entriesNamed = path[path.length - 1] === 'env';
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) continue;
      const item: unknown = value[index];
      path.push(index);
      walk(item, path, scope, entriesNamed ? envEntryName(item) : undefined, findings);
      path.pop();
    }
    return;
  }
  if (!isPlainObject(value)) return;
  const namesChildren = isNamedMap(path);
  const inner = namesChildren ? scope : scopeOf(value, scope);
  // isPlainObject: `for...in` walks only its own keys, without making a list of them.
  for (const key in value) {
    if (NOT_VALUES.has(key)) continue;
    path.push(key);
    const keyFinding = firstCredentialIn(key);
    if (keyFinding && !inner.allowedValues.has(key)) {
      findings.push({ path: [...path], onKey: true, why: `${keyFinding.kind}, ${describeValue(key)}`, byName: false, secret: key.slice(keyFinding.start, keyFinding.end) });
    }
    const childName = namesChildren ? key : name !== undefined && key === 'value' ? name : undefined;
    walk(value[key], path, inner, childName, findings);
    path.pop();
  }
}

function checkScalar(text: string, path: Path, scope: Scope, name: string | undefined, findings: CredentialFinding[]): void {
  if (scope.allowedValues.has(text)) return;
  const remaining = scope.allowedValues.size ? withoutAllowedTokens(text, scope.allowedValues) : text;
  const found = firstCredentialIn(remaining);
  if (found) {
    findings.push({ path: [...path], onKey: false, why: `${found.kind}, ${describeValue(text)}`, byName: false, secret: remaining.slice(found.start, found.end) });
    return;
  }
  if (name === undefined || scope.allowedNames.has(name)) return;
  const reason = credentialByName(name, text);
  if (reason) findings.push({ path: [...path], onKey: false, why: reason, byName: true, secret: text });
}

/**
 * `text` without the listed values that are whole tokens themselves, so that a token listed in notSecret
 * also passes inside a longer string (`--sample=<token>`). A listed fragment of a token removes nothing.
 */
function withoutAllowedTokens(text: string, allowed: ReadonlySet<string>): string {
  let remaining = text;
  for (const value of allowed) {
    if (value.length < text.length && remaining.includes(value) && isWholeToken(value)) remaining = remaining.split(value).join(' ');
  }
  return remaining;
}

function isWholeToken(value: string): boolean {
  const found = credentialsIn(value);
  return found.length === 1 && found[0].start === 0 && found[0].end === value.length;
}

function scopeOf(layer: Record<string, unknown>, scope: Scope): Scope {
  if (layer.notSecret === undefined && layer.envNotSecret === undefined) return scope.allowedNames === NO_NAMES ? scope : { allowedValues: scope.allowedValues, allowedNames: NO_NAMES };
  const notSecret = stringsOf(layer.notSecret);
  const envNotSecret = stringsOf(layer.envNotSecret);
  return {
    allowedValues: notSecret.length ? new Set([...scope.allowedValues, ...notSecret]) : scope.allowedValues,
    allowedNames: envNotSecret.length ? new Set(envNotSecret) : NO_NAMES,
  };
}

/** Maps whose keys name the values under them: env variables, a StateMachine step's environment, a KEDA trigger's metadata. */
function isNamedMap(path: Path): boolean {
  const last = path[path.length - 1];
  if (last === 'env' || last === 'environment') return true;
  return last === 'metadata' && typeof path[path.length - 2] === 'number' && path[path.length - 3] === 'triggers';
}

function envEntryName(entry: unknown): string | undefined {
  return isPlainObject(entry) && typeof entry.name === 'string' ? entry.name : undefined;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** What to do instead, for a credential found at `path` of a native config or construct props. */
export function configAdvice(path: Path, byName: boolean): string {
  const [field, key] = [path[path.length - 2], path[path.length - 1]];
  if (field === 'env') {
    const instead = `move it to secretEnv as ${key}: "secret:key"`;
    return byName ? `${instead} (or list ${key} in envNotSecret if it is not a credential)` : `${instead} (or list the exact value in notSecret if it is not a credential)`;
  }
  const orOverride = '(or list the exact value in notSecret if it is not a credential)';
  if (field === 'metadata' && path.includes('triggers')) {
    return `put it in a Secret and name it in the trigger's secretAuth (${key}: "secret:key"), which renders a TriggerAuthentication: KEDA reads trigger metadata as plain text ${orOverride}`;
  }
  const top = path.find((segment) => typeof segment === 'string' && ['args', 'command', 'workingDir', 'labels', 'annotations'].includes(segment));
  if (top === 'args' || top === 'command') {
    return `put it in a Secret, read it with secretEnv (NAME: "secret:key") and write $(NAME) in the ${top === 'args' ? 'argument' : 'command'}; Kubernetes expands it when the container starts ${orOverride}`;
  }
  if (top === 'labels' || top === 'annotations') {
    return `anyone who can list the objects reads their ${top}: keep credentials out of them ${orOverride}`;
  }
  return `anything here is written into the manifest as plain text: read credentials from a Secret (secretEnv, envFromSecrets) ${orOverride}`;
}

/** Reports every credential in a native config (or construct props) with what to do instead. */
export function checkCredentials(root: unknown, report: (path: (string | number)[], message: string, onKey?: boolean) => void, allowedValues: readonly string[] = []): void {
  for (const finding of findCredentials(root, allowedValues)) report([...finding.path], configMessage(finding), finding.onKey);
}

/** The message for a credential found in a native config or construct props. */
export function configMessage(finding: CredentialFinding): string {
  return `${receivedCredential(finding)}, expected it read from a Secret: ${configAdvice(finding.path, finding.byName)}`;
}

/**
 * Reports every credential in an object a dialect renders directly (a Prefect Job, a StateMachine), by
 * its kind and name and the field path inside it; there the fix is always a Secret reference.
 */
export function checkManifestCredentials(manifest: Record<string, any>, report: (path: (string | number)[], message: string) => void): void {
  const object = `${manifest.kind ?? 'object'} ${JSON.stringify(manifest.metadata?.name ?? '')}`;
  for (const finding of findCredentials(manifest)) {
    report([...finding.path], `${object}: ${receivedCredential(finding)}, expected no credential in plain text: ${manifestAdvice(finding.path)}`);
  }
}

/** `received a plain value that looks like a credential (…)` when `text` holds one, for checks of values before they are rewritten. */
export function receivedCredentialIn(text: string): string | undefined {
  const found = firstCredentialIn(text);
  return found && receivedCredential({ path: [], onKey: false, why: `${found.kind}, ${describeValue(text)}`, byName: false, secret: '' });
}

/** `received a plain value that looks like a credential (a GitHub token, "ghp_****")`. */
export function receivedCredential(finding: CredentialFinding): string {
  return `received ${finding.onKey ? 'a key' : 'a plain value'} that looks like a credential (${finding.why})`;
}

function manifestAdvice(path: Path): string {
  if (path.includes('env')) return 'read it from a Secret: {name: NAME, valueFrom: {secretKeyRef: {name: SECRET, key: KEY}}} instead of a value';
  if (path.includes('environment')) return 'the manager writes a step\'s environment into its Job as plain text; mount a Secret in the step\'s image or script instead';
  return 'the object is stored and shown as plain text; read credentials from a Secret instead';
}

/**
 * Makes `scope` fail at synth when its props hold a credential in plain text, with the messages the
 * config path gives (`env.CONFIG: received "ghp_****", …`): constructs used from code are checked alike.
 */
export function addCredentialValidation(scope: IConstruct, props: object): void {
  scope.node.addValidation({
    validate: () => {
      const messages: string[] = [];
      checkCredentials(props, (path, message) => messages.push(redactCredentials(`${formatPath(path)}: ${message}`)));
      return messages;
    },
  });
}
