import { stringify } from 'yaml';
import { Manifest } from './render';

/** YAML 1.1 rules, since kubectl reads YAML 1.1: `on`, `no` and `y` are booleans there and must be quoted. */
const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' } as const;

/**
 * Strings every YAML writer leaves plain: a letter, `_` or `/` first, then only letters, digits and
 * `_./-`, not `e`, a sign and a digit (`yaml` reads `e5` and `E-0` as YAML 1.1 floats), and not a keyword YAML 1.1 or
 * 1.2 would read as a boolean or null.
 */
const PLAIN = /^(?![eE][-+]?[0-9])[A-Za-z_/][A-Za-z0-9_./-]*$/;
const KEYWORDS = new Set([
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
]);

/**
 * One object as a YAML document, byte for byte what `yaml`'s `stringify` writes, about ten times faster:
 * structure is written here, and only scalars that may need quoting are handed to `yaml` (and cached).
 * Multi-line strings, whose block style depends on indentation, send the whole document to `yaml`.
 */
export function manifestToYaml(manifest: Manifest): string {
  const lines: string[] = [];
  return writeDocument(manifest, lines) ? `${lines.join('\n')}\n` : stringify(manifest, YAML_OPTIONS);
}

/** Objects as a multi-document YAML stream, `---` between documents. */
export function manifestsToYaml(manifests: readonly Manifest[]): string {
  return manifests.map(manifestToYaml).join('---\n');
}

function writeDocument(value: unknown, lines: string[]): boolean {
  return isCollection(value) && !isEmpty(value) && writeCollection(value, '', lines);
}

/** Writes a non-empty map or sequence, each line starting at `indent`; false when it needs `yaml` itself. */
function writeCollection(value: object, indent: string, lines: string[], firstPrefix = indent): boolean {
  let prefix = firstPrefix;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!writeEntry(`${prefix}- `, item, `${indent}  `, lines, true)) return false;
      prefix = indent;
    }
    return true;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const keyText = keyScalar(key, indent === '');
    if (keyText === undefined) return false;
    if (!writeEntry(`${prefix}${keyText}:`, item, `${indent}  `, lines, false)) return false;
    prefix = indent;
  }
  return true;
}

function writeEntry(head: string, item: unknown, childIndent: string, lines: string[], inSequence: boolean): boolean {
  if (isCollection(item) && !isEmpty(item)) {
    if (inSequence) return writeCollection(item, childIndent, lines, head);
    lines.push(head);
    return writeCollection(item, childIndent, lines);
  }
  const scalar = scalarText(item);
  if (scalar === undefined) return false;
  lines.push(inSequence ? `${head}${scalar}` : `${head} ${scalar}`);
  return true;
}

const scalarCache = new Map<string, string | undefined>();
const keyCache = new Map<string, string | undefined>();

function scalarText(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (value === true || value === false) return String(value);
  if (typeof value === 'number') return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : viaYaml(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value !== 'string') return undefined;
  if (PLAIN.test(value) && !KEYWORDS.has(value)) return value;
  if (value.includes('\n')) return undefined;
  let cached = scalarCache.get(value);
  if (cached === undefined && !scalarCache.has(value)) {
    cached = viaYaml(value);
    scalarCache.set(value, cached);
  }
  return cached;
}

/** A key as `yaml` writes it; at the top level `...` and `---` mark documents, so it can differ there. */
function keyScalar(key: string, topLevel: boolean): string | undefined {
  if (PLAIN.test(key) && !KEYWORDS.has(key)) return key;
  if (key.includes('\n')) return undefined;
  const cacheKey = topLevel ? `\0${key}` : key;
  if (!keyCache.has(cacheKey)) keyCache.set(cacheKey, topLevel ? topLevelKey(key) : nestedKey(key));
  return keyCache.get(cacheKey);
}

function topLevelKey(key: string): string | undefined {
  const text = stringify({ [key]: 0 }, YAML_OPTIONS);
  return text.endsWith(': 0\n') && !text.startsWith('? ') ? text.slice(0, -4) : undefined;
}

function nestedKey(key: string): string | undefined {
  const text = stringify({ a: { [key]: 0 } }, YAML_OPTIONS);
  return text.startsWith('a:\n  ') && text.endsWith(': 0\n') && !text.startsWith('a:\n  ? ') ? text.slice(5, -4) : undefined;
}

function viaYaml(value: string | number): string | undefined {
  const text = stringify(value, YAML_OPTIONS);
  const body = text.slice(0, -1);
  return body.includes('\n') ? undefined : body;
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}
