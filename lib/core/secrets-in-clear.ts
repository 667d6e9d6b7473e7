/**
 * Recognises secrets written in clear where a secret reference belongs: a
 * URL carrying a credential, a variable whose name says it holds one. Such a
 * value would be written into the synthesized configuration (and the
 * Terraform state); Vigil asks for a secret reference instead.
 */

/** Words of a variable name that say it holds a secret (`DB_PASSWORD`, `stripeApiToken`). */
const SECRET_WORDS = new Set(["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN", "TOKENS", "CREDENTIAL", "CREDENTIALS", "APIKEY", "PRIVATEKEY"]);

/** Last words of a name that point at a secret rather than hold one (`TOKEN_URL`, `SECRET_NAME`, `ACCESS_KEY_ID`). */
const POINTER_WORDS = new Set(["URL", "URI", "ENDPOINT", "HOST", "PORT", "PATH", "FILE", "DIR", "NAME", "ID", "ARN", "REF", "TTL", "TIMEOUT", "SECONDS", "HEADER", "LENGTH", "ENABLED"]);

/** Query parameters that carry a credential (`?token=`, `?api_key=`, a SAS `?sig=`). */
const CREDENTIAL_PARAMS = /^(token|access[-_]?token|auth[-_]?token|id[-_]?token|api[-_]?key|apikey|key|secret|client[-_]?secret|password|passwd|pwd|sig|signature|auth|authorization|code)$/i;

/** Hosts whose URLs carry the credential in the path (a Slack incoming webhook is its own secret). */
const SECRET_PATH_HOSTS: readonly string[] = ["hooks.slack.com"];

/**
 * True when a variable name says its value is a secret: a word of it is
 * PASSWORD, SECRET, TOKEN, CREDENTIALS, APIKEY..., or it ends in KEY
 * (`JWT_SIGNING_KEY`, `API_KEY`; not `KEYSPACE`, not `CACHE_KEY_PREFIX`), unless
 * its last word says it points at one (`TOKEN_URL`, `SECRET_NAME`, `ACCESS_KEY_ID`).
 */
export function looksLikeSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
  const last = words[words.length - 1];
  if (last === undefined || POINTER_WORDS.has(last)) return false;
  return words.some((w) => SECRET_WORDS.has(w)) || last === "KEY";
}

/**
 * What credential a URL carries in clear, in words for a message ("a
 * password in its user info", "a token in its query parameter `token`"), or
 * undefined when it carries none (or is not a URL).
 */
export function urlCredential(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.password) return "a password in its user info";
  if (url.username) return "a user name (often a token) in its user info";
  for (const name of url.searchParams.keys()) {
    if (CREDENTIAL_PARAMS.test(name)) return `a credential in its query parameter \`${name}\``;
  }
  if (SECRET_PATH_HOSTS.includes(url.hostname)) return `its secret in the path (a ${url.hostname} URL is a credential)`;
  return undefined;
}

/** The URL with its credentials masked, for messages: `https://alerts:***@hooks.example.com/in?token=***`. */
export function maskUrlCredential(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "***";
  }
  if (url.password) url.password = "***";
  else if (url.username) url.username = "***";
  for (const name of [...url.searchParams.keys()]) if (CREDENTIAL_PARAMS.test(name)) url.searchParams.set(name, "***");
  if (SECRET_PATH_HOSTS.includes(url.hostname)) url.pathname = "/***";
  return decodeURI(url.toString());
}

/**
 * A value given in clear, as a target may write it: unchanged, or masked
 * when it is a URL carrying a credential (reported at synth, so the
 * configuration is never applied, and the credential is never written).
 */
export function withoutCredential(value: string): string {
  return urlCredential(value) ? maskUrlCredential(value) : value;
}
