import { stemmer } from 'stemmer';

/**
 * Word families of the vocabulary. People write "crashes", "crashed", "printing", "connection";
 * the article says "crash", "print", "connect". Words of the vocabulary with the same Porter stem
 * are linked in a ring, so the matcher can bring a paste word's siblings in at a lower weight.
 * Built once at index time (stemming the archive's vocabulary takes longer than a start should).
 */

/** Only plain words of this length or more are stemmed: short words and codes stay as written. */
const MIN_LENGTH = 4;
const PLAIN_WORD = /^[a-z]+$/;

/** The Porter stem of a plain English word, or undefined for a short word, a number or a code. */
export function stemOf(word: string): string | undefined {
  if (word.length < MIN_LENGTH || !PLAIN_WORD.test(word)) return undefined;
  return stemmer(word);
}

/**
 * For each term id, the next term id with the same stem; a term with no sibling points at itself.
 * Following `ring[t]` from t visits every sibling once and comes back to t.
 */
export function stemRings(terms: readonly string[]): Uint32Array {
  const ring = Uint32Array.from(terms, (_, i) => i);
  // Each family's newest term. The ring stays closed: a new term goes in after the newest, which
  // pointed back at the first, so the order is vocabulary order.
  const lastOfStem = new Map<string, number>();
  terms.forEach((term, id) => {
    const stem = stemOf(term);
    if (stem === undefined) return;
    const last = lastOfStem.get(stem);
    if (last !== undefined) {
      ring[id] = ring[last];
      ring[last] = id;
    }
    lastOfStem.set(stem, id);
  });
  return ring;
}

/** The other terms of `id`'s family (at most `max`), from its ring. */
export function sameStem(ring: Uint32Array, id: number, max: number): number[] {
  const out: number[] = [];
  for (let t = ring[id]; t !== id && out.length < max; t = ring[t]) out.push(t);
  return out;
}
