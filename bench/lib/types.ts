/** What the driver (bench/run.ts) and the engine suites (bench/engines/*.ts) pass each other, as JSON files. */

/** One labelled query of an eval file (see ../shared/eval/README.md). */
export interface BenchQuery {
  qid: string;
  kind: string;
  query: string;
  relevant: string[];
}

/** The kinds of the eval file, in the order the table shows them. */
export const POSITIVE_KINDS = ['message', 'event', 'title', 'code', 'kbid'] as const;
export const KINDS = [...POSITIVE_KINDS, 'negative'] as const;

export interface EngineRequest {
  /** Suite name: the file bench/engines/<engine>.ts. */
  engine: string;
  /** Suite-specific mode (kbbot: 'build' = empty cache, 'snapshot' = from the snapshot). */
  mode?: string;
  /** Folder of the extracted archive. */
  contentDir: string;
  /** kbbot only: the cache folder for its index snapshot. */
  cacheDir?: string;
  /** Content files (paths relative to contentDir) to index; all when absent. */
  subset?: string[];
  /** The queries to run, in this order (a sample is interleaved by kind, so a prefix stays stratified). */
  queries: BenchQuery[];
  /** Queries to choose a configuration on (FTS5's column weights); `queries` are then run with the best. */
  tuneQueries?: BenchQuery[];
  /** Stop running queries once this much query time is spent (slow engines); the report says how many ran. */
  queryBudgetMs?: number;
}

import type { Score } from '../../src/cli/eval.js';
export type { Score } from '../../src/cli/eval.js';

export interface EngineReport {
  engine: string;
  mode?: string;
  /** Articles in the engine's index. */
  articles: number;
  /** In-process time from start of reading the corpus (or the snapshot) to a searchable index, ms. */
  buildMs?: number;
  /** kbbot: whether the index came from the snapshot. */
  fromSnapshot?: boolean;
  /** Wall clock (epoch ms) when the first answer was ready; the driver subtracts the spawn time. */
  firstAnswerAt?: number;
  /** Peak resident set size of the process, KiB (VmHWM). */
  peakRssKb: number;
  score?: Score;
  /** Free-form lines for the table's notes (the configuration chosen, what was sampled, ...). */
  notes: string[];
}
