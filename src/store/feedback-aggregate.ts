import type { FeedbackEntry } from './types.js';

/** One vote as the aggregate sees it (the stored, possibly identifiers-only, query text). */
export interface Vote {
  queryText: string;
  articleId: string;
  helpful: boolean;
  /** `userHash|queryId|articleId` when both are known: a later vote with the same key replaces the earlier one. */
  voteKey?: string;
}

export function voteKeyOf(
  userHash: string | null | undefined,
  queryId: string | null | undefined,
  articleId: string,
): string | undefined {
  return userHash && queryId ? `${userHash}|${queryId}|${articleId}` : undefined;
}

const SEP = '\u0001';

/** Helpful / not-helpful totals per (query text, article), with one vote per person and answer. */
export class FeedbackAggregate {
  #entries = new Map<string, FeedbackEntry>();
  #votes = new Map<string, { entryKey: string; helpful: boolean }>();
  #cache: FeedbackEntry[] | null = null;

  add(v: Vote): void {
    const entryKey = v.articleId + SEP + v.queryText;
    if (v.voteKey !== undefined) {
      const before = this.#votes.get(v.voteKey);
      if (before) {
        if (before.helpful === v.helpful && before.entryKey === entryKey) return;
        this.#bump(before.entryKey, before.helpful, -1);
      }
      this.#votes.set(v.voteKey, { entryKey, helpful: v.helpful });
    }
    let e = this.#entries.get(entryKey);
    if (!e) {
      e = { queryText: v.queryText, articleId: v.articleId, helpful: 0, notHelpful: 0 };
      this.#entries.set(entryKey, e);
    }
    this.#bump(entryKey, v.helpful, +1);
  }

  /** Totals loaded from storage (rows without a vote key, or already de-duplicated). */
  /** A stored feedback row (`kbbot_feedback`), counted as the vote it records. */
  addRow(row: { query_text: string; article_id: string; helpful: boolean }, voteKey?: string): void {
    this.add({ queryText: row.query_text, articleId: row.article_id, helpful: row.helpful, voteKey });
  }

  addCounts(queryText: string, articleId: string, helpful: number, notHelpful: number): void {
    const entryKey = articleId + SEP + queryText;
    let e = this.#entries.get(entryKey);
    if (!e) {
      e = { queryText, articleId, helpful: 0, notHelpful: 0 };
      this.#entries.set(entryKey, e);
    }
    this.#replace(entryKey, { ...e, helpful: e.helpful + helpful, notHelpful: e.notHelpful + notHelpful });
  }

  /** Remembers an already counted vote so that a later vote with the same key replaces it. */
  knowVote(voteKey: string, queryText: string, articleId: string, helpful: boolean): void {
    this.#votes.set(voteKey, { entryKey: articleId + SEP + queryText, helpful });
  }

  #bump(entryKey: string, helpful: boolean, by: number): void {
    const e = this.#entries.get(entryKey);
    if (!e) return;
    const next = helpful
      ? { ...e, helpful: Math.max(0, e.helpful + by) }
      : { ...e, notHelpful: Math.max(0, e.notHelpful + by) };
    this.#replace(entryKey, next);
  }

  #replace(entryKey: string, e: FeedbackEntry): void {
    if (e.helpful === 0 && e.notHelpful === 0) this.#entries.delete(entryKey);
    else this.#entries.set(entryKey, Object.freeze(e) as FeedbackEntry);
    this.#cache = null;
  }

  /** The same (frozen) array until something changes. */
  entries(): FeedbackEntry[] {
    if (!this.#cache) this.#cache = Object.freeze([...this.#entries.values()]) as FeedbackEntry[];
    return this.#cache;
  }
}
