/** A key of a Secret, written `secret:key` in configs. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** Splits `secret:key` at its first colon; undefined when either side is empty. */
export function parseSecretKeyRef(text: string): SecretKeyRef | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return undefined;
  return { key: text.slice(colon + 1), name: text.slice(0, colon) };
}

/** Like parseSecretKeyRef, for values already validated. */
export function secretKeyRef(text: string): SecretKeyRef {
  const ref = parseSecretKeyRef(text);
  if (!ref) throw new Error(`expected "secret:key", received ${JSON.stringify(text)}`);
  return ref;
}
