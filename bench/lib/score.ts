import { idKey } from '../../src/corpus/article-id.js';
import type { BenchQuery, KindScore, Score } from './types.js';

/** What every engine gives back for one query: ids best first, and whether it would answer. */
export interface Hits {
  ids: string[];
  answered: boolean;
}

export type SearchFn = (query: string) => Hits;

const empty = (): KindScore => ({ n: 0, top1: 0, top3: 0, mrr: 0, answered: 0 });

/**
 * Run the queries through one engine and score them: top-1, top-3, MRR@10 and the answered
 * share per kind and over all positives; latency of each call. Ids compare by their digits
 * (Q214864 = KB214864 = 214864). Stops early once `budgetMs` of query time is spent.
 */
export function scoreQueries(queries: BenchQuery[], search: SearchFn, budgetMs = Infinity, onProgress?: (done: number) => void): Score {
  const kinds: Record<string, KindScore> = {};
  const overall = empty();
  const lat: number[] = [];
  const misses: string[] = [];
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
    if (q.kind === 'negative' || q.relevant.length === 0) {
      if (r.answered) misses.push(q.qid);
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
      if (rank !== 0) misses.push(q.qid);
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
