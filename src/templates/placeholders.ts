/**
 * The `{{ name }}` template engine: finds placeholders in a tree of plain values (mappings, lists,
 * scalars) and renders the tree given variables. Pure: it knows nothing of the formats that use it.
 *
 * Rules:
 * - A placeholder is `{{ name }}`, whitespace inside the braces allowed; a name is letters, digits,
 *   `_`, `.`, `-`, `[`, `]` and `$` (`a.b` and `a[0]` reach into mappings and lists).
 * - A string that is exactly one placeholder is replaced by the value itself, keeping its type
 *   (a mapping, a list, a number…). When the variable has no value the string is *unset*: a mapping
 *   drops the key, a list drops the item.
 * - A placeholder inside a longer string is replaced by the value's text; no value gives `''`.
 * - Keys are never rendered, only values; a value is rendered once (a rendered value that itself
 *   contains `{{ }}` stays as it is).
 */

/** Matches one placeholder; group 1 is the name. */
const PLACEHOLDER = /\{\{\s*([\p{L}\p{N}_.\-[\]$]+)\s*\}\}/gu;

/** One placeholder in a string. */
export interface Placeholder {
  /** The text as written, e.g. `{{ image }}`. */
  readonly text: string;
  /** The name inside the braces, e.g. `image` or `env.HOME`. */
  readonly name: string;
  /** Offset of the first brace in the string. */
  readonly index: number;
}

/** A placeholder found in a tree, with where it is. */
export interface PlaceholderUse extends Placeholder {
  /** Path of the string that holds it, e.g. `['spec', 'containers', 0, 'image']`. */
  readonly path: readonly (string | number)[];
  /** Whether the string is exactly this placeholder (the value keeps its type). */
  readonly whole: boolean;
}

/** What a lookup returns: `undefined` means the variable has no value. */
export type Lookup = (name: string) => unknown;

/** Options for `renderTemplate`. */
export interface RenderOptions {
  /** The text of a value inside a longer string. @default `textOf` */
  readonly text?: (value: unknown) => string;
  /**
   * The most characters the rendered values may add up to (strings, and each placeholder's value counted
   * at its JSON size every time it is used); past it `renderTemplate` throws `RenderLimitError`.
   * @default no limit
   */
  readonly maxSize?: number;
}

/**
 * Rendering would exceed `RenderOptions.maxSize`: `variable` is the placeholder whose value went over it
 * (empty when the template's own text did), `path` the string that used it.
 */
export class RenderLimitError extends Error {
  constructor(
    public readonly variable: string,
    public readonly limit: number,
    public readonly uses: number,
    public readonly path: readonly (string | number)[] = [],
  ) {
    super(`rendering {{ ${variable} }} (used ${uses} times) goes past ${limit} characters`);
    this.name = 'RenderLimitError';
  }
}

/** The result of rendering a value that is exactly one placeholder without a value. */
export const UNSET: unique symbol = Symbol('unset');

/** Placeholders in one string, in order of appearance (repeats included). */
export function findPlaceholders(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({ text: match[0], name: match[1], index: match.index ?? 0 }));
}

/** Whether a string is exactly one placeholder, nothing around it. */
export function isWholePlaceholder(text: string): boolean {
  const found = findPlaceholders(text);
  return found.length === 1 && found[0].text === text;
}

/** Every placeholder in a tree of values, depth first, mapping keys in their order. */
export function placeholdersIn(tree: unknown, path: readonly (string | number)[] = []): PlaceholderUse[] {
  if (typeof tree === 'string') {
    const whole = isWholePlaceholder(tree);
    return findPlaceholders(tree).map((placeholder) => ({ ...placeholder, path, whole }));
  }
  if (Array.isArray(tree)) return tree.flatMap((item, index) => placeholdersIn(item, [...path, index]));
  if (isMapping(tree)) return Object.entries(tree).flatMap(([key, value]) => placeholdersIn(value, [...path, key]));
  return [];
}

/**
 * The first segment of a placeholder name: the variable it reads (`env.HOME` and `items[0]` read `env`
 * and `items`).
 */
export function rootName(name: string): string {
  return name.split(/[.[\]]/)[0];
}

/**
 * Reads `name` from `values`: `a.b` and `a[0]` walk into mappings and lists. `undefined` when any step
 * is missing.
 */
export function lookupPath(values: Readonly<Record<string, unknown>>, name: string): unknown {
  const segments = name.replace(/\[/g, '.').replace(/\]/g, '').split('.');
  let node: unknown = values;
  for (const segment of segments) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      node = node[Number(segment)];
    } else if (isMapping(node) && Object.prototype.hasOwnProperty.call(node, segment)) {
      node = node[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

/**
 * Renders a tree: strings with placeholders are replaced as the rules above say, everything else is
 * copied. Returns `UNSET` when the tree itself is one placeholder without a value.
 */
export function renderTemplate(tree: unknown, lookup: Lookup, options: RenderOptions = {}): unknown {
  const text = options.text ?? textOf;
  const budget = options.maxSize === undefined ? undefined : new RenderBudget(options.maxSize, lookup, text);
  const render = (node: unknown, path: readonly (string | number)[]): unknown => {
    if (typeof node === 'string') {
      budget?.spend(node, path);
      return renderString(node, lookup, text);
    }
    if (Array.isArray(node)) return node.map((item, index) => render(item, [...path, index])).filter((item) => item !== UNSET);
    if (isMapping(node)) {
      const entries = Object.entries(node).map(([key, value]) => [key, render(value, [...path, key])] as const);
      return Object.fromEntries(entries.filter(([, value]) => value !== UNSET));
    }
    return node;
  };
  return render(tree, []);
}

/** The text of a value placed inside a longer string: strings as they are, mappings and lists as JSON. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Counts what a render writes, before it writes it, so a value used many times cannot exhaust memory. */
class RenderBudget {
  private used = 0;
  private readonly sizes = new Map<string, number>();
  private readonly uses = new Map<string, number>();

  constructor(private readonly limit: number, private readonly lookup: Lookup, private readonly text: (value: unknown) => string) {}

  /** Adds the rendered size of one template string: its own text plus each placeholder's value. */
  public spend(template: string, path: readonly (string | number)[]): void {
    this.used += template.length;
    for (const { name } of findPlaceholders(template)) {
      this.used += this.sizeOf(name);
      this.uses.set(name, (this.uses.get(name) ?? 0) + 1);
      if (this.used > this.limit) throw new RenderLimitError(name, this.limit, this.uses.get(name) ?? 1, path);
    }
    if (this.used > this.limit) throw new RenderLimitError('', this.limit, 0, path);
  }

  private sizeOf(name: string): number {
    let size = this.sizes.get(name);
    if (size === undefined) {
      const value = this.lookup(name);
      size = typeof value === 'object' && value !== null ? JSON.stringify(value).length : this.text(value).length;
      this.sizes.set(name, size);
    }
    return size;
  }
}

function renderString(template: string, lookup: Lookup, text: (value: unknown) => string): unknown {
  const found = findPlaceholders(template);
  if (found.length === 0) return template;
  if (found.length === 1 && found[0].text === template) {
    const value = lookup(found[0].name);
    return value === undefined ? UNSET : copy(value);
  }
  // One pass over the string, so a value's own `{{ }}` is never rendered again.
  return template.replace(PLACEHOLDER, (_match, name: string) => text(lookup(name)));
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)]));
  return value;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
