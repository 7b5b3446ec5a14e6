/**
 * How people's votes and the help desk's answers re-rank the matcher's results
 * (feedback-rerank.ts): every tunable, with its default, in one frozen object.
 */
export const FEEDBACK_DEFAULTS = Object.freeze({
  /** Feedback counts only when its paste is at least this similar to the query (weighted token Jaccard, 0..1). */
  minSimilarity: 0.5,
  /** Largest change of a score, as a fraction of the top score of the results. */
  maxBoost: 0.5,
  /** Not-helpful votes (on close pastes) needed before an article is lowered. */
  minNotHelpful: 2,
  /**
   * Confidence of an answer the help desk gave for this very paste; for a less similar paste it
   * falls towards CONFIDENCE_BANDS.high (config/confidence-bands.ts).
   */
  learnedConfidenceMax: 0.99,
});
