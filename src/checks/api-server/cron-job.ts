/**
 * CronJob fields as pkg/apis/batch/validation (Kubernetes 1.28) checks them (ValidateCronJobSpec): the
 * schedule as the robfig/cron v3 standard parser the API server calls reads it, the time zone as Go's
 * time.LoadLocation finds it, and the enums and counts.
 */
import { CONCURRENCY_POLICIES, CronScheduleOptions } from '../../build/cron-job';
import { at, Path, Report, shown } from '../report';

const API_SERVER = '(the API server refuses it)';
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
/** Go's time.ParseDuration syntax: `1h30m`, `1.5h`, `300ms`, a sign, or a bare 0. */
const GO_DURATION = /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;
/** The CronJob controller looks for due schedules every 10 seconds. */
export const MIN_STARTING_DEADLINE_SECONDS = 10;

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

/** Checks the CronJob options of a scheduled drain: the schedule, time zone, policy and counts. */
export function validateCronSchedule(schedule: string, options: CronScheduleOptions, path: Path, schedulePath: Path, report: Report): void {
  const problem = cronScheduleProblem(schedule);
  if (problem) report(schedulePath, `received ${shown(schedule)}, ${problem} ${API_SERVER}`);
  if (options.timeZone !== undefined) {
    const zoneProblem = timeZoneProblem(options.timeZone);
    if (zoneProblem) report(at(path, 'timeZone'), `received ${shown(options.timeZone)}, ${zoneProblem} ${API_SERVER}`);
  }
  if (options.concurrencyPolicy !== undefined && !CONCURRENCY_POLICIES.includes(options.concurrencyPolicy)) {
    report(at(path, 'concurrencyPolicy'), `received ${shown(options.concurrencyPolicy)}, expected one of ${CONCURRENCY_POLICIES.join(', ')} ${API_SERVER}`);
  }
  const deadline = options.startingDeadlineSeconds;
  if (deadline !== undefined && deadline < MIN_STARTING_DEADLINE_SECONDS) {
    report(at(path, 'startingDeadlineSeconds'), `received ${shown(deadline)}, expected at least ${MIN_STARTING_DEADLINE_SECONDS}: the CronJob controller checks schedules every 10 seconds, so with a shorter deadline a run may never start (Kubernetes' CronJob documentation)`);
  }
  for (const field of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) report(at(path, field), `received ${shown(value)}, expected a whole number from 0 ${API_SERVER}`);
  }
}

/** Why the API server's cron parser refuses a schedule, or undefined. */
export function cronScheduleProblem(schedule: string): string | undefined {
  if (schedule.includes('TZ')) return 'expected a schedule without TZ= or CRON_TZ=: set timeZone instead';
  const spec = schedule.trim();
  if (spec === '') return 'expected a cron schedule such as "0 3 * * *"';
  if (spec.startsWith('@')) return descriptorProblem(spec);
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return `which has ${fields.length} fields, expected exactly 5 (minute hour day-of-month month day-of-week), such as "0 3 * * *", or a descriptor such as @daily`;
  for (const [index, text] of fields.entries()) {
    const problem = fieldProblem(text, FIELDS[index]);
    if (problem) return `whose ${FIELDS[index].name} field ${shown(text)} ${problem}`;
  }
  return undefined;
}

function descriptorProblem(spec: string): string | undefined {
  if (DESCRIPTORS.includes(spec)) return undefined;
  if (spec.startsWith('@every ')) {
    const duration = spec.slice('@every '.length);
    return GO_DURATION.test(duration) ? undefined : `expected @every with a duration such as "1h30m", received ${shown(duration)}`;
  }
  return `expected one of ${DESCRIPTORS.join(', ')}, "@every <duration>" or five fields`;
}

function fieldProblem(text: string, field: CronField): string | undefined {
  for (const part of text.split(',')) {
    const problem = rangeProblem(part, field);
    if (problem) return problem;
  }
  return undefined;
}

function rangeProblem(expression: string, field: CronField): string | undefined {
  const rangeAndStep = expression.split('/');
  if (rangeAndStep.length > 2) return 'has too many slashes';
  const bounds = rangeAndStep[0].split('-');
  if (bounds.length > 2) return 'has too many hyphens';
  let start = field.min;
  let end = field.max;
  if (bounds[0] !== '*' && bounds[0] !== '?') {
    const low = valueOf(bounds[0], field);
    if (typeof low === 'string') return low;
    start = low;
    if (bounds.length === 2) {
      const high = valueOf(bounds[1], field);
      if (typeof high === 'string') return high;
      end = high;
    } else end = rangeAndStep.length === 2 ? field.max : start;
  }
  if (rangeAndStep.length === 2) {
    if (!/^[+]?\d+$/.test(rangeAndStep[1])) return `has step ${shown(rangeAndStep[1])}, expected a whole number`;
    if (Number(rangeAndStep[1]) === 0) return 'has a step of 0, expected a positive step';
  }
  if (start < field.min) return `starts at ${start}, below the minimum ${field.min}`;
  if (end > field.max) return `ends at ${end}, above the maximum ${field.max}`;
  if (start > end) return `has a range from ${start} beyond its end ${end}`;
  return undefined;
}

function valueOf(text: string, field: CronField): number | string {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + (field.names === MONTHS ? 1 : 0);
  if (!/^[+-]?\d+$/.test(text)) return `holds ${shown(text)}, expected numbers${field.names ? ` or names (${field.names.join(', ')})` : ''}, *, ranges a-b, steps /n and lists a,b`;
  const value = Number(text);
  return value < 0 ? `holds the negative number ${value}` : value;
}

/**
 * Why the API server refuses a time zone, or undefined: not empty, not Local, a name in the IANA
 * database (which Node's ICU carries as Go's tzdata does), spelt as the database spells it.
 */
export function timeZoneProblem(zone: string): string | undefined {
  if (zone === '') return 'expected an IANA time zone such as "Europe/Paris", or no timeZone';
  if (zone.toLowerCase() === 'local') return 'expected an explicit IANA time zone such as "Europe/Paris": Local is the controller\'s own';
  const badPart = zone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part));
  if (badPart || /^(GMT|UTC|UT)[+-]\d/i.test(zone)) return 'expected an IANA time zone name such as "Europe/Paris" or "Etc/GMT+5"';
  const known = knownTimeZone(zone);
  if (known === undefined) return 'which is not in the IANA time zone database, expected a name such as "Europe/Paris" or "America/New_York"';
  if (known !== zone && known.toLowerCase() === zone.toLowerCase()) return `expected ${shown(known)}: the time zone database is case-sensitive`;
  return undefined;
}

function knownTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
