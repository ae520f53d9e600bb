import { formatPath, inputError } from '../config/errors';
import type { Manifest } from '../build/planned-object';

/**
 * The only strings written plain: ASCII, starting with a letter, `_`, `/`, or one or two dashes and a letter
 * (`--follow`), then letters, digits and `_./:=+@-`, not ending in `:`. No reader resolves these to anything
 * but a string: every YAML 1.1, YAML 1.2 and Go-YAML number, timestamp, null and merge key starts with a
 * digit, a sign and a digit, a dot, `~`, `<` or `=`. `e5` and `-e5` are left out because the `yaml`
 * library's YAML 1.1 schema takes them for floats. Everything else is double-quoted.
 */
const PLAIN_CHARACTERS = /^(?:--?[A-Za-z]|[A-Za-z_/])[A-Za-z0-9_./:=+@-]*$/;
const DASH = 45;
const COLON = 58;
const PLUS = 43;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** Words some reader takes for a boolean, a null or a float, in any case, after up to two dashes. */
const KEYWORDS = new Set(
  ['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', 'nan', 'inf', 'infinity']
    .flatMap(spellings)
    .flatMap((word) => [word, `-${word}`, `--${word}`]),
);
const LONGEST_KEYWORD = 10;

/** Every upper- and lower-case spelling of a word. */
function spellings(word: string): string[] {
  if (word === '') return [''];
  return spellings(word.slice(1)).flatMap((rest) => [word[0].toLowerCase() + rest, word[0].toUpperCase() + rest]);
}

/**
 * Characters JSON leaves raw but YAML must escape: DEL and C1 controls, which Go-YAML's reader refuses raw;
 * U+0085, U+2028 and U+2029, which YAML 1.1 readers take for line breaks; the byte order mark; U+FFFE and U+FFFF.
 */
const ESCAPE_BEYOND_JSON = /[\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const ESCAPE_BEYOND_JSON_ALL = new RegExp(ESCAPE_BEYOND_JSON.source, 'g');
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\x85': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

/**
 * Multi-line text that a literal block (`|`, `|-`) holds exactly, with nothing an editor or a reader may
 * change: printable characters only (no tab, no CR), no trailing spaces, a first line that is neither empty
 * nor indented (so the indentation is detected right), and at most one final newline.
 */
const BLOCK_UNSAFE = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]| \n| $|\n\n$|^[ \n]/;

/** Go-YAML reads an implicit key of at most 1024 characters; longer keys are written `? key`. */
const LONGEST_IMPLICIT_KEY = 1000;

/**
 * Objects share their keys (`metadata`, `name`, label keys) and many values (`IfNotPresent`, `TCP`, a
 * namespace): each is quoted or not once.
 */
const KEY_TEXTS = new Map<string, string>();
const VALUE_TEXTS = new Map<string, string>();
const MOST_CACHED_TEXTS = 10_000;
const LONGEST_CACHED_VALUE = 256;

/** Objects written into one chunk of a stream before it is handed on. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * One object as a YAML document that kubectl (Go-YAML), and any YAML 1.1 or 1.2 reader, reads back as
 * exactly this object, in the form cdk8s synthesizes: the top-level fields in their order, every map below
 * them in key order (UTF-16 code units), null and undefined values left out. An object cdk8s has already
 * synthesized is written as it is; one a builder has just made needs no sorted copy first. Quoting is
 * decided here, not left to a library's judgement.
 * @throws InputError when a value cannot be written as YAML at all (a lone surrogate, a non-finite number).
 */
export function manifestToYaml(manifest: Manifest): string {
  try {
    return documentText(manifest, true);
  } catch (error) {
    if (error instanceof UnwritableValue) throw unwritableValueError(manifest);
    throw error;
  }
}

/** A file of cdk8s-workers' own (a kustomization), every map in the order it is given. */
export function controlFileYaml(value: Record<string, unknown>): string {
  return documentText(value, false);
}

/** Objects as a multi-document YAML stream, `---` between documents. */
export function manifestsToYaml(manifests: readonly Manifest[]): string {
  let text = '';
  writeYamlStream(manifests, (chunk) => {
    text += chunk;
  });
  return text;
}

/**
 * Objects as a multi-document YAML stream, `---` between documents, handed to `write` in chunks of about
 * 64 KiB as the objects come, so that no more than a chunk is held. Returns the number of objects.
 */
export function writeYamlStream(manifests: Iterable<Manifest>, write: (chunk: string) => void): number {
  const chunks = yamlChunks(manifests);
  for (let next = chunks.next(); ; next = chunks.next()) {
    if (next.done) return next.value;
    write(next.value);
  }
}

/** Objects as a multi-document YAML stream in chunks of about 64 KiB, made as the objects come; returns their number. */
export function* yamlChunks(manifests: Iterable<Manifest>): Generator<string, number, undefined> {
  let count = 0;
  let chunk = '';
  for (const manifest of manifests) {
    chunk += count++ === 0 ? manifestToYaml(manifest) : `---\n${manifestToYaml(manifest)}`;
    if (chunk.length < CHUNK_CHARACTERS) continue;
    yield chunk;
    chunk = '';
  }
  if (chunk) yield chunk;
  return count;
}

/** The document being written: appended to as the writer walks the object, one string for the whole document. */
let output = '';
/** Whether maps below the top level are written in key order, without null values (cdk8s's form). */
let canonical = false;

function documentText(value: unknown, inCanonicalForm: boolean): string {
  output = '';
  canonical = inCanonicalForm;
  if (isFilledCollection(value)) writeCollection(value, 0, '', false);
  else output += `${scalarText(value)}\n`;
  const text = output;
  output = '';
  return text;
}

/**
 * Writes a non-empty map or sequence, each line indented `depth` levels (the first line starting at
 * `firstPrefix`); a map's keys sorted when `sorted`.
 */
function writeCollection(value: object, depth: number, firstPrefix: string, sorted: boolean): void {
  if (!Array.isArray(value)) return writeMap(value as Record<string, unknown>, depth, firstPrefix, sorted);
  const indent = indentation(depth);
  let prefix = firstPrefix;
  for (let index = 0; index < value.length; index++) {
    writeEntry(`${prefix}- `, value[index], depth + 1, true);
    prefix = indent;
  }
}

/**
 * A map in the order of its keys, which builders mostly make in key order already: when a key comes out of
 * order, what was written of the map is taken back and it is written again from its sorted keys. (`for...in`
 * over a plain object walks its own keys, in `Object.keys` order, without making a list of them; an object
 * with another prototype may inherit keys, so its own are listed.)
 */
function writeMap(record: Record<string, unknown>, depth: number, firstPrefix: string, sorted: boolean): void {
  const prototype = Object.getPrototypeOf(record);
  if (prototype !== Object.prototype && prototype !== null) {
    const keys = Object.keys(record);
    return writeMapKeys(record, depth, firstPrefix, sorted ? keys.sort() : keys);
  }
  const opened = output;
  const indent = indentation(depth);
  let prefix = firstPrefix;
  let previous = '';
  for (const key in record) {
    if (sorted && key < previous) {
      output = opened;
      return writeMapKeys(record, depth, firstPrefix, Object.keys(record).sort());
    }
    previous = key;
    const item = record[key];
    if (item === undefined || (item === null && canonical)) continue;
    writeKeyed(prefix, indent, key, item, depth);
    prefix = indent;
  }
}

function writeMapKeys(record: Record<string, unknown>, depth: number, firstPrefix: string, keys: readonly string[]): void {
  const indent = indentation(depth);
  let prefix = firstPrefix;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || (item === null && canonical)) continue;
    writeKeyed(prefix, indent, key, item, depth);
    prefix = indent;
  }
}

function writeKeyed(prefix: string, indent: string, key: string, item: unknown, depth: number): void {
  const text = keyText(key);
  if (text.length > LONGEST_IMPLICIT_KEY + 1) {
    output += `${prefix}? ${text.slice(0, -1)}\n`;
    writeEntry(`${indent}:`, item, depth + 1, false);
  } else {
    writeEntry(prefix + text, item, depth + 1, false);
  }
}

/** Two spaces a level; each indentation is made once. */
const INDENTATIONS = [''];

function indentation(depth: number): string {
  while (INDENTATIONS.length <= depth) INDENTATIONS.push(`${INDENTATIONS[INDENTATIONS.length - 1]}  `);
  return INDENTATIONS[depth];
}

function writeEntry(head: string, item: unknown, depth: number, inSequence: boolean): void {
  if (typeof item === 'string') {
    if (item.indexOf('\n') >= 0 && !BLOCK_UNSAFE.test(item) && isWellFormed(item)) return writeBlock(head, item, indentation(depth), inSequence);
    output += inSequence ? `${head}${valueText(item)}\n` : `${head} ${valueText(item)}\n`;
    return;
  }
  if (typeof item !== 'object' || item === null) {
    output += `${head}${inSequence ? '' : ' '}${scalarText(item)}\n`;
    return;
  }
  const before = output;
  if (!inSequence) output += `${head}\n`;
  const opened = output.length;
  writeCollection(item, depth, inSequence ? head : indentation(depth), canonical);
  // Nothing written for it: an empty map or sequence, written inline.
  if (output.length === opened) output = `${before}${head}${inSequence ? '' : ' '}${Array.isArray(item) ? '[]' : '{}'}\n`;
}

/** Multi-line text as a literal block: `|` when it ends in a newline, `|-` when not. */
function writeBlock(head: string, item: string, childIndent: string, inSequence: boolean): void {
  const keepsNewline = item.endsWith('\n');
  output += `${head}${inSequence ? '' : ' '}${keepsNewline ? '|' : '|-'}\n`;
  for (const line of (keepsNewline ? item.slice(0, -1) : item).split('\n')) output += line === '' ? '\n' : `${childIndent}${line}\n`;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return stringScalar(value);
  if (typeof value === 'number') return numberText(value);
  if (value === null || value === undefined) return 'null';
  if (value === true || value === false) return String(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  throw new TypeError(`cannot write a ${typeof value} as YAML`);
}

/** A key as written before its value: the scalar and `:`. */
function keyText(key: string): string {
  const cached = KEY_TEXTS.get(key);
  if (cached !== undefined) return cached;
  const text = `${stringScalar(key)}:`;
  if (KEY_TEXTS.size < MOST_CACHED_TEXTS) KEY_TEXTS.set(key, text);
  return text;
}

/** A string value as written after its key or dash. */
function valueText(value: string): string {
  const cached = VALUE_TEXTS.get(value);
  if (cached !== undefined) return cached;
  const text = stringScalar(value);
  if (VALUE_TEXTS.size < MOST_CACHED_TEXTS && value.length <= LONGEST_CACHED_VALUE) VALUE_TEXTS.set(value, text);
  return text;
}

function stringScalar(text: string): string {
  return isPlain(text) ? text : doubleQuoted(text);
}

function isPlain(text: string): boolean {
  if (!PLAIN_CHARACTERS.test(text)) return false;
  let start = 0;
  while (text.charCodeAt(start) === DASH) start++;
  const first = text[start];
  if ((first === 'e' || first === 'E') && looksLikeExponent(text, start + 1)) return false;
  return text.charCodeAt(text.length - 1) !== COLON && (text.length > LONGEST_KEYWORD || !KEYWORDS.has(text));
}

/** Whether `text` at `index` goes on like the exponent of a float (`e5`, `E-3`) after its `e`. */
function looksLikeExponent(text: string, index: number): boolean {
  let code = text.charCodeAt(index);
  if (code === PLUS || code === DASH) code = text.charCodeAt(index + 1);
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/** Text of space to `~` only, which JSON's escapes serve as they are. */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** A double-quoted scalar on one line: JSON's escapes, which YAML shares, plus the ones only YAML needs. */
function doubleQuoted(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return JSON.stringify(text);
  if (!isWellFormed(text)) throw new UnwritableValue();
  const json = JSON.stringify(text);
  return ESCAPE_BEYOND_JSON.test(json) ? json.replace(ESCAPE_BEYOND_JSON_ALL, escapeForYaml) : json;
}

function escapeForYaml(char: string): string {
  return NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Safe integers as written; other finite numbers as JavaScript prints them, which every reader parses back. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new UnwritableValue();
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Thrown while writing; turned into an InputError naming where the value is. */
class UnwritableValue extends Error {}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormed(text: string): boolean {
  return !SURROGATE.test(text) || !LONE_SURROGATE.test(text);
}

/** The first value or key in the object that YAML cannot hold, as an input error naming the object and the field. */
function unwritableValueError(manifest: Manifest): Error {
  const found = findUnwritable(manifest, []);
  if (!found) return new Error('a value could not be written as YAML, but none was found on a second look');
  const object = `${manifest.kind ?? 'object'}/${manifest.metadata?.name ?? '(unnamed)'}`;
  return inputError({ path: `${object}: ${formatPath(found.path)}`, message: found.message });
}

interface Unwritable {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

function findUnwritable(value: unknown, path: (string | number)[]): Unwritable | undefined {
  if (typeof value === 'string') return loneSurrogateProblem(value, path, 'value');
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { path, message: `received ${value}, expected a finite number (YAML has no portable form for it, and kubectl's JSON cannot hold it)` };
  }
  if (!isCollection(value)) return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const keyProblem = typeof key === 'string' ? loneSurrogateProblem(key, [...path, key], 'key') : undefined;
    const found = keyProblem ?? findUnwritable(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function loneSurrogateProblem(text: string, path: (string | number)[], what: 'key' | 'value'): Unwritable | undefined {
  const match = LONE_SURROGATE.exec(text);
  if (!match) return undefined;
  const code = `\\u${match[0].charCodeAt(0).toString(16).toUpperCase()}`;
  const before = match.index;
  const after = text.length - before - 1;
  const received = `"${before ? `<${before} characters>` : ''}${code}${after ? `<${after} characters>` : ''}"`;
  return {
    path,
    message: `received a ${what} ${received} with a lone UTF-16 surrogate ${code}, which UTF-8 cannot encode, so no YAML file, and no reader such as kubectl, can hold it; expected well-formed Unicode text (a surrogate only as half of a pair)`,
  };
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** A map with a defined value, or a sequence with an item: written as a block, not as `{}` or `[]`. */
function isFilledCollection(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && (item !== null || !canonical)) return true;
  }
  return false;
}
