import { formatPath, inputError } from '../config/errors';
import { Manifest } from './render';

/**
 * The only strings written plain: ASCII, starting with a letter, `_`, `/`, or one or two dashes and a letter
 * (`--follow`), then letters, digits and `_./:=+@-`, not ending in `:`. No reader resolves these to anything
 * but a string: every YAML 1.1, YAML 1.2 and Go-YAML number, timestamp, null and merge key starts with a
 * digit, a sign and a digit, a dot, `~`, `<` or `=`. `e5` and `-e5` are left out because the `yaml`
 * library's YAML 1.1 schema takes them for floats. Everything else is double-quoted.
 */
const PLAIN = /^(?!-*[eE][-+]?[0-9])(?:--?[A-Za-z]|[A-Za-z_/])[A-Za-z0-9_./:=+@-]*$/;
const COLON = 58;

/** Words some reader takes for a boolean, a null or a float, in any case, after up to two dashes. */
const KEYWORDS = new Set(
  ['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', 'nan', 'inf', 'infinity']
    .flatMap(spellings)
    .flatMap((word) => [word, `-${word}`, `--${word}`]),
);

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
 * One object as a YAML document that kubectl (Go-YAML), and any YAML 1.1 or 1.2 reader, reads back as
 * exactly this object. Quoting is decided here, not left to a library's judgement.
 * @throws InputError when a value cannot be written as YAML at all (a lone surrogate, a non-finite number).
 */
export function manifestToYaml(manifest: Manifest): string {
  const lines: string[] = [];
  try {
    writeDocument(manifest, lines);
  } catch (error) {
    if (error instanceof UnwritableValue) throw unwritableValueError(manifest);
    throw error;
  }
  return `${lines.join('\n')}\n`;
}

/** Objects as a multi-document YAML stream, `---` between documents. */
export function manifestsToYaml(manifests: readonly Manifest[]): string {
  return manifests.map(manifestToYaml).join('---\n');
}

function writeDocument(value: unknown, lines: string[]): void {
  if (isCollection(value) && !isEmpty(value)) writeCollection(value, '', lines);
  else lines.push(scalarText(value));
}

/** Writes a non-empty map or sequence, each line starting at `indent` (the first at `firstPrefix`). */
function writeCollection(value: object, indent: string, lines: string[], firstPrefix = indent): void {
  let prefix = firstPrefix;
  const childIndent = `${indent}  `;
  if (Array.isArray(value)) {
    for (const item of value) {
      writeEntry(`${prefix}- `, item, childIndent, lines, true);
      prefix = indent;
    }
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const keyText = keyScalar(key);
    if (keyText.length > LONGEST_IMPLICIT_KEY) {
      lines.push(`${prefix}? ${keyText}`);
      writeEntry(`${indent}:`, item, childIndent, lines, false);
    } else {
      writeEntry(`${prefix}${keyText}:`, item, childIndent, lines, false);
    }
    prefix = indent;
  }
}

function writeEntry(head: string, item: unknown, childIndent: string, lines: string[], inSequence: boolean): void {
  const separator = inSequence ? '' : ' ';
  if (isCollection(item) && !isEmpty(item)) {
    if (inSequence) return writeCollection(item, childIndent, lines, head);
    lines.push(head);
    return writeCollection(item, childIndent, lines);
  }
  if (typeof item === 'string' && item.includes('\n') && !BLOCK_UNSAFE.test(item) && isWellFormed(item)) {
    const text = item.endsWith('\n') ? item.slice(0, -1) : item;
    lines.push(`${head}${separator}${item.endsWith('\n') ? '|' : '|-'}`);
    for (const line of text.split('\n')) lines.push(line === '' ? '' : `${childIndent}${line}`);
    return;
  }
  lines.push(`${head}${separator}${scalarText(item)}`);
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return isPlain(value) ? value : doubleQuoted(value);
  if (typeof value === 'number') return numberText(value);
  if (value === null || value === undefined) return 'null';
  if (value === true || value === false) return String(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  throw new TypeError(`cannot write a ${typeof value} as YAML`);
}

function keyScalar(key: string): string {
  return isPlain(key) ? key : doubleQuoted(key);
}

function isPlain(text: string): boolean {
  return PLAIN.test(text) && text.charCodeAt(text.length - 1) !== COLON && !KEYWORDS.has(text);
}

/** A double-quoted scalar on one line: JSON's escapes, which YAML shares, plus the ones only YAML needs. */
function doubleQuoted(text: string): string {
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

function isEmpty(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}
