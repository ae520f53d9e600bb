export const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX_FACTORS: Record<string, number> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** Whether text is a Kubernetes quantity: the `quantity` format of the schemas this package validates with. */
export function isQuantityText(text: string): boolean {
  return QUANTITY.test(text);
}

/** The value of a Kubernetes quantity (`"500m"` is 0.5, `"1Ki"` is 1024), or undefined when it is not one. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const [, number, suffix = ''] = match;
  const factor = SUFFIX_FACTORS[suffix] ?? 10 ** Number(suffix.slice(1));
  return Number(number) * factor;
}

/** A likely meant quantity for common mistakes: `3GB` → `3G`/`3Gi`, `512mb` → `512M`/`512Mi`. */
export function quantityHint(value: string): string {
  const match = /^(\d+(?:\.\d+)?)\s*([kKmMgGtTpPeE])(i?)[bB]?$/.exec(value.trim());
  if (!match) return 'such as "500m", "2", "4Gi" or "512M"';
  const [, number, unit, binary] = match;
  const upper = unit === 'k' || unit === 'K' ? 'k' : unit.toUpperCase();
  const binaryUnit = `${upper === 'k' ? 'K' : upper}i`;
  return binary ? `such as "${number}${binaryUnit}"` : `such as "${number}${binaryUnit}" (binary) or "${number}${upper}" (decimal)`;
}
