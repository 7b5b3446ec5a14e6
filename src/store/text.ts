/**
 * Text helpers of the store: the grouping key of unanswered pastes, the identifiers-only form
 * of a paste, and the token sets the feedback re-ranking compares.
 */

import { EMAIL, GUID } from '../corpus/patterns.js';

/** Longest text kept of a paste (a paste can be a whole log). */
export const MAX_STORED_TEXT = 8000;
const MAX_GROUPING_KEY = 400;

/** PostgreSQL text cannot hold NUL; very long pastes are cut. */
export function sanitizeText(text: string, max = MAX_STORED_TEXT): string {
  const clean = text.replaceAll('\u0000', '');
  return clean.length > max ? clean.slice(0, max) : clean;
}

const ISO_TIMESTAMP =
  /\b\d{4}-\d{2}-\d{2}(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?\b/gi;
const DATE = /\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/g;
const TIME = /\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[ap]\.?m\.?\b)?/gi;
const HEX_PREFIXED = /\b0x[0-9a-f]+\b/gi;
/** Bare hex words of 6+ digits with at least one digit and one letter a-f (c0000005, 8007000e). */
const HEX_BARE = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi;
const NUMBER = /\d+(?:[.,]\d+)*/g;

/**
 * The form alike pastes share: lower case; GUIDs, timestamps, dates, times, hex codes and
 * numbers replaced by placeholders; whitespace folded. Used to group unanswered pastes.
 */
export function groupingKey(text: string): string {
  const key = text
    .toLowerCase()
    .replace(GUID, ' <guid> ')
    .replace(ISO_TIMESTAMP, ' <time> ')
    .replace(DATE, ' <date> ')
    .replace(TIME, ' <time> ')
    .replace(HEX_PREFIXED, ' <hex> ')
    .replace(HEX_BARE, ' <hex> ')
    .replace(NUMBER, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
  return key.length > MAX_GROUPING_KEY ? key.slice(0, MAX_GROUPING_KEY) : key;
}

/** Starts only where a run starts, so a long run of letters is not scanned from each one. */
const URL_LIKE = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/\S+/gi;

/**
 * A paste reduced to its identifiers (error and event codes, numbers, KB ids, file names,
 * CamelCase or UPPER_CASE symbols), in order, without duplicates. Used when the
 * keep-only-identifiers setting is on and the caller gave no identifiers-only form.
 */
export function identifierText(text: string): string {
  const cleaned = text.replace(EMAIL, ' ').replace(URL_LIKE, ' ');
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of cleaned.matchAll(/[A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9]/g)) {
    const tok = m[0];
    if (!isIdentifier(tok)) continue;
    const k = tok.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(tok);
  }
  return out.join(' ');
}

function isIdentifier(tok: string): boolean {
  if (/\d/.test(tok)) return true; // codes, numbers, KB ids, 0x…
  if (
    /^[A-Za-z0-9_-]+\.(dll|exe|sys|msi|ocx|cpl|inf|cab|drv|ps1|bat|cmd|vbs|log|ini|xml|json|config|mui)$/i.test(
      tok,
    )
  )
    return true;
  if (/^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(tok)) return true; // ERROR_ACCESS_DENIED
  if (/^[A-Z]{2,}[a-z]+[A-Za-z]*$/.test(tok) || /^[A-Z][a-z]+(?:[A-Z][a-z0-9]*){1,}$/.test(tok)) return true; // MSExchangeMTA, CreateFile
  return false;
}

// ---------------------------------------------------------------------------------------------
// Token sets for the similarity of two pastes (feedback re-ranking)

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can cannot could did do does for from get got had has have ' +
    'i if in into is it its me my no not of on or our please so than that the then there this to ' +
    'us was we were what when where which while who why will with would you your after before ' +
    'again still just also any all am error errors message'
  ).split(' '),
);

/** A weighted token set: identifier-like tokens (containing a digit) weigh more than words. */
export type TokenSet = Map<string, number>;

function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

/**
 * Normalised tokens of a paste: lower case; GUIDs, timestamps, dates and times dropped (the
 * same error seen at another moment is the same error); word tokens; numbers and hex codes kept
 * (`0x80070005`, `c0000005`, `4283`); common words dropped; a light suffix stem.
 */
export function similarityTokens(text: string): TokenSet {
  const set: TokenSet = new Map();
  const plain = text.replace(GUID, ' ').replace(ISO_TIMESTAMP, ' ').replace(DATE, ' ').replace(TIME, ' ');
  for (const m of plain.toLowerCase().matchAll(/0x[0-9a-f]+|[\p{L}\p{N}_]+/gu)) {
    let tok = m[0];
    if (STOPWORDS.has(tok)) continue;
    if (tok.length === 1 && !/\d/.test(tok)) continue;
    tok = stem(tok);
    set.set(tok, /\d/.test(tok) ? 2 : 1);
  }
  return set;
}

/** Weighted Jaccard similarity of two token sets, in [0, 1]; identical sets give 1, disjoint 0. */
export function tokenSimilarity(a: TokenSet, b: TokenSet): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  let union = 0;
  for (const [tok, w] of a) {
    union += w;
    if (b.has(tok)) inter += w;
  }
  for (const [tok, w] of b) if (!a.has(tok)) union += w;
  return union === 0 ? 0 : inter / union;
}
