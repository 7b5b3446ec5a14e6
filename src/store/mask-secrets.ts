/**
 * Secrets people paste along with an error (a connection string, `password=…`, a bearer token,
 * an API key, an e-mail address) are masked before the paste is stored, so the content-gap
 * report and the database never hold them. Every pattern starts only where a word or run
 * starts and reads a bounded or delimited stretch, so masking is linear on any text.
 */

import { EMAIL } from '../corpus/patterns.js';

/** What a masked value becomes. */
export const MASK = '***';

/** `name = value` / `name: value` where the name says the value is secret (connection strings too). */
const SECRET_ASSIGNMENT =
  /(?<![\w-])((?:password|passwd|pwd|pass|passphrase|secret|client[_-]?secret|(?:api|access|secret|private|account|shared[_-]?access|subscription)[_-]?key|apikey|auth[_-]?token|access[_-]?token|refresh[_-]?token|token|sig|signature|credentials?)["']?\s*[:=]\s*)("[^"\n]*"|'[^'\n]*'|[^\s;,&"']+)/gi;
/** `Authorization: Bearer …`, `Basic …`. */
const AUTH_SCHEME = /(?<![\w-])(bearer|basic)(\s+)[\w.~+/-]{8,}=*/gi;
/** Credentials in a URL: scheme://user:password@host. */
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,20}:\/\/)[^\s/:@]{1,256}:[^\s/@]{1,256}@/gi;
/** Token formats that say what they are: Slack, GitHub, AWS, OpenAI-style, Google keys, JWTs. */
const KNOWN_TOKEN =
  /(?<![\w-])(?:xox[abprs]-[\w-]{10,}|xapp-[\w-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|AKIA[0-9A-Z]{16}|sk-[\w-]{20,}|AIza[\w-]{30,}|eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*)/g;
/** A PEM private key, header and the base64 after it. */
const PRIVATE_KEY =
  /-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----[A-Za-z0-9+/=\s]*(?:-----END [A-Z ]{0,30}PRIVATE KEY-----)?/g;

export function maskSecrets(text: string): string {
  return text
    .replace(PRIVATE_KEY, `-----PRIVATE KEY ${MASK}-----`)
    .replace(URL_CREDENTIALS, `$1${MASK}:${MASK}@`)
    .replace(SECRET_ASSIGNMENT, `$1${MASK}`)
    .replace(AUTH_SCHEME, `$1$2${MASK}`)
    .replace(KNOWN_TOKEN, MASK)
    .replace(EMAIL, '<email>');
}
