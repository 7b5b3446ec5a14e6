import path from 'node:path';
import { idKey } from '../../src/corpus/article-id.js';
import { KINDS, type BenchQuery } from './types.js';

/** A small seeded PRNG (mulberry32), so every run samples the same queries and articles. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * About `target` queries, stratified by kind: each kind in proportion to its share of the file,
 * at least `minPerKind` (so the few negatives still say something). The result is interleaved
 * kind by kind, so any prefix of it (a run cut short by a time budget) stays stratified.
 */
export function stratifiedSample(
  queries: BenchQuery[],
  target = 120,
  minPerKind = 10,
  seed = 20240611,
): BenchQuery[] {
  const rand = rng(seed);
  const byKind = new Map<string, BenchQuery[]>();
  for (const q of queries) byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), q]);
  const order = [
    ...KINDS.filter((k) => byKind.has(k)),
    ...[...byKind.keys()].filter((k) => !(KINDS as readonly string[]).includes(k)),
  ];
  const picks = order.map((kind) => {
    const all = byKind.get(kind)!;
    const n = Math.min(all.length, Math.max(minPerKind, Math.floor((target * all.length) / queries.length)));
    return shuffle(all, rand).slice(0, n);
  });
  const out: BenchQuery[] = [];
  // Interleave proportionally: repeatedly take from the kind that is furthest behind its share.
  const taken = picks.map(() => 0);
  const total = picks.reduce((s, p) => s + p.length, 0);
  for (let i = 0; i < total; i++) {
    let best = -1;
    let bestLag = -Infinity;
    for (let k = 0; k < picks.length; k++) {
      if (taken[k] >= picks[k].length) continue;
      const lag = ((i + 1) * picks[k].length) / total - taken[k];
      if (lag > bestLag) {
        bestLag = lag;
        best = k;
      }
    }
    out.push(picks[best][taken[best]++]);
  }
  return out;
}

/**
 * A subset of the content files of about `size` articles: every article relevant to one of the
 * sampled queries (found by its file name, `Q214864.TXT`), filled up with a seeded random choice
 * of the others. Returns the files and the relevant ids that no file name matched.
 */
export function subsetFiles(
  sources: string[],
  queries: BenchQuery[],
  size = 10_000,
  seed = 7,
): { files: string[]; missing: string[] } {
  const byKey = new Map<string, string>();
  for (const s of sources) byKey.set(idKey(path.posix.basename(s).replace(/\.[^.]*$/, '')), s);
  const chosen = new Set<string>();
  const missing: string[] = [];
  for (const q of queries) {
    for (const id of q.relevant) {
      const f = byKey.get(idKey(id));
      if (f) chosen.add(f);
      else missing.push(id);
    }
  }
  const rand = rng(seed);
  for (const s of shuffle(sources, rand)) {
    if (chosen.size >= size) break;
    chosen.add(s);
  }
  return { files: sources.filter((s) => chosen.has(s)), missing };
}
