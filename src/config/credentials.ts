/** Names that say a variable holds a credential. */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|SECRET_KEY|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|DATABASE_URL|DB_URL|DSN)$/i;
/** A URL with a password in it: `scheme://user:password@host`. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

/** Whether a plain (not Secret-backed) environment variable carries a credential, by its name or its value. */
export function looksLikeCredential(name: string, value: unknown): boolean {
  return CREDENTIAL_NAME.test(name) || URL_WITH_PASSWORD.test(String(value));
}
