import { extendedResourceNameProblem } from '../../config/names';
import { Path, Report, shown } from '../report';

/**
 * The text form of a resource.Quantity (k8s.io/apimachinery/pkg/api/resource): a signed decimal number
 * and one suffix, binary (Ki … Ei), decimal (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
 */
export const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX_FACTORS: Record<string, number> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/**
 * Kubernetes reads CPU in millicores and every other resource in whole units into an int64
 * (Quantity.MilliValue, Quantity.Value); the scheduler and the kubelet sum requests that way.
 * A quantity whose millis do not fit, 2^63-1 / 1000 units, overflows there.
 */
export const MAX_QUANTITY = (2 ** 63 - 1) / 1000;

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

/** What a quantity measures: CPU cores, or bytes (memory, ephemeral storage, emptyDir sizes). */
export type QuantityUnit = 'cpu' | 'bytes';

/**
 * Checks a resource quantity: the quantity syntax, not negative, within the int64 the API reads it
 * into; CPU at most to the millicore; bytes not in milli-units (`512m` is 0.512 bytes, surely meant `512Mi`).
 */
export function validateQuantity(value: string | number | undefined, unit: QuantityUnit, path: Path, report: Report): void {
  const problem = quantityProblem(value, unit);
  if (problem) report(path, problem);
}

/** What validateQuantity says of `value`, or undefined when it is a good quantity (or absent). */
export function quantityProblem(value: string | number | undefined, unit: QuantityUnit): string | undefined {
  if (value === undefined) return undefined;
  const amount = parseQuantity(value);
  if (amount === undefined) {
    return `received ${shown(value)}, expected a Kubernetes quantity ${quantityHint(String(value))} (the API server refuses other text)`;
  } else if (amount < 0) {
    return `received ${shown(value)}, expected a quantity that is not negative (the API server refuses negative requests and limits)`;
  } else if (amount > MAX_QUANTITY) {
    return `received ${shown(value)}, expected at most ${MAX_QUANTITY.toExponential(3)}: Kubernetes counts resources in thousandths in a signed 64-bit integer, which this overflows (the API server would cap it without saying so)`;
  } else if (unit === 'cpu' && !isWholeMillis(amount)) {
    return `received ${shown(value)}, expected CPU in whole millicores (at least 1m): Kubernetes rounds finer CPU up to the next millicore, so the pod would not get what the config says`;
  } else if (unit === 'bytes' && typeof value === 'string' && value.endsWith('m') && amount !== 0) {
    const number = value.slice(0, -1);
    return `received ${shown(value)}, which Kubernetes reads as ${amount} bytes ("m" is milli): expected bytes, such as "${number}Mi" (mebibytes) or "${number}M" (megabytes)`;
  }
  return undefined;
}

function isWholeMillis(amount: number): boolean {
  const millis = amount * 1000;
  return Math.abs(millis - Math.round(millis)) < 1e-6 * Math.max(1, millis);
}

/** Checks requests against limits: a request above its limit is refused by the API server. */
export function validateRequestWithinLimit(request: string | number | undefined, limit: string | number | undefined, path: Path, report: Report): void {
  if (request === undefined || limit === undefined) return;
  const [requested, limited] = [parseQuantity(request), parseQuantity(limit)];
  if (requested !== undefined && limited !== undefined && requested > limited) {
    report(path, `request ${shown(request)} is above the limit ${shown(limit)}, expected a request at most the limit (the API server refuses it)`);
  }
}

/**
 * Checks extended resources (IsExtendedResourceName, and whole numbers as validateResourceRequirements
 * wants them): a name qualified by its device plugin's domain, outside kubernetes.io; `gpuName`, the
 * resource `gpu` sets in the same layer, may not be set twice.
 */
export function validateExtendedResources(extended: Readonly<Record<string, unknown>>, path: Path, report: Report, gpuName?: string): void {
  for (const [name, amount] of Object.entries(extended)) {
    const problem = extendedResourceNameProblem(name);
    if (problem) report([...path, name], `received ${shown(name)}, ${problem} (the API server refuses any other)`, true);
    else if (name === gpuName) report([...path, name], `received ${shown(name)} beside resources.gpu, which sets the same resource, expected it once`, true);
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
      report([...path, name], `received ${shown(amount)}, expected a whole number of devices (the API server refuses fractions of an extended resource)`);
    }
  }
}
