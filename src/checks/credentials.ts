/**
 * The credential detector: one answer, for every string that reaches a manifest, to "is this a secret?".
 * It recognises token formats their issuers document (each has a fixed prefix and shape), URLs with a
 * password, PEM private keys, and variable names that say they hold a credential. It favours precision:
 * image references, Secret names, paths, flags and URLs without a password are not credentials.
 */

/** A credential found inside a string. */
export interface CredentialMatch {
  /** What it is, for messages: "a GitHub token", "a URL with a password", … */
  readonly kind: string;
  /** Where it starts and ends in the string. */
  readonly start: number;
  readonly end: number;
  /** The same text with the secret part masked, safe to print. */
  readonly redacted: string;
}

export interface TokenFormat {
  readonly kind: string;
  /** Must be global; group 1, when present, is the part that stays visible. */
  readonly pattern: RegExp;
  /** Text every match of the pattern contains: strings without it are not searched for this format. */
  readonly hint: RegExp;
  readonly redact: (match: RegExpExecArray) => string;
}

const MASK = '****';
/** Keeps the visible prefix (group 1) and masks the rest. */
const keepPrefix = (match: RegExpExecArray) => `${match[1]}${MASK}`;
/** Not preceded or followed by a character of the token's own alphabet. */
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

/** A value that only refers to another variable, `$(NAME)` (Kubernetes) or `${NAME}` / `{{ name }}` (templates). */
const REFERENCE = /^(?:\$\([A-Za-z_][\w.-]*\)|\$\{[^}]+\}|\{\{[^}]+\}\})$/;

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    kind: 'a PEM private key',
    hint: /-----BEGIN /,
    pattern: /(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)(?!\*\*\*\*)(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=:,\s-]*)/g,
    redact: keepPrefix,
  },
  {
    // RFC 3986 userinfo: scheme://user:password@host, the user possibly empty (redis://:pw@host), the scheme
    // possibly cut off (a `postgres://…` value split at its first colon leaves `//user:pw@host`).
    kind: 'a URL with a password',
    hint: /\/\/[^@]*@/,
    pattern: /(?<![A-Za-z0-9+.:-])((?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/[^\s/:@'"]*:)([^\s/@'"]+)(@[^\s/@'"]+)/g,
    redact: (match) => (REFERENCE.test(match[2]) ? match[0] : `${match[1]}${MASK}${match[3]}`),
  },
  { kind: 'an AWS access key id', hint: /AKIA|ASIA|ABIA|ACCA/, pattern: /(?<![A-Za-z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g, redact: (match) => `${match[1]}${'*'.repeat(16)}` },
  { kind: 'a GitHub token', hint: /gh[pousr]_/, pattern: new RegExp(`${B}((?:ghp|gho|ghu|ghs|ghr)_)[A-Za-z0-9]{36,251}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a GitHub token', hint: /github_pat_/, pattern: new RegExp(`${B}(github_pat_)[A-Za-z0-9_]{22,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a GitLab token', hint: /gl(?:pat|ptt|dt|rt|cbt|ft|soat|oas)-/, pattern: new RegExp(`${B}((?:glpat|glptt|gldt|glrt|glcbt|glft|glsoat|gloas)-)[A-Za-z0-9_.-]{20,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a Slack token', hint: /xox[abposr]-/, pattern: new RegExp(`${B}(xox[abposr]-)[A-Za-z0-9-]{10,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a Slack app token', hint: /xapp-/, pattern: new RegExp(`${B}(xapp-)[0-9]-[A-Za-z0-9-]{10,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a Slack webhook URL', hint: /hooks\.slack\.com\//, pattern: /(https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9_/-]{8,}/g, redact: keepPrefix },
  { kind: 'a JSON Web Token', hint: /eyJ/, pattern: new RegExp(`${B}(eyJ)[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*${E}`, 'g'), redact: keepPrefix },
  { kind: 'a Stripe secret key', hint: /[sr]k_(?:live|test)_/, pattern: new RegExp(`${B}((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{16,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a Stripe webhook secret', hint: /whsec_/, pattern: new RegExp(`${B}(whsec_)[A-Za-z0-9]{24,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a Google API key', hint: /AIza/, pattern: new RegExp(`${B}(AIza)[A-Za-z0-9_-]{35}${E}`, 'g'), redact: keepPrefix },
  { kind: 'an npm token', hint: /npm_/, pattern: new RegExp(`${B}(npm_)[A-Za-z0-9]{36}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a PyPI token', hint: /pypi-AgE/, pattern: new RegExp(`${B}(pypi-)AgE[A-Za-z0-9_-]{50,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a Docker Hub token', hint: /dckr_pat_/, pattern: new RegExp(`${B}(dckr_pat_)[A-Za-z0-9_-]{20,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a Hugging Face token', hint: /hf_/, pattern: new RegExp(`${B}(hf_)[A-Za-z]{34}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a HashiCorp Vault token', hint: /hv[sbr]\./, pattern: new RegExp(`${B}(hv[sbr]\\.)[A-Za-z0-9_-]{24,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a DigitalOcean token', hint: /do[opr]_v1_/, pattern: new RegExp(`${B}(do[opr]_v1_)[a-f0-9]{64}${E}`, 'g'), redact: keepPrefix },
  { kind: 'a SendGrid API key', hint: /SG\./, pattern: new RegExp(`${B}(SG\\.)[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`, 'g'), redact: keepPrefix },
  { kind: 'an OpenAI API key', hint: /T3BlbkFJ/, pattern: new RegExp(`${B}(sk-(?:proj-|svcacct-|admin-)?)[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'an Anthropic API key', hint: /sk-ant-/, pattern: new RegExp(`${B}(sk-ant-(?:api|admin)\\d\\d-)[A-Za-z0-9_-]{32,}${E}`, 'g'), redact: keepPrefix },
  { kind: 'an Azure access key', hint: /(?:AccountKey|SharedAccessKey)=/, pattern: /((?:AccountKey|SharedAccessKey)=)[A-Za-z0-9+/]{20,}={0,2}/g, redact: keepPrefix },
  {
    // `--password=…`, `--api-key=…`: a credential handed over as a flag. `--password-file=…` names a file.
    kind: 'a credential flag',
    hint: /(?:password|passwd|token|key|secret)=/i,
    pattern: /(?<![\w-])(--?(?:[a-z0-9]+[-_])*(?:password|passwd|token|api[-_]?key|secret[-_]?key|access[-_]?key|private[-_]?key|client[-_]?secret)=)([^\s'"]+)/gi,
    redact: (match) => (REFERENCE.test(match[2]) ? match[0] : `${match[1]}${MASK}`),
  },
];

/** Names that say a variable holds a credential. */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|SECRET_KEY|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|DATABASE_URL|DB_URL|DSN)$/i;
/** An AWS secret access key: 40 characters of base64. */
const AWS_SECRET_VALUE = /^[A-Za-z0-9/+]{40}$/;
/** A `$(NAME)` reference to another variable (Kubernetes expands it from the container's env). */
const KUBERNETES_REFERENCE = /\$\([A-Za-z_][\w.-]*\)/;

/** A character every hint holds one of: most words and numbers hold none and are done with one test. */
export const HINT_CHARACTER = /[-_./=AJT]/;
/** Text that holds some format's hint (case aside): every other string holds no credential. */
const ANY_HINT = new RegExp(TOKEN_FORMATS.map((format) => `(?:${format.hint.source})`).join('|'), 'i');

/** Every credential inside `text`, in order; overlapping findings keep the earliest and longest. */
export function credentialsIn(text: string): CredentialMatch[] {
  if (!HINT_CHARACTER.test(text) || !ANY_HINT.test(text)) return [];
  const found: CredentialMatch[] = [];
  for (const format of TOKEN_FORMATS) {
    if (!format.hint.test(text)) continue;
    format.pattern.lastIndex = 0;
    for (let match = format.pattern.exec(text); match; match = format.pattern.exec(text)) {
      const redacted = format.redact(match);
      if (redacted !== match[0]) found.push({ kind: format.kind, start: match.index, end: match.index + match[0].length, redacted });
      if (match[0].length === 0) format.pattern.lastIndex++;
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  return found.filter((match, index) => found.slice(0, index).every((earlier) => earlier.end <= match.start));
}

/** The first credential inside `text`, if any. */
export function firstCredentialIn(text: string): CredentialMatch | undefined {
  return credentialsIn(text)[0];
}

/** `text` with every credential in it masked. */
export function redactCredentials(text: string): string {
  let result = '';
  let from = 0;
  for (const match of credentialsIn(text)) {
    result += text.slice(from, match.start) + match.redacted;
    from = match.end;
  }
  return result + text.slice(from);
}

/** Whether a variable (or scaler parameter) name says it holds a credential: `DB_PASSWORD`, `apiKey`, `DATABASE_URL`. */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/**
 * Why a value set under `name` is a credential because of its name, or undefined: the name says so
 * (and the value is not empty and not composed from `$(OTHER)` variables), or an AWS name holds a
 * value shaped like an AWS secret access key.
 */
export function credentialByName(name: string, value: string): string | undefined {
  if (value.trim() === '' || KUBERNETES_REFERENCE.test(value)) return undefined;
  if (isCredentialName(name)) return `its name ${name} says so`;
  if (/AWS/i.test(name) && AWS_SECRET_VALUE.test(value) && /[0-9/+]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value)) {
    return `an AWS secret access key under ${name}`;
  }
  return undefined;
}
