import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

/** Quantity and IntOrString: classes whose one field is the `value` they synthesize to. */
type NumberOrString = k8s.Quantity | k8s.IntOrString;

/**
 * A Kubernetes API type from cdk8s-plus-28 as the plain JSON it synthesizes to: Quantity and
 * IntOrString become the string or number they hold, dates their text. Field names are the API's own.
 */
export type Plain<T> = T extends NumberOrString
  ? [keyof T] extends ['value'] ? string | number : PlainObject<T>
  : T extends Date
    ? string
    : T extends readonly (infer U)[]
      ? Plain<U>[]
      : T extends object
        ? PlainObject<T>
        : T;

type PlainObject<T> = { -readonly [K in keyof T]: Plain<T[K]> };
