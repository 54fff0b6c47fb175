/**
 * Redacting obvious secrets from log text before it reaches a model: private keys, JWTs,
 * well-known token formats, Authorization headers, credentials in URLs and `password=`-style
 * values. Applied to the lines a result shows (never more than a result's budget), so it costs
 * nothing on the multi-megabyte part of a log. Pure; every pattern is linear.
 */

import { PrivateKeyTracker } from "./normalize.js";

const R = "[redacted]";

/**
 * Values that name a state or are code rather than a secret: `token: expired`,
 * `SECRET_KEY = os.environ[...]` and `password: ${DB_PASSWORD}` stay readable.
 */
const HARMLESS_VALUE =
  /^(?:true|false|yes|no|null|nil|none|undefined|required|missing|invalid|expired|empty|set|unset|\*+|\[redacted\])$|^[$%]|^(?:os|process|env|self|this|config|settings)\.|[([{]/i;

const RULES: Array<[RegExp, string | ((...groups: string[]) => string)]> = [
  // A PEM private key on one line (e.g. inside JSON), or the BEGIN line of a multi-line one.
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    "[private key redacted]",
  ],
  // Token formats with a recognisable prefix (GitHub, GitLab, Slack, AWS, npm, Google, Stripe, OpenAI...).
  [
    /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA)[0-9A-Z]{16}|npm_[A-Za-z0-9]{30,}|AIza[0-9A-Za-z_-]{35}|[sr]k_(?:live|test)_[0-9A-Za-z]{16,}|sk-[A-Za-z0-9_-]{20,})/g,
    R,
  ],
  // SendGrid keys (SG.<id>.<secret>) and Slack incoming-webhook URLs.
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, R],
  [/(https:\/\/hooks\.slack\.com\/(?:services|workflows)\/)[A-Za-z0-9_/-]+/g, `$1${R}`],
  // A bare AWS secret access key: 40 characters of base64 with upper case, lower case and a digit
  // (a git SHA is lower-case hex, so it stays), not part of a host name or path (`cdn.example.com/
  // us/r30/Purple69/v4/b4/96/83/b49683ea-...` is a URL, not a key).
  [
    /(?<![A-Za-z0-9/+=.\-_])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=.\-_])/g,
    R,
  ],
  // Azure storage and service-bus connection strings.
  [/\b((?:AccountKey|SharedAccessKey|SharedAccessSignature)=)[^;\s"']+/g, `$1${R}`],
  // Docker's config.json credentials: "auth": "<base64 user:password>".
  [/("(?:auth|identitytoken|registrytoken)"\s*:\s*")[^"]+/g, `$1${R}`],
  // curl -u user:password, sshpass -p password.
  [/(\s(?:-u|--user)\s*["']?[^\s:"']+:)[^\s"']+/g, `$1${R}`],
  [/(\bsshpass\s+-p\s*["']?)[^\s"']+/g, `$1${R}`],
  // Authorization headers and bearer tokens.
  [/\b(Authorization:\s*(?:Bearer|Basic|token|Token)\s+)[^\s"']+/g, `$1${R}`],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{12,}/g, `$1${R}`],
  // JSON Web Tokens: three base64url parts, the first one a JSON header.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, "[jwt redacted]"],
  // user:password@ in URLs.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, `$1${R}@`],
  // password=..., "api_key": "...", --token ..., SECRET_KEY: ... (the value, not the name).
  [
    /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_.-]*)(["']?\s*(?:=|:|\s)\s*)(["']?)([^\s"'&,;)\]]{3,})/gi,
    (match, name, sep, quote, value) =>
      HARMLESS_VALUE.test(value) || (sep.trim() === "" && !name.startsWith("-")) ? match : `${name}${sep}${quote}${R}`,
  ],
];

/** The line with secrets replaced by markers. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, replacement as string);
  }
  return out;
}

/** What a line inside a private key block is shown as. */
export const SECRET_LINE = "[private key redacted]";

/**
 * A whole log text with secrets redacted line by line, and the lines inside a multi-line private
 * key block replaced by SECRET_LINE: what the log resource serves, as the tools show it.
 */
export function redactLogText(text: string): string {
  const keys = new PrivateKeyTracker();
  return text
    .split("\n")
    .map((line) => (keys.isSecret(line) ? SECRET_LINE : redactSecrets(line)))
    .join("\n");
}
