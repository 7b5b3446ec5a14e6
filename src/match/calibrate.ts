import { MATCH_DEFAULTS } from '../config/match-defaults.js';

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
  /** How rare the paste's rarest event id or error code in the article is (0 none .. 1 an event with its source). */
  identifier: number;
  /** (best - second) / best. */
  margin: number;
  /** How much the paste says: summed idf of its known words over the largest possible idf ("error" says little). */
  specificity: number;
  /** Share of the paste's words the corpus knows (weighted by focus): low for another era's products and tools. */
  known: number;
  /** No product version of the paste is unknown to the corpus ("Windows 10", "Server 2019"). */
  inScope: boolean;
  /** The paste names a product version the corpus covers ("NT 4.0", "Exchange 5.5", "win98"). */
  knownProduct: boolean;
}

/** Feature names in the order of `featureVector`; the weights below are keyed by them. */
export const FEATURE_NAMES = [
  'coverage',
  'phrase',
  'titleSim',
  'identifier',
  'margin',
  'specificity',
  'known',
  'inScope',
  'knownProduct',
] as const;

export const CONFIDENCE_WEIGHTS: Readonly<Record<'bias' | (typeof FEATURE_NAMES)[number], number>> =
  Object.freeze({
    bias: -14.24,
    coverage: 6.56,
    phrase: 0.82,
    titleSim: 0,
    identifier: 0.16,
    margin: 3.34,
    specificity: 5.72,
    known: 2.48,
    inScope: 0.18,
    knownProduct: 3.43,
  });

/** The model's inputs, each scaled so that it means the same for a one-line paste and a long post. */
export function featureVector(f: ConfidenceFeatures): number[] {
  return [
    f.coverage,
    f.phrase,
    f.titleSim,
    f.identifier,
    f.margin,
    Math.log1p(Math.min(f.specificity, MATCH_DEFAULTS.specificityCap)),
    f.known,
    f.inScope ? 1 : 0,
    // A named product says the corpus covers the paste, not that this article is the one: it counts
    // as far as the article covers the paste's words.
    f.knownProduct ? f.coverage : 0,
  ];
}

export function calibrate(
  f: ConfidenceFeatures,
  w: Readonly<Record<string, number>> = CONFIDENCE_WEIGHTS,
): number {
  if (f.requested) return 0.99;
  const x = featureVector(f);
  const z = FEATURE_NAMES.reduce((sum, name, i) => sum + w[name] * x[i], w.bias);
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}
