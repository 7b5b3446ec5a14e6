/**
 * Words of a text for indexing and matching: lower case, accents folded, letters and digits
 * (and, for phrase matching, sentence punctuation, so "not defined." differs from "not defined").
 * The same function runs on articles and on pastes, so both sides agree on every token.
 */
const ASCII_WORD = /[a-z0-9]+/g;
const ANY_WORD = /[\p{L}\p{N}]+/gu;
/** With sentence punctuation: a mark followed by a space or the end ("defined." but not "4.0"). */
const ASCII_WORD_PUNCT = /[a-z0-9]+|[.!?:;,](?=\s|$)/g;
const ANY_WORD_PUNCT = /[\p{L}\p{N}]+|[.!?:;,](?=\s|$)/gu;

/** Sentence punctuation kept as tokens for phrase matching (never scored as words). */
export function isPunctuation(token: string): boolean {
  return token.length === 1 && '.!?:;,'.includes(token);
}
/** Longer runs are hashes, base64 or binary junk, not words anyone types. */
const MAX_TOKEN_LENGTH = 40;

export function tokenize(text: string, opts: { punctuation?: boolean } = {}): string[] {
  let lower = text.toLowerCase();
  let re = opts.punctuation ? ASCII_WORD_PUNCT : ASCII_WORD;
  if (/\P{ASCII}/u.test(lower)) {
    lower = lower.normalize('NFKD').replace(/\p{M}+/gu, '');
    re = opts.punctuation ? ANY_WORD_PUNCT : ANY_WORD;
  }
  const out: string[] = [];
  for (const m of lower.matchAll(re)) if (m[0].length <= MAX_TOKEN_LENGTH) out.push(m[0]);
  return out;
}
