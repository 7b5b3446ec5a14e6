/**
 * Turns what is known of the best match into a probability that it is right: a logistic model
 * over a few features, read as "the corpus holds the answer to this paste and this is it". The weights
 * are fitted by `scripts/fit-confidence.ts` (dev positives against negatives, other software's errors
 * and vague pastes, classes weighted alike, weights kept non-negative) and pasted here.
 */
export interface ConfidenceFeatures {
  /** The paste asked for this article by number. */
  requested: boolean;
  /** Share of the paste's distinctive words (idf-weighted) that the article contains. */
  coverage: number;
  /** Share of the paste's word pairs found in the article, in order and in runs. */
  phrase: number;
  /** fuse.js title similarity, 0..1 (short pastes only). */
  titleSim: number;
  /** An event id or error code of the paste is in the article. */
  identifier: boolean;
  /** (best - second) / best. */
  margin: number;
  /** How much the paste says: summed idf of its known words over the largest possible idf ("error" says little). */
  specificity: number;
}

export const CONFIDENCE_WEIGHTS = Object.freeze({
  bias: -10.88,
  coverage: 7.03,
  phrase: 1.06,
  titleSim: 0,
  identifier: 2.2,
  margin: 3.98,
  specificity: 3.33,
});

export function featureVector(f: ConfidenceFeatures): number[] {
  return [f.coverage, f.phrase, f.titleSim, f.identifier ? 1 : 0, f.margin, Math.log1p(f.specificity)];
}

export function calibrate(f: ConfidenceFeatures, w: Readonly<typeof CONFIDENCE_WEIGHTS> = CONFIDENCE_WEIGHTS): number {
  if (f.requested) return 0.99;
  const x = featureVector(f);
  const z = w.bias + w.coverage * x[0] + w.phrase * x[1] + w.titleSim * x[2] + w.identifier * x[3] + w.margin * x[4] + w.specificity * x[5];
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}
