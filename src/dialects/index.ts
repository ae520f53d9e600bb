import { usageError } from '../config/errors';
import { didYouMean } from '../config/suggest';
import { Dialect } from './dialect';

/** Each dialect is required only when it is used, so start-up stays small. */
const DIALECTS: ReadonlyMap<string, () => Dialect> = new Map([
  ['pystilt', () => require('./pystilt').PYSTILT],
  ['magnus', () => require('./magnus').MAGNUS],
  ['metaflow', () => require('./metaflow').METAFLOW],
  ['prefect', () => require('./prefect').PREFECT],
  ['state-machine', () => require('./state-machine').STATE_MACHINE],
  ['runnable', () => require('./runnable').RUNNABLE],
]);

/** Names of the dialects `--dialect` accepts. */
export function dialectNames(): string[] {
  return [...DIALECTS.keys()];
}

/** The dialect called `name`, loaded on first use. */
export function dialectNamed(name: string): Dialect {
  const load = DIALECTS.get(name);
  if (!load) throw usageError(`--dialect: unknown dialect ${JSON.stringify(name)}${didYouMean(name, dialectNames())}, expected one of: ${dialectNames().join(', ')}`);
  return load();
}
