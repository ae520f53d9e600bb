import { usageError } from '../config/errors';
import { didYouMean } from '../config/suggest';
import { Dialect } from './dialect';

/** Each dialect is required only when it is used, so start-up stays small. */
const DIALECTS: Record<string, () => Dialect> = {
  'pystilt': () => require('./pystilt').PYSTILT,
  'magnus': () => require('./magnus').MAGNUS,
  'metaflow': () => require('./metaflow').METAFLOW,
  'prefect': () => require('./prefect').PREFECT,
  'runnable': () => require('./runnable').RUNNABLE,
  'state-machine': () => require('./state-machine').STATE_MACHINE,
};

/** Names of the dialects `--dialect` accepts. */
export function dialectNames(): string[] {
  return Object.keys(DIALECTS);
}

/** The dialect called `name`, loaded on first use. */
export function dialectNamed(name: string): Dialect {
  const load = DIALECTS[name];
  if (!load) throw usageError(`--dialect: received ${JSON.stringify(name)}, expected one of: ${dialectNames().join(', ')}${didYouMean(name, dialectNames())}`);
  return load();
}
