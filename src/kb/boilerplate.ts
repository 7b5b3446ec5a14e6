/**
 * Boilerplate recognised from the corpus itself: a sentence that recurs, word for word, in many
 * articles ("Apply it only to computers that are experiencing this specific problem.", the
 * support-phone paragraph) carries nothing about this article. While the corpus loads, every
 * article's distinct sentences are counted; what recurs in enough articles is kept as a bitset
 * that lives in the index (and its snapshot), and a paragraph made mostly of such sentences is
 * boilerplate: the card shows it last, folded.
 *
 * Counting is by hash into 2^22 saturating byte counters (4 MB while loading); the kept bitset
 * is 2^22 bits (512 KB), loaded with the snapshot. A collision can only make a rare sentence
 * look common, and a paragraph needs most of its text common to be folded.
 */
const BITS = 22;
const SIZE = 1 << BITS;
/** Sentences shorter than this say too little to count ("See below.", "Restart the computer."). */
const MIN_SENTENCE_CHARS = 30;
/** A paragraph is boilerplate when at least this share of its counted text is common… */
const COMMON_SHARE = 0.6;
/** …or half of it, in three common sentences or more (a disclaimer whose last line names the product). */
const COMMON_SENTENCES = 3;
const COMMON_SHARE_OF_MANY = 0.5;

/** In how many articles a sentence must recur to be boilerplate: 3 in a small corpus, 40 in the archive. */
export function commonThreshold(articles: number): number {
  return Math.max(3, Math.min(40, Math.ceil(articles / 1000)));
}

/** Lower case, words only: the same sentence wrapped or spaced otherwise hashes the same. */
function normalise(sentence: string): string {
  return sentence
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** FNV-1a, top bits as the slot. */
function slot(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) >>> (32 - BITS);
}

/** A text's sentences worth counting, normalised. */
function countedSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?:])\s+(?=[A-Z("])/)
    .map(normalise)
    .filter((s) => s.length >= MIN_SENTENCE_CHARS);
}

/** Counts sentences across articles while a corpus loads. */
export class SentenceCounter {
  private counts: Uint8Array | undefined = new Uint8Array(SIZE);
  private articles = 0;

  /** One article's text (all its sections); each distinct sentence counts once. */
  add(texts: Iterable<string>): void {
    const counts = this.counts;
    if (!counts) throw new Error('SentenceCounter already finished');
    const seen = new Set<number>();
    for (const t of texts) for (const s of countedSentences(t)) seen.add(slot(s));
    for (const i of seen) if (counts[i] < 255) counts[i]++;
    this.articles++;
  }

  /** The bitset of sentences common enough to be boilerplate; the counters are released. */
  finish(): Uint32Array {
    const counts = this.counts;
    if (!counts) throw new Error('SentenceCounter already finished');
    const min = commonThreshold(this.articles);
    const bits = new Uint32Array(SIZE / 32);
    for (let i = 0; i < SIZE; i++) if (counts[i] >= min) bits[i >>> 5] |= 1 << (i & 31);
    this.counts = undefined;
    return bits;
  }
}

/** True when most of the paragraph's countable text is sentences the corpus repeats. */
export function isBoilerplate(paragraph: string, common: Uint32Array | undefined): boolean {
  if (!common || common.length !== SIZE / 32) return false;
  let total = 0;
  let shared = 0;
  let sentences = 0;
  for (const s of countedSentences(paragraph)) {
    const i = slot(s);
    total += s.length;
    if (common[i >>> 5] & (1 << (i & 31))) {
      shared += s.length;
      sentences++;
    }
  }
  if (total === 0) return false;
  return (
    shared / total >= COMMON_SHARE ||
    (sentences >= COMMON_SENTENCES && shared / total >= COMMON_SHARE_OF_MANY)
  );
}
