import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import type { Document, LineCounter, Node } from 'yaml';
import { inputError, InputError, Problem, SourcePosition } from './errors';
import { inputName, readInputText } from './input-text';

let yamlLibrary: typeof import('yaml') | undefined;

/** The `yaml` parser, loaded only when a document needs it (positions, errors, anchors). */
function yaml(): typeof import('yaml') {
  yamlLibrary ??= require('yaml') as typeof import('yaml');
  return yamlLibrary;
}

/** Values (mappings, lists, scalars) that YAML aliases may add to a document, counted as they would be materialised. */
export const MAX_ALIAS_EXPANSION_NODES = 100_000;
/** Characters of strings that YAML aliases may add to a document. */
export const MAX_ALIAS_EXPANSION_CHARS = 8 * 1024 * 1024;

/** A YAML (or JSON) document as plain data, that can still say where each value came from. */
export class SourceDocument {
  /** Reads (`-`: standard input, named `<stdin>`) and parses a file, turning every way it can be unreadable into an input error. */
  public static read(file: string): SourceDocument {
    return SourceDocument.parse(inputName(file), readInputText(file));
  }

  /**
   * Parses text that came from `file`. Well-formed text takes the fast parser; positions, and every
   * YAML error message, come from the `yaml` parser, run only when something needs them.
   */
  public static parse(file: string, text: string): SourceDocument {
    const fast = parseFast(text);
    const positioned = fast === undefined ? parseWithPositions(file, text) : undefined;
    const data = positioned ? toPlainValue(file, positioned.doc, positioned.lineCounter) : fast!.value;
    if (data === null || data === undefined) {
      throw inputError({ file, position: { line: 1, col: 1 }, path: '', message: 'the file is empty, expected a YAML mapping' });
    }
    return new SourceDocument(file, text, data, fast?.rewritesScalars ?? true, positioned);
  }

  private constructor(
    public readonly file: string,
    private readonly text: string,
    /** The plain value of the document. */
    public readonly data: unknown,
    /** Whether some number or boolean may read differently from how it is written; false only when known. */
    public readonly rewritesScalars: boolean,
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

  /**
   * For a number or boolean at `path` whose text in the file is not what it becomes as a string (`3.10` is
   * "3.1", `0x1F` is "31"), what to say; undefined when the text survives. Parses for positions only then.
   */
  public rewrittenScalarProblem(path: readonly (string | number)[], value: unknown): string | undefined {
    if (!this.rewritesScalars || (typeof value !== 'number' && typeof value !== 'boolean')) return undefined;
    const text = this.scalarSource(path);
    if (text === undefined || text === String(value)) return undefined;
    const reading = typeof value === 'number' ? `the number ${String(value)}` : `the boolean ${String(value)}`;
    return `received ${text}, which YAML reads as ${reading}: write ${JSON.stringify(text)} in quotes to keep it as written`;
  }

  /** The text of the scalar at `path` as written in the file (quotes included), or undefined when there is none. */
  public scalarSource(path: readonly (string | number)[]): string | undefined {
    this.positioned ??= parseWithPositions(this.file, this.text);
    let node: unknown = this.positioned.doc.contents;
    for (const segment of path) {
      node = childPair(node, segment)?.value;
      if (yaml().isAlias(node)) return undefined;
    }
    const range = yaml().isScalar(node) ? node.range : undefined;
    return range ? this.text.slice(range[0], range[1]) : undefined;
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

/** Binary integers and `1_000` go the careful way: the fast parser differs there. */
const NEEDS_CAREFUL_PARSE = /\b0b[01]|\d_/;

/** Thrown inside the fast parser to leave it as soon as it has seen an anchor. */
const ANCHOR_SEEN = Symbol('anchor seen');

/**
 * The document's value from js-yaml's core schema, or undefined when the `yaml` parser should decide.
 * A document with an anchor never takes the fast parser: only the careful one measures what aliases
 * expand to before materialising them. (An alias without an anchor is an error in js-yaml, so it goes
 * the careful way too.) `&` and `*` inside strings, comments or plain scalars are no anchors.
 */
function parseFast(text: string): { value: unknown; rewritesScalars: boolean } | undefined {
  if (NEEDS_CAREFUL_PARSE.test(text)) return undefined;
  const mayHoldAnchors = text.includes('&');
  const starts: number[] = [];
  let rewritesScalars = false;
  // Each node's text, from where the parser opens it to where it closes it, tells whether a number or a
  // boolean reads as written: the positions for the message are found later, only when one does not.
  const listener = (event: 'open' | 'close', state: FastParserState) => {
    if (event === 'open') {
      starts.push(state.position);
      return;
    }
    if (mayHoldAnchors && holdsAnchor(state)) throw ANCHOR_SEEN;
    const start = starts.pop() ?? 0;
    const result = state.result;
    if (!rewritesScalars && (typeof result === 'number' || typeof result === 'boolean')) {
      rewritesScalars = text.slice(start, state.position).trim() !== String(result);
    }
  };
  try {
    return { value: loadYaml(text, { schema: CORE_SCHEMA, json: false, listener }), rewritesScalars };
  } catch {
    return undefined;
  }
}

/** What js-yaml's listener sees of its parser's state. */
interface FastParserState {
  readonly position: number;
  readonly result: unknown;
  /** Every anchor read so far, by name. */
  readonly anchorMap?: Record<string, unknown>;
}

/** Whether the parser has read an anchor; true too when it does not say (another js-yaml version). */
function holdsAnchor(state: FastParserState): boolean {
  if (state.anchorMap === undefined) return true;
  for (const _name in state.anchorMap) return true;
  return false;
}

function parseWithPositions(file: string, text: string): PositionedDocument {
  const lineCounter = new (yaml().LineCounter)();
  const doc = parseWithoutOverflow(file, text, lineCounter);
  const first = doc.errors[0];
  if (first) {
    throw inputError({ file, position: lineCounter.linePos(first.pos[0]), path: '', message: `invalid YAML: ${firstLine(first.message)}` });
  }
  return { doc, lineCounter };
}

function parseWithoutOverflow(file: string, text: string, lineCounter: LineCounter): Document {
  try {
    return yaml().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: sameKey, strict: true });
  } catch (error) {
    throw nestingError(file, error);
  }
}

/** Keys that become one key of the plain value (`1` and `"1"`, `true` and `"true"`) are one key twice. */
function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (yaml().isScalar(a) && yaml().isScalar(b) && String(a.value) === String(b.value));
}

function toPlainValue(file: string, doc: Document, lineCounter: LineCounter): unknown {
  try {
    checkAliasExpansion(file, doc, lineCounter);
    return doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    throw nestingError(file, error);
  }
}

interface Expansion {
  nodes: number;
  chars: number;
}

/**
 * Measures what the document's aliases add once materialised (every node an alias stands for, counted
 * each time it is used, nested aliases included), without materialising anything, and refuses past the limits.
 */
function checkAliasExpansion(file: string, doc: Document, lineCounter: LineCounter): void {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, Expansion>();
  const added: Expansion = { nodes: 0, chars: 0 };
  const measure = (node: unknown): Expansion => {
    if (yaml().isAlias(node)) {
      const target = anchors.get(node.source);
      const size = target && sizes.get(target);
      if (!target) throw aliasProblem(file, node, lineCounter, `uses the alias *${node.source} before its anchor &${node.source}, expected the anchor first`);
      if (!size) throw aliasProblem(file, node, lineCounter, `uses the alias *${node.source} inside the value it names, expected no cycles`);
      added.nodes += size.nodes;
      added.chars += size.chars;
      if (added.nodes > MAX_ALIAS_EXPANSION_NODES || added.chars > MAX_ALIAS_EXPANSION_CHARS) {
        throw aliasProblem(file, node, lineCounter, `YAML aliases expand the document by more than ${MAX_ALIAS_EXPANSION_NODES} values or ${MAX_ALIAS_EXPANSION_CHARS} characters, expected a document that repeats less (an alias bomb?)`);
      }
      return size;
    }
    if (!node || typeof node !== 'object') return { nodes: 0, chars: 0 };
    const anchor = (node as Node).anchor;
    if (anchor) anchors.set(anchor, node as Node);
    const size: Expansion = { nodes: 1, chars: 0 };
    const add = (child: unknown) => {
      const childSize = measure(child);
      size.nodes += childSize.nodes;
      size.chars += childSize.chars;
    };
    if (yaml().isScalar(node)) size.chars += typeof node.value === 'string' ? node.value.length : 0;
    else if (yaml().isMap(node)) node.items.forEach((pair) => { add(pair.key); add(pair.value); });
    else if (yaml().isSeq(node)) node.items.forEach(add);
    sizes.set(node as Node, size);
    return size;
  };
  measure(doc.contents);
}

function aliasProblem(file: string, node: Node, lineCounter: LineCounter, message: string): InputError {
  return inputError({ file, position: lineCounter.linePos(node.range?.[0] ?? 0), path: '', message });
}

function nestingError(file: string, error: unknown): InputError | unknown {
  if (!(error instanceof RangeError)) return error;
  return inputError({ file, path: '', message: 'is nested too deeply to be a config, expected a few levels of mappings and lists' });
}

function childPair(node: unknown, segment: string | number): { key?: unknown; value: unknown } | undefined {
  if (yaml().isMap(node)) {
    const pair = node.items.find((item) => yaml().isPair(item) && yaml().isScalar(item.key) && String(item.key.value) === String(segment));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (yaml().isSeq(node) && typeof segment === 'number') {
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
