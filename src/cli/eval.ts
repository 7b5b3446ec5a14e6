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
  kind: string;
  n: number;
  top1: number;
  top3: number;
  mrr: number;
  answered: number;
}

export interface EvalOutcome {
  kinds: KindScore[];
  overall: KindScore;
  failures: Array<{ qid: string; kind: string; query: string; relevant: string[]; got: string[]; confidence: number }>;
  latenciesMs: number[];
}

/** Run labelled queries: top-1, top-3, MRR@10 and the answered share, per kind and overall (positives). */
export function runEval(kb: KnowledgeBase, queries: EvalQuery[]): EvalOutcome {
  const acc = new Map<string, KindScore>();
  const failures: EvalOutcome['failures'] = [];
  const latenciesMs: number[] = [];
  const overall: KindScore = { kind: 'overall', n: 0, top1: 0, top3: 0, mrr: 0, answered: 0 };
  for (const q of queries) {
    const t = performance.now();
    const r = kb.match(q.query);
    latenciesMs.push(performance.now() - t);
    const k = acc.get(q.kind) ?? { kind: q.kind, n: 0, top1: 0, top3: 0, mrr: 0, answered: 0 };
    acc.set(q.kind, k);
    k.n++;
    if (r.answered) k.answered++;
    if (q.kind === 'negative' || q.relevant.length === 0) {
      if (r.answered) failures.push({ qid: q.qid, kind: q.kind, query: q.query, relevant: [], got: r.results.slice(0, 3).map((x) => x.id), confidence: r.confidence });
      continue;
    }
    const rel = new Set(q.relevant.map(idKey));
    const rank = r.results.slice(0, 10).findIndex((x) => rel.has(idKey(x.id)));
    const hit1 = rank === 0 ? 1 : 0;
    const hit3 = rank >= 0 && rank < 3 ? 1 : 0;
    const rr = rank >= 0 ? 1 / (rank + 1) : 0;
    for (const s of [k, overall]) {
      s.top1 += hit1;
      s.top3 += hit3;
      s.mrr += rr;
    }
    overall.n++;
    if (r.answered) overall.answered++;
    if (!hit1) failures.push({ qid: q.qid, kind: q.kind, query: q.query, relevant: q.relevant, got: r.results.slice(0, 3).map((x) => x.id), confidence: r.confidence });
  }
  const norm = (s: KindScore): KindScore => ({ ...s, top1: s.top1 / (s.n || 1), top3: s.top3 / (s.n || 1), mrr: s.mrr / (s.n || 1), answered: s.answered / (s.n || 1) });
  return { kinds: [...acc.values()].map(norm), overall: norm(overall), failures, latenciesMs };
}

export function formatEval(o: EvalOutcome): string {
  const rows = [...o.kinds, o.overall].map((k) =>
    k.kind === 'negative'
      ? `${k.kind.padEnd(10)} ${String(k.n).padStart(5)}      -      -      -   ${k.answered.toFixed(3)}  (answered share: lower is better)`
      : `${k.kind.padEnd(10)} ${String(k.n).padStart(5)}  ${k.top1.toFixed(3)}  ${k.top3.toFixed(3)}  ${k.mrr.toFixed(3)}   ${k.answered.toFixed(3)}`,
  );
  const lat = [...o.latenciesMs].sort((a, b) => a - b);
  const pct = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(lat.length * p))].toFixed(1) : '-');
  return [`kind           n   top-1  top-3  MRR@10 answered`, ...rows, '', `latency per query: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms (in process, after load)`].join('\n');
}
