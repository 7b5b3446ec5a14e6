import type { Identifiers } from '../corpus/types.js';
import type { ConfidenceFeatures } from './calibrate.js';

/** What the analyser keeps of a paste. */
export interface AnalyzedQuery {
  /** The text after noise removal (what phrase matching sees). */
  text: string;
  /** Tokens of `text` in order, lower case, with sentence punctuation as tokens of its own. */
  tokens: string[];
  /** How much each token counts (0..1): error-like segments 1, chat prose around them less (paste-focus.ts). */
  weights: number[];
  /** Per token: from a segment in another language than English (paste-focus.ts). */
  otherLanguage: boolean[];
  identifiers: Identifiers;
  /** KB ids asked for directly ("KB214864", a support URL, "see article 214864"). */
  requestedIds: string[];
  /** KB ids a longer paste mentions on the way ("I installed Q246467 and now…"): a hint, not a request. */
  citedIds: string[];
  /** Event source named in the paste (`Source: MSExchangeDS`, "MSExchangeMTA event 4283"). */
  eventSource?: string;
}

/** Why an article matched, in words a card can show. */
export interface MatchReason {
  kind:
    | 'kb-id'
    | 'event'
    | 'code'
    | 'file'
    | 'function'
    | 'phrase'
    | 'terms'
    | 'fuzzy'
    | 'title'
    | 'feedback'
    | 'learned';
  /** Short human text: "event 4283 from MSExchangeMTA", "error 0x2741 (10049)", "phrase “failed with error”". */
  detail: string;
}

export interface ScoredArticle {
  id: string;
  title: string;
  score: number;
  reasons: MatchReason[];
}

export interface MatchResult {
  query: AnalyzedQuery;
  /** Best first; at most `MatchConfig.maxResults`. */
  results: ScoredArticle[];
  /** Calibrated probability that `results[0]` is right, in [0, 1]. */
  confidence: number;
  /** `confidence >= answerThreshold`: false means "no confident match". */
  answered: boolean;
  /** What the confidence was computed from (for "why", tuning and tests). */
  features?: ConfidenceFeatures;
  /** Product versions the paste names that the corpus does not cover ("windows 10"): why it declines. */
  outOfScope?: string[];
}
