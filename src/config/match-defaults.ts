/**
 * Every tunable of the matcher, with its default, in one frozen object.
 * Values were chosen on the dev queries (see DESIGN.md) and are kept general, not tuned per query.
 */
export const MATCH_DEFAULTS = Object.freeze({
  /** BM25 term-frequency saturation for the article body. */
  bodyK1: 1.2,
  /** BM25 length normalisation for the article body (0 = none, 1 = full). */
  bodyB: 0.75,
  /** BM25 saturation for titles. */
  titleK1: 1.2,
  /** BM25 length normalisation for titles. */
  titleB: 0.5,
  /** Weight of the title field against the body. */
  titleWeight: 1,
  /** Score added per matched identifier, scaled by its rarity (idf): event ids, error codes, files, functions. */
  identifierWeight: 1.0,
  /** Extra for an event id whose source matches too. */
  eventSourceBonus: 6,
  /** How many articles the first pass keeps for re-ranking by phrase and fuzzy title. */
  candidates: 100,
  /** Weight of the share of the paste's word pairs found in the same order in the article. */
  phraseWeight: 12,
  /** Weight of the share of the paste's words found in the article's problem (title and symptoms) rather than elsewhere. */
  problemWeight: 1,
  /** Weight of the problem (title and symptoms) as a BM25 field of its own, beside body and title; it saturates and normalises like the body. */
  problemFieldWeight: 1,
  /** Weight of a word of the same family (same stem: "crashes" for "crash") against the word itself. */
  stemWeight: 0.3,
  /** Siblings of a word looked up at most (the largest families are the commonest words). */
  stemMaxSiblings: 6,
  /** Weight of fuse.js title similarity in the re-ranking (typo-tolerant). */
  fuzzyTitleWeight: 4,
  /** Title similarity is computed for queries of at most this many words (longer pastes match by wording). */
  fuzzyTitleMaxWords: 12,
  /** How many of the best candidates get a title similarity. */
  fuzzyTitleCandidates: 40,
  /** fuse.js `threshold` for that similarity: 0 wants the title exactly, 1 takes anything. */
  fuzzyTitleThreshold: 0.4,
  /** A query word unknown to the corpus (or rare) is expanded to known words one edit away. */
  fuzzyMinLength: 4,
  /** Words more common than this are taken as typed (a typo is rare by nature). */
  fuzzyMaxDf: 200,
  /** At most this many words of a paste are looked up as possible typos (the first ones of its error segments). */
  fuzzyMaxWords: 16,
  /** Weight of a typo-corrected word against the word itself. */
  fuzzyWeight: 0.8,
  /** An expansion must be at least this many times more common than the word typed. */
  fuzzyDfRatio: 5,
  /** Weight of a chat-prose segment of a paste against its most error-like one (match/paste-focus.ts). */
  proseWeight: 0.35,
  /** A product version named in a paste ("server 2019") is covered when at least this many articles mention it. */
  knownProductMinDocs: 3,
  /** Specificity (summed idf of the paste's words) counts up to this much: past it a longer paste says no more. */
  specificityCap: 3,
  /** Query words kept at most (a 1 MB paste is cut; identifiers are taken from the whole paste first). */
  maxQueryTokens: 256,
  /** Paste bytes analysed at most. */
  maxQueryChars: 20_000,
  /** Results returned. */
  maxResults: 10,
  /** Confidence at or above which the bot answers; below it says "no confident match". */
  answerThreshold: 0.5,
});

/** The shape of the defaults with plain numbers, so callers can override any of them. */
export type MatchConfig = { readonly [K in keyof typeof MATCH_DEFAULTS]: number };
