import type { KnowledgeBase } from '../kb/knowledge-base.js';
import { idKey } from '../corpus/article-id.js';

/** One labelled query of an eval file (see ../shared/eval/README.md). */
export interface EvalQuery {
  qid: string;
  kind: string;
  query: string;
  relevant: string[];
}

export interface KindScore {
  n: number;
  /** Share of queries whose top result is relevant (positives). */
  top1: number;
  top3: number;
  /** MRR@10. */
  mrr: number;
  /** Share answered with confidence (an engine without a confidence "answers" whenever it returns anything). */
  answered: number;
}

/** What a search engine gives back for one query: ids best first, and whether it would answer. */
export interface Hits {
  ids: string[];
  answered: boolean;
  confidence?: number;
}

export type SearchFn = (query: string) => Hits;

/** A positive whose top result was not relevant, or a negative that was answered. */
export interface Miss {
  qid: string;
  kind: string;
  query: string;
  relevant: string[];
  got: string[];
  confidence?: number;
}

export interface Score {
  planned: number;
  run: number;
  /** True when the query time budget stopped the run early. */
  budgetHit: boolean;
  /** Per kind, in the order the kinds first appear in the queries. */
  kinds: Record<string, KindScore>;
  /** All positive kinds together. */
  overall: KindScore;
  latency: { p50: number; p99: number; mean: number; max: number };
  misses: Miss[];
  slowest: Array<{ qid: string; kind: string; ms: number }>;
}

const empty = (): KindScore => ({ n: 0, top1: 0, top3: 0, mrr: 0, answered: 0 });

/**
 * Run labelled queries through one search function and score them: top-1, top-3, MRR@10 and the
 * answered share per kind and over all positives, and the latency of each call. Ids compare by
 * their digits (Q214864 = KB214864 = 214864). Stops early once `budgetMs` of query time is spent.
 * `kbbot eval` and the benchmark's engines all score through this.
 */
export function scoreQueries(
  queries: EvalQuery[],
  search: SearchFn,
  budgetMs = Infinity,
  onProgress?: (done: number) => void,
): Score {
  const kinds: Record<string, KindScore> = {};
  const overall = empty();
  const lat: number[] = [];
  const misses: Miss[] = [];
  const timed: Array<{ qid: string; kind: string; ms: number }> = [];
  let spent = 0;
  for (const q of queries) {
    if (spent >= budgetMs) break;
    const t = performance.now();
    const r = search(q.query);
    const ms = performance.now() - t;
    spent += ms;
    lat.push(ms);
    timed.push({ qid: q.qid, kind: q.kind, ms });
    const k = (kinds[q.kind] ??= empty());
    k.n++;
    if (r.answered) k.answered++;
    const miss = (): Miss => ({
      qid: q.qid,
      kind: q.kind,
      query: q.query,
      relevant: q.relevant,
      got: r.ids.slice(0, 3),
      confidence: r.confidence,
    });
    if (q.kind === 'negative' || q.relevant.length === 0) {
      if (r.answered) misses.push(miss());
    } else {
      const rel = new Set(q.relevant.map(idKey));
      const rank = r.ids.slice(0, 10).findIndex((id) => rel.has(idKey(id)));
      for (const s of [k, overall]) {
        if (rank === 0) s.top1++;
        if (rank >= 0 && rank < 3) s.top3++;
        if (rank >= 0) s.mrr += 1 / (rank + 1);
      }
      overall.n++;
      if (r.answered) overall.answered++;
      if (rank !== 0) misses.push(miss());
    }
    onProgress?.(lat.length);
  }
  const norm = (s: KindScore): KindScore => {
    const d = s.n || 1;
    return { n: s.n, top1: s.top1 / d, top3: s.top3 / d, mrr: s.mrr / d, answered: s.answered / d };
  };
  const sorted = [...lat].sort((a, b) => a - b);
  return {
    planned: queries.length,
    run: lat.length,
    budgetHit: lat.length < queries.length,
    kinds: Object.fromEntries(Object.entries(kinds).map(([name, s]) => [name, norm(s)])),
    overall: norm(overall),
    latency: {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
      max: sorted[sorted.length - 1] ?? 0,
    },
    misses,
    slowest: timed.sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

/** `kbbot eval`: the knowledge base's matcher scored on labelled queries. */
export function runEval(kb: KnowledgeBase, queries: EvalQuery[]): Score {
  return scoreQueries(queries, (q) => {
    const r = kb.match(q);
    return { ids: r.results.map((x) => x.id), answered: r.answered, confidence: r.confidence };
  });
}

export function formatEval(s: Score): string {
  const row = (name: string, k: KindScore) =>
    name === 'negative'
      ? `${name.padEnd(10)} ${String(k.n).padStart(5)}      -      -      -   ${k.answered.toFixed(3)}  (answered share: lower is better)`
      : `${name.padEnd(10)} ${String(k.n).padStart(5)}  ${k.top1.toFixed(3)}  ${k.top3.toFixed(3)}  ${k.mrr.toFixed(3)}   ${k.answered.toFixed(3)}`;
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
  return [
    `kind           n   top-1  top-3  MRR@10 answered`,
    ...Object.entries(s.kinds).map(([name, k]) => row(name, k)),
    row('overall', s.overall),
    '',
    `latency per query: p50 ${ms(s.latency.p50)} ms, p99 ${ms(s.latency.p99)} ms (in process, after load)`,
  ].join('\n');
}
