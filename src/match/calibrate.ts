/**
 * Turns what is known of the best match into a probability that it is right. A logistic model
 * over a few features, fitted on the dev queries (`kbbot eval --fit`); weights live here, not in code paths.
 */
export interface ConfidenceFeatures {
  /** The paste asked for this article by number. */
  requested: boolean;
  /** Share of the paste's distinctive words (idf-weighted) that the article contains. */
  coverage: number;
  /** Share of the paste's word pairs found in the article in the same order. */
  phrase: number;
  /** fuse.js title similarity, 0..1. */
  titleSim: number;
  /** An event id or error code of the paste is in the article. */
  identifier: boolean;
  /** (best - second) / best. */
  margin: number;
  /** Distinct words in the paste. */
  queryTerms: number;
}

export const CONFIDENCE_WEIGHTS = Object.freeze({
  bias: -6,
  coverage: 6,
  phrase: 3,
  titleSim: 1.5,
  identifier: 1,
  margin: 2,
  fewTerms: -0.5,
});

export function featureVector(f: ConfidenceFeatures): number[] {
  return [f.coverage, f.phrase, f.titleSim, f.identifier ? 1 : 0, f.margin, f.queryTerms <= 2 ? 1 : 0];
}

export function calibrate(f: ConfidenceFeatures, w = CONFIDENCE_WEIGHTS): number {
  if (f.requested) return 0.99;
  const x = featureVector(f);
  const z = w.bias + w.coverage * x[0] + w.phrase * x[1] + w.titleSim * x[2] + w.identifier * x[3] + w.margin * x[4] + w.fewTerms * x[5];
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}
