import * as fs from 'fs';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { inputError, InputError, Problem, SourcePosition } from './errors';

/** Input files larger than this are refused before parsing. */
const MAX_INPUT_BYTES = 8 * 1024 * 1024;
/** YAML aliases allowed in one document; alias bombs need many more. */
const MAX_ALIASES = 100;

/** A YAML (or JSON) document as plain data, that can still say where each value came from. */
export class SourceDocument {
  /** Reads and parses a file, turning every way it can be unreadable into an input error. */
  public static read(file: string): SourceDocument {
    return SourceDocument.parse(file, readText(file));
  }

  /**
   * Parses text that came from `file`. Well-formed text takes the fast parser; positions, and every
   * YAML error message, come from the `yaml` parser, run only when something needs them.
   */
  public static parse(file: string, text: string): SourceDocument {
    const fast = parseFast(text);
    const positioned = fast === undefined ? parseWithPositions(file, text) : undefined;
    const data = positioned ? toPlainValue(file, positioned.doc) : fast!.value;
    if (data === null || data === undefined) {
      throw inputError({ file, position: { line: 1, col: 1 }, path: '', message: 'the file is empty, expected a YAML mapping' });
    }
    return new SourceDocument(file, text, data, positioned);
  }

  private constructor(
    public readonly file: string,
    private readonly text: string,
    /** The plain value of the document. */
    public readonly data: unknown,
    private positioned?: PositionedDocument,
  ) {}

  /** Where the value at `path` starts; with `key`, where its key starts. Falls back to the nearest parent. */
  public position(path: readonly (string | number)[], key = false): SourcePosition {
    this.positioned ??= parseWithPositions(this.file, this.text);
    let node: unknown = this.positioned.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const segment of path) {
      const pair = childPair(node, segment);
      if (!pair) break;
      offset = (key && pair.key ? rangeStart(pair.key) : rangeStart(pair.value)) ?? offset;
      node = pair.value;
    }
    return this.positioned.lineCounter.linePos(offset);
  }

  /** A problem located at `path` in this file. */
  public problem(path: readonly (string | number)[], formattedPath: string, message: string, key = false): Problem {
    return { file: this.file, position: this.position(path, key), path: formattedPath, message };
  }
}

interface PositionedDocument {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

/** Anchors and aliases (`&a`, `*a`), binary integers and `1_000` go the careful way: the fast parser differs there. */
const NEEDS_CAREFUL_PARSE = /(?:^|[\s,[\]{}])[&*][^\s,[\]{}]|\b0b[01]|\d_/m;

/** The document's value from js-yaml's core schema, or undefined when the `yaml` parser should decide. */
function parseFast(text: string): { value: unknown } | undefined {
  if (NEEDS_CAREFUL_PARSE.test(text)) return undefined;
  try {
    return { value: loadYaml(text, { schema: CORE_SCHEMA, json: false }) };
  } catch {
    return undefined;
  }
}

function parseWithPositions(file: string, text: string): PositionedDocument {
  const lineCounter = new LineCounter();
  const doc = parseWithoutOverflow(file, text, lineCounter);
  const first = doc.errors[0];
  if (first) {
    throw inputError({ file, position: lineCounter.linePos(first.pos[0]), path: '', message: `invalid YAML: ${firstLine(first.message)}` });
  }
  return { doc, lineCounter };
}

function readText(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw inputError({ file, path: '', message: 'no such file' });
  }
  if (stat.isDirectory()) throw inputError({ file, path: '', message: 'is a directory, expected a YAML file' });
  if (stat.size > MAX_INPUT_BYTES) {
    throw inputError({ file, path: '', message: `is ${stat.size} bytes, expected at most ${MAX_INPUT_BYTES}` });
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw inputError({ file, path: '', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` });
  }
  if (bytes.includes(0)) throw inputError({ file, path: '', message: 'is a binary file, expected YAML text' });
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) throw inputError({ file, path: '', message: 'is not UTF-8 text, expected YAML text' });
  return text;
}

function parseWithoutOverflow(file: string, text: string, lineCounter: LineCounter): Document {
  try {
    return parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: sameKey, strict: true });
  } catch (error) {
    throw nestingError(file, error);
  }
}

/** Keys that become one key of the plain value (`1` and `"1"`, `true` and `"true"`) are one key twice. */
function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (isScalar(a) && isScalar(b) && String(a.value) === String(b.value));
}

function toPlainValue(file: string, doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw inputError({ file, path: '', message: `uses more than ${MAX_ALIASES} YAML aliases, expected a plain document (an alias bomb?)` });
    }
    throw nestingError(file, error);
  }
}

function nestingError(file: string, error: unknown): InputError | unknown {
  if (!(error instanceof RangeError)) return error;
  return inputError({ file, path: '', message: 'is nested too deeply to be a config, expected a few levels of mappings and lists' });
}

function childPair(node: unknown, segment: string | number): { key?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
