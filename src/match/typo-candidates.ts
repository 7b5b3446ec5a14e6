/**
 * Known words one edit away from a typed word (deletion, transposition, substitution, insertion),
 * looked up in the index vocabulary. One edit covers the typos people make in a short query;
 * generating them is cheaper than keeping a fuzzy structure over a vocabulary of this size.
 */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function typoCandidates(
  word: string,
  lookup: (w: string) => number | undefined,
): Array<{ term: string; id: number }> {
  const seen = new Set<string>();
  const out: Array<{ term: string; id: number }> = [];
  const tryWord = (w: string) => {
    if (w === word || seen.has(w)) return;
    seen.add(w);
    const id = lookup(w);
    if (id !== undefined) out.push({ term: w, id });
  };
  for (let i = 0; i <= word.length; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (b) tryWord(a + b.slice(1));
    if (b.length > 1) tryWord(a + b[1] + b[0] + b.slice(2));
    for (const c of LETTERS) {
      if (b) tryWord(a + c + b.slice(1));
      tryWord(a + c + b);
    }
  }
  return out;
}
