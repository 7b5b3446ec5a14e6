import type { ArticleFormat } from '../corpus/types.js';

/** What the index keeps of each article; the rest is read from the file when an answer is built. */
export interface DocMeta {
  id: string;
  title: string;
  source: string;
  format: ArticleFormat;
}

/**
 * The search index as plain typed arrays, so it can be written to disk as it is and shared
 * with worker threads without copying. Postings are CSR: the docs of term t are
 * `docs[offsets[t] .. offsets[t+1])`, ascending.
 */
export interface IndexData {
  docs: DocMeta[];
  /** Vocabulary of body and title words; a word's position is its term id. */
  terms: string[];
  body: Postings & { tf: Uint16Array; lengths: Uint32Array };
  title: Postings & { tf: Uint16Array; lengths: Uint16Array };
  /** Every article's body as term ids in order, for phrase matching: doc d is `seq[seqOffsets[d] .. seqOffsets[d+1])`. */
  seq: Uint32Array;
  seqOffsets: Uint32Array;
  /**
   * How many of each article's first `seq` tokens are its problem: the title and the symptoms (or
   * summary). People describe the problem, not the resolution or the background.
   */
  problemLengths: Uint32Array;
  /**
   * The problem (title and symptoms) as a field of its own, words only: a description in the
   * person's own words is about the problem, and a long article's background should not outweigh it.
   */
  problem: Postings & { tf: Uint16Array; lengths: Uint32Array };
  /** Word families: for each term id, the next term with the same stem (src/match/stems.ts). */
  stemRings: Uint32Array;
  /** Identifier keys (`e:4283`, `es:4283:msexchangemta`, `c:10049`, `f:emsmta.exe`, `fn:hrregisterprotocol`). */
  identKeys: string[];
  ident: Postings;
  /** Where each article's bytes lie in the article pack beside the snapshot (src/kb/article-pack.ts), and the pack's nonce. */
  packOffsets?: Uint32Array;
  packNonce?: string;
  /** Sentences common across the corpus, as a bitset (src/kb/boilerplate.ts): what the cards fold. */
  commonSentences?: Uint32Array;
}

export interface Postings {
  offsets: Uint32Array;
  docs: Uint32Array;
}
