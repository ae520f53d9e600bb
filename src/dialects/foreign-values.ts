/**
 * Reading foreign config files: typed keys with errors that name file:line:col, the path, what was
 * received and what was expected; and the flags (--name, --command) that supply what a format lacks.
 * Every dialect collects all its problems and throws them at once, sorted by position.
 */

import Ajv, { ValidateFunction } from 'ajv';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { describeValue, formatPath, InputError, Problem, usageError } from '../config/errors';
import * as k8sFragments from '../config/k8s-fragments.json';
import { dnsLabelProblem, dnsSubdomainProblem, envNameProblem, labelKeyProblem, labelValueProblem, secretKeyProblem } from '../config/names';
import { parseQuantity, quantityHint } from '../config/quantity';
import { schemaProblems } from '../config/schema-errors';
import { SourceDocument } from '../config/source';
import { didYouMean, editDistance } from '../config/suggest';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { checkFleetConfig } from '../config/load';
import { DialectInput, DialectOutput } from './dialect';
import { splitShellWords } from './shell-words';

export type Path = readonly (string | number)[];
export type Mapping = Record<string, unknown>;

const INT32_MAX = 2147483647;

/** A foreign config file being read: its parsed data and the problems found so far. */
export class ForeignDocument {
  /** Reads and parses a file (YAML or JSON), keeping positions. */
  public static read(file: string): ForeignDocument {
    return new ForeignDocument(SourceDocument.read(file));
  }

  private readonly problems: Problem[] = [];

  constructor(public readonly source: SourceDocument) {}

  public get file(): string {
    return this.source.file;
  }

  /** Records a problem at `path` (at its key with `onKey`). */
  public report(path: Path, message: string, onKey = false): void {
    this.problems.push(this.source.problem(path, formatPath(path), message, onKey));
  }

  /** Throws every problem recorded so far, in file order; does nothing when there are none. */
  public throwProblems(): void {
    if (!this.problems.length) return;
    const sorted = [...this.problems].sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0));
    throw new InputError(sorted);
  }

  /** The document as a mapping, or a problem saying what the file should hold. */
  public root(expected: string): MappingReader | undefined {
    const data = this.source.data;
    if (!isMapping(data)) {
      this.report([], `received ${describeValue(data)}, expected ${expected}`);
      return undefined;
    }
    return new MappingReader(this, data, []);
  }

  /** Checks a DNS-1123 label (namespaces, container and Job names). */
  public dnsLabel(value: string, path: Path): boolean {
    const problem = dnsLabelProblem(value);
    if (problem) this.report(path, `received ${describeValue(value)}, ${problem}`);
    return !problem;
  }

  /** Checks a DNS-1123 subdomain (Secret, claim, service account and priority class names). */
  public subdomain(value: string, path: Path, onKey = false): boolean {
    const problem = dnsSubdomainProblem(value);
    if (problem) this.report(path, `received ${describeValue(value)}, ${problem}`, onKey);
    return !problem;
  }

  /** Checks a mount path in the container. */
  public absolutePath(value: string, path: Path, onKey = false): boolean {
    if (!value.startsWith('/')) this.report(path, `received ${describeValue(value)}, expected an absolute path in the container, starting with "/"`, onKey);
    else if (value.split('/').includes('..')) this.report(path, `received ${describeValue(value)}, expected a mount path without ".."`, onKey);
    else return true;
    return false;
  }

  /**
   * Checks label keys, and label values unless `keysOnly` (annotations). With `atPath`, every problem is
   * reported at `path` itself and names its key (for a string that holds all the pairs).
   */
  public labels(map: Readonly<Record<string, string>>, path: Path, options: { keysOnly?: boolean; atPath?: boolean } = {}): void {
    for (const [key, value] of Object.entries(map)) {
      const [at, of] = options.atPath ? [path, ` for ${JSON.stringify(key)}`] : [[...path, key], ''];
      const keyProblem = labelKeyProblem(key);
      if (keyProblem) this.report(at, `received key ${describeValue(key)}, ${keyProblem}`, !options.atPath);
      const valueProblem = options.keysOnly ? undefined : labelValueProblem(value);
      if (valueProblem) this.report(at, `received ${describeValue(value)}${of}, ${valueProblem}`);
    }
  }

  /** Checks an environment variable name. */
  public envName(name: string, path: Path, onKey = true): boolean {
    const problem = envNameProblem(name);
    if (problem) this.report(path, `received variable name ${describeValue(name)}, ${problem}`, onKey);
    return !problem;
  }

  /** Checks a Secret name and key of a secret reference. */
  public secretRef(secret: string, key: string, path: Path): boolean {
    const nameProblem = dnsSubdomainProblem(secret);
    if (nameProblem) this.report(path, `received Secret name ${describeValue(secret)}, ${nameProblem}`);
    const keyProblem = secretKeyProblem(key);
    if (keyProblem) this.report(path, `received Secret key ${describeValue(key)}, ${keyProblem}`);
    return !nameProblem && !keyProblem;
  }

  /** Validates a value against a piece of the native schema (with its Kubernetes definitions), reporting located problems. */
  public fitsNative(value: unknown, path: Path, fragment: NativeFragment): boolean {
    const validate = fragmentValidator(fragment);
    if (validate(value)) return true;
    this.problems.push(...schemaProblems(this.source, validate.errors ?? [], path));
    return false;
  }
}

/** Kubernetes types the native schema describes, for values a foreign format passes through. */
export type NativeFragment = keyof typeof k8sFragments.roots;

const validators = new Map<NativeFragment, ValidateFunction>();

function fragmentValidator(fragment: NativeFragment): ValidateFunction {
  let validate = validators.get(fragment);
  if (!validate) {
    const root = k8sFragments.roots[fragment];
    validate = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true })
      .compile({ $ref: root, definitions: k8sFragments.definitions });
    validators.set(fragment, validate);
  }
  return validate;
}

/** Options of the typed readers. */
export interface ReadOptions {
  /** Report a missing key, with this explanation. */
  readonly required?: string;
}

/** A mapping in a foreign file, read key by key; `null` counts as absent, as Python's None does. */
export class MappingReader {
  constructor(public readonly doc: ForeignDocument, public readonly value: Mapping, public readonly path: Path) {}

  /** The path of `key`. */
  public at(key: string | number): Path {
    return [...this.path, key];
  }

  /** Whether `key` is present with a value other than null. */
  public has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.value, key) && this.value[key] !== null && this.value[key] !== undefined;
  }

  /** The raw value of `key`; undefined when absent or null. */
  public raw(key: string): unknown {
    return this.has(key) ? this.value[key] : undefined;
  }

  /** Reports each key not in `allowed`, with a suggestion; `explain` may add why, or excuse a key by returning null. */
  public knownKeys(allowed: readonly string[], explain?: (key: string) => string | null | undefined): void {
    for (const key of Object.keys(this.value)) {
      if (allowed.includes(key)) continue;
      const extra = explain?.(key);
      if (extra === null) continue;
      this.doc.report(this.at(key), `unknown key ${JSON.stringify(key)}${didYouMean(key, allowed)}, expected one of: ${allowed.join(', ')}${extra ? `${extra}` : ''}`, true);
    }
  }

  /** Records a problem at `key`. */
  public report(key: string | number, message: string, onKey = false): void {
    this.doc.report(this.at(key), message, onKey);
  }

  /** A nested mapping. */
  public mapping(key: string, options: ReadOptions = {}): MappingReader | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.value[key];
    if (!isMapping(value)) return this.wrongType(key, 'a mapping');
    return new MappingReader(this.doc, value, this.at(key));
  }

  /** A list. */
  public list(key: string, options: ReadOptions = {}): unknown[] | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.value[key];
    if (!Array.isArray(value)) return this.wrongType(key, 'a list');
    return value;
  }

  /** A string; with `scalars`, numbers and booleans are taken as their text. */
  public string(key: string, options: ReadOptions & { nonEmpty?: boolean; scalars?: boolean; expected?: string } = {}): string | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.value[key];
    const expected = options.expected ?? (options.nonEmpty ? 'a non-empty string' : 'a string');
    if (options.scalars && (typeof value === 'number' || typeof value === 'boolean')) return this.scalarText(key, value);
    if (typeof value !== 'string') return this.wrongType(key, expected);
    if (options.nonEmpty && !value.trim()) return this.wrongType(key, expected);
    return value;
  }

  /** A whole number within bounds; with `digits`, a string of digits too (as pydantic coerces it). */
  public integer(key: string, options: ReadOptions & { min?: number; max?: number; digits?: boolean; expected?: string } = {}): number | undefined {
    if (!this.present(key, options)) return undefined;
    const raw = this.value[key];
    const value = options.digits && typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : raw;
    const min = options.min ?? 0;
    const max = options.max ?? INT32_MAX;
    const expected = options.expected ?? `a whole number from ${min} to ${max}`;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) return this.wrongType(key, expected);
    return value;
  }

  /** A number (or, with `numeric`, a string holding one) above `above`. */
  public number(key: string, options: ReadOptions & { above?: number; numeric?: boolean; expected?: string } = {}): number | undefined {
    if (!this.present(key, options)) return undefined;
    const raw = this.value[key];
    const value = options.numeric && typeof raw === 'string' && NUMBER_TEXT.test(raw.trim()) ? Number(raw) : raw;
    const above = options.above ?? 0;
    const expected = options.expected ?? `a number greater than ${above}`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= above) return this.wrongType(key, expected);
    return value;
  }

  /** true or false. */
  public boolean(key: string, options: ReadOptions = {}): boolean | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.value[key];
    if (typeof value !== 'boolean') return this.wrongType(key, 'true or false');
    return value;
  }

  /** One of `allowed`, returned as spelled in `allowed`; with `ignoreCase`, any capitalisation. */
  public oneOf<T extends string>(key: string, allowed: readonly T[], options: ReadOptions & { ignoreCase?: boolean; why?: string } = {}): T | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.value[key];
    const match = typeof value === 'string'
      ? allowed.find((candidate) => (options.ignoreCase ? candidate.toLowerCase() === value.toLowerCase() : candidate === value))
      : undefined;
    if (match !== undefined) return match;
    const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
    this.report(key, `received ${describeValue(value)}, expected one of: ${allowed.join(', ')}${options.ignoreCase ? ' (any capitalisation)' : ''}${hint}${options.why ? `; ${options.why}` : ''}`);
    return undefined;
  }

  /** A Kubernetes quantity (string or number); an empty string counts as unset. */
  public quantity(key: string, options: ReadOptions = {}): string | number | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.value[key];
    if (value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') return this.wrongType(key, 'a Kubernetes quantity such as "500m", "2", "4Gi" or "1G"');
    const parsed = parseQuantity(value);
    if (parsed === undefined) return this.wrongType(key, `a Kubernetes quantity ${quantityHint(String(value))}`);
    if (parsed < 0) return this.wrongType(key, 'a quantity that is not negative');
    return value;
  }

  /** A mapping of strings (numbers and booleans taken as their text); other values are problems. */
  public stringMap(key: string, options: ReadOptions & { what?: string } = {}): Record<string, string> | undefined {
    const map = this.mapping(key, options);
    if (!map) return undefined;
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(map.value)) {
      const rewritten = this.doc.source.rewrittenScalarProblem(map.at(name), value);
      if (rewritten) map.report(name, rewritten);
      else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') Object.defineProperty(result, name, { value: String(value), enumerable: true, writable: true, configurable: true });
      else map.report(name, `received ${describeValue(value)}, expected ${options.what ?? 'a string'}`);
    }
    return result;
  }

  /** A list of non-empty strings; with `single`, one string counts as a list of one. */
  public stringList(key: string, options: ReadOptions & { single?: boolean; what?: string } = {}): string[] | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.value[key];
    if (options.single && typeof value === 'string') return value ? [value] : [];
    if (!Array.isArray(value)) return this.wrongType(key, `a list of ${options.what ?? 'strings'}`);
    const result: string[] = [];
    value.forEach((item, index) => {
      if (typeof item === 'string' && item) result.push(item);
      else this.doc.report([...this.at(key), index], `received ${describeValue(item)}, expected ${options.what ? `a ${options.what.replace(/s$/, '')}` : 'a non-empty string'}`);
    });
    return result;
  }

  /** A number or boolean as its text, unless YAML changed how it was written. */
  private scalarText(key: string, value: number | boolean): string | undefined {
    const rewritten = this.doc.source.rewrittenScalarProblem(this.at(key), value);
    if (!rewritten) return String(value);
    this.report(key, rewritten);
    return undefined;
  }

  private present(key: string, options: ReadOptions): boolean {
    if (this.has(key)) return true;
    if (options.required !== undefined) this.doc.report(this.path, `missing required key ${JSON.stringify(key)}: ${options.required}`);
    return false;
  }

  private wrongType(key: string, expected: string): undefined {
    this.report(key, `received ${describeValue(this.value[key])}, expected ${expected}`);
    return undefined;
  }
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Whether `a` becomes `b` with at most `edits` insertions, deletions or substitutions (case-insensitive). */
export function withinEdits(a: string, b: string, edits: number): boolean {
  return Math.abs(a.length - b.length) <= edits && editDistance(a.toLowerCase(), b.toLowerCase()) <= edits;
}

/** Whether a value is a plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a format names the fields of a toleration. */
export interface TolerationKeys {
  /** Accepted spellings of tolerationSeconds; none when the format has no such field. */
  readonly seconds: readonly string[];
}

const TOLERATION_OPERATORS = ['Exists', 'Equal'] as const;
const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** Reads a list of tolerations with the fields key, operator, value, effect (and the format's tolerationSeconds). */
export function readTolerations(reader: MappingReader, key: string, keys: TolerationKeys): k8s.Toleration[] | undefined {
  const items = reader.list(key);
  if (!items) return undefined;
  const allowed = ['key', 'operator', 'value', 'effect', ...keys.seconds];
  const tolerations: k8s.Toleration[] = [];
  items.forEach((item, index) => {
    const path = reader.at(key).concat(index);
    if (!isMapping(item)) {
      reader.doc.report(path, `received ${describeValue(item)}, expected a mapping with ${allowed.join(', ')}`);
      return;
    }
    const entry = new MappingReader(reader.doc, item, path);
    entry.knownKeys(allowed);
    const operator = entry.oneOf('operator', TOLERATION_OPERATORS);
    const value = entry.string('value', { scalars: true });
    const secondsKey = keys.seconds.find((name) => entry.has(name));
    const seconds = secondsKey === undefined ? undefined : entry.integer(secondsKey, { min: -INT32_MAX, digits: true, expected: 'a whole number of seconds' });
    const effect = entry.oneOf('effect', TOLERATION_EFFECTS);
    if (operator === 'Exists' && value) entry.report('value', `received ${describeValue(value)}, expected no value with operator Exists`);
    if (seconds !== undefined && effect !== 'NoExecute') entry.report(secondsKey as string, `received ${seconds}, expected it only with effect NoExecute (the API server refuses it otherwise)`);
    const tolerated = entry.string('key', { scalars: true }) || undefined;
    if (tolerated === undefined && operator !== 'Exists' && !entry.has('key')) entry.report('operator', `received ${describeValue(operator ?? 'Equal')} without a key, expected operator Exists to tolerate every taint (or a key)`);
    tolerations.push(dropUndefined({
      key: tolerated,
      operator,
      value: value || undefined,
      effect,
      tolerationSeconds: seconds,
    }));
  });
  return tolerations;
}

/** A copy without the undefined fields, so that rendered objects stay small. */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** A format that describes one Job, whose name and command come from --name and --command. */
export interface OneJobFormat<Settings> {
  readonly dialect: string;
  /** Why --name is needed: what the system computes at run time. */
  readonly nameWhy: string;
  /** Why --command is needed. */
  readonly commandWhy: string;
  /** Reads the settings, reporting problems to the document; undefined only after reporting. */
  read(doc: ForeignDocument, input: DialectInput): Settings | undefined;
  /** The native one-Job fleet. */
  build(settings: Settings, name: string, command: string[]): WorkerFleetProps;
}

/** Reads a one-Job format and translates it into a checked native fleet. */
export function translateOneJob<Settings>(input: DialectInput, format: OneJobFormat<Settings>): DialectOutput {
  rejectOtherFlags(input, format.dialect);
  const name = requiredName(input, format.dialect, format.nameWhy);
  const command = requiredCommand(input, format.dialect, format.commandWhy);
  const doc = ForeignDocument.read(input.file);
  const settings = format.read(doc, input);
  doc.throwProblems();
  if (!settings) throw new Error(`${format.dialect}: settings unreadable without a reported problem`);
  return { fleet: checkFleetConfig(format.build(settings, name, command), input.file, doc.source) };
}

/** Rejects flags that belong to other dialects. */
export function rejectOtherFlags(input: DialectInput, dialect: string): void {
  if (input.valuesFile !== undefined) throw usageError(`--values goes with --dialect prefect, expected it without --dialect ${dialect}`);
  if (input.set?.length) throw usageError(`--set goes with --dialect prefect, expected it without --dialect ${dialect}`);
  if (input.restrictedDefaults === false) throw usageError(`--no-restricted-defaults goes with --dialect prefect, expected it without --dialect ${dialect}: this dialect's objects always follow the restricted profile`);
  const owned: [unknown, string, string][] = [
    [input.project, '--project', 'pystilt'], [input.outputDir, '--output-dir', 'pystilt'], [input.computeRoot, '--compute-root', 'pystilt'],
    [input.metaflowConfig, '--metaflow-config', 'metaflow'],
  ];
  for (const [value, flag, owner] of owned) {
    if (value !== undefined && owner !== dialect) throw usageError(`${flag} goes with --dialect ${owner}, expected it without --dialect ${dialect}`);
  }
}

/** The --name flag, required and a DNS-1123 label of at most 63 characters. */
export function requiredName(input: DialectInput, dialect: string, what: string): string {
  if (input.name === undefined) throw usageError(`--name is required with --dialect ${dialect}: ${what}`);
  checkNameFlag(input.name);
  return input.name;
}

/** Checks --name as a DNS-1123 label of at most `max` characters. */
export function checkNameFlag(name: string, max = 63): void {
  const problem = dnsLabelProblem(name, max);
  if (problem) throw usageError(`--name: received ${describeValue(name)}, ${problem}`);
}

/** The --command flag, required, split like a POSIX shell. */
export function requiredCommand(input: DialectInput, dialect: string, what: string): string[] {
  if (input.command === undefined) throw usageError(`--command is required with --dialect ${dialect}: ${what}`);
  const split = splitShellWords(input.command);
  if ('error' in split) throw usageError(`--command: ${split.error} in ${describeValue(input.command)}, expected a command line split like a POSIX shell (close every quote)`);
  if (!split.words.length) throw usageError(`--command: received ${describeValue(input.command)}, expected a command line with at least a program, such as "python -m app"`);
  return split.words;
}
