/**
 * Words of a text for indexing and matching: lower case, accents folded, letters and digits only.
 * The same function runs on articles and on pastes, so both sides agree on every token.
 */
const ASCII_WORD = /[a-z0-9]+/g;
const ANY_WORD = /[\p{L}\p{N}]+/gu;
/** Longer runs are hashes, base64 or binary junk, not words anyone types. */
const MAX_TOKEN_LENGTH = 40;

export function tokenize(text: string): string[] {
  let lower = text.toLowerCase();
  let re = ASCII_WORD;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(lower)) {
    lower = lower.normalize('NFKD').replace(/\p{M}+/gu, '');
    re = ANY_WORD;
  }
  const out: string[] = [];
  for (const m of lower.matchAll(re)) if (m[0].length <= MAX_TOKEN_LENGTH) out.push(m[0]);
  return out;
}
