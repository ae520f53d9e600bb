/**
 * Names of whole objects: each kind's name rule (ValidateObjectMeta with the kind's name function), and
 * one object per (namespace, kind, name): a second one is not a second object but a replacement of the
 * first, so `kubectl apply` would silently configure one of them twice.
 */
import { dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem } from './names';

/** The longest CronJob name the API server accepts. */
export const MAX_CRON_JOB_NAME = 52;

/** What the API server identifies a namespaced object by. */
export interface ObjectIdentity {
  readonly namespace?: string;
  readonly kind: string;
  readonly name: string;
}

/** Why `name` cannot name an object of `kind`, or undefined. */
export function objectNameProblem(kind: string, name: string): string | undefined {
  switch (kind) {
    case 'Service': return dns1035LabelProblem(name);
    case 'Namespace': return dnsLabelProblem(name);
    // The Job controller labels the Job's pods with job-name=<name>, a label value of at most 63 characters.
    case 'Job': return dnsSubdomainProblem(name) ?? (name.length > 63 ? `is ${name.length} characters long, expected at most 63 (the Job's pods carry it as the job-name label)` : undefined);
    // The CronJob controller names each Job <cronjob>-<11 characters>, which must stay a 63-character label value.
    case 'CronJob': return dnsSubdomainProblem(name) ?? (name.length > MAX_CRON_JOB_NAME ? `is ${name.length} characters long, expected at most ${MAX_CRON_JOB_NAME} (the CronJob controller appends 11 characters to name each Job)` : undefined);
    default: return dnsSubdomainProblem(name);
  }
}

/** A rendered object and whatever says where it came from. */
export interface IdentifiedObject<T> {
  readonly identity: ObjectIdentity;
  readonly origin: T;
}

/** A second object with the identity of an earlier one. */
export interface ObjectCollision<T> {
  readonly identity: ObjectIdentity;
  readonly first: T;
  readonly second: T;
}

/** Every object whose (namespace, kind, name) an earlier object already has. */
export function objectCollisions<T>(objects: Iterable<IdentifiedObject<T>>): ObjectCollision<T>[] {
  const registry = new ObjectRegistry<T>();
  const collisions: ObjectCollision<T>[] = [];
  for (const { identity, origin } of objects) {
    const first = registry.claim(identity, origin);
    if (first !== undefined) collisions.push({ identity, first, second: origin });
  }
  return collisions;
}

/** The objects seen so far, by namespace, kind and name, each with where it came from. */
export class ObjectRegistry<T> {
  private readonly byKind = new Map<string, Map<string, Map<string, T>>>();

  /** Records `origin` for the identity unless an earlier object has it; returns that earlier object's origin. */
  public claim(identity: ObjectIdentity, origin: T): T | undefined {
    let byNamespace = this.byKind.get(identity.kind);
    if (byNamespace === undefined) this.byKind.set(identity.kind, (byNamespace = new Map()));
    const namespace = identity.namespace ?? '';
    let byName = byNamespace.get(namespace);
    if (byName === undefined) byNamespace.set(namespace, (byName = new Map()));
    const first = byName.get(identity.name);
    if (first === undefined) byName.set(identity.name, origin);
    return first;
  }
}

/** The message for a collision, naming where the first object came from. */
export function collisionMessage(identity: ObjectIdentity, first: string): string {
  const namespace = identity.namespace ? ` in namespace ${identity.namespace}` : '';
  return `the ${identity.kind} name ${JSON.stringify(identity.name)} is already used by ${first}${namespace}: received a second ${identity.kind} of that name, expected every object name to be unique (the API server keeps one ${identity.kind} of a name per namespace, so one would replace the other)`;
}
