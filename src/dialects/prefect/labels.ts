import { labelKeyProblem, labelValueProblem } from '../../config/names';

/**
 * Label (and annotation) keys and values made valid the way prefect-kubernetes slugifies them
 * (`_slugify_label_key`, `_slugify_label_value`): case kept, accents dropped, each run of other characters
 * replaced by `-`, trimmed of `-`, `_` and `.` at both ends, cut to 63 characters. A key prefix is a
 * DNS-1123 subdomain, which the API server takes in lowercase only: it is lowercased (Prefect keeps its
 * case, and the API server then refuses the object), cut to 253. A key or value that is already valid is
 * left as it is, so a Deployment's selector keeps matching.
 */
export function validLabelKey(key: string): string | undefined {
  if (labelKeyProblem(key) === undefined) return key;
  const slash = key.indexOf('/');
  const name = slug(slash >= 0 ? key.slice(slash + 1) : key, /[^A-Za-z0-9._-]+/g, 63);
  if (name === '') return undefined;
  if (slash < 0) return name;
  const prefix = slug(key.slice(0, slash).toLowerCase(), /[^a-z0-9.-]+/g, 253);
  return prefix === '' ? name : `${prefix}/${name}`;
}

/** A valid label value for `value` (see `validLabelKey`), or undefined when nothing valid is left. */
export function validLabelValue(value: string): string | undefined {
  if (labelValueProblem(value) === undefined) return value;
  const slugged = slug(value, /[^A-Za-z0-9._-]+/g, 63);
  return slugged === '' ? undefined : slugged;
}

/**
 * A DNS-1123 label for an object name: lowercased, accents dropped, each run of characters other than
 * a–z and 0–9 replaced by one `-`, `-` trimmed from both ends, cut to 63 characters. Empty when the text
 * has no letters or digits.
 */
export function dnsLabelSlug(text: string): string {
  return slug(text.toLowerCase(), /[^a-z0-9]+/g, 63, /^-+|-+$/g);
}

function slug(text: string, invalid: RegExp, max: number, trim = /^[-_.]+|[-_.]+$/g): string {
  const plain = text.normalize('NFKD').replace(/\p{M}+/gu, '');
  const dashed = plain.replace(invalid, '-').replace(/-{2,}/g, '-').replace(trim, '');
  return dashed.slice(0, max).replace(trim, '');
}
