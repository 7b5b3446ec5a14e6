/**
 * An in-memory `Store` with the same behaviour as the SQL one (hashing, keep-only-identifiers,
 * one vote per person, retention, forget, content gaps) and nothing written anywhere.
 * For tests of other parts, and for a kbbot run that must not keep anything.
 */
import type { Insertable } from 'kysely';
import {
  answerOf,
  combinedFeedback,
  EscalationBook,
  escalationOf,
  learnedOf,
  summarize,
} from './escalations.js';
import { FeedbackAggregate } from './feedback-aggregate.js';
import { hashUserId } from './hash.js';
import type { FeedbackTable, QueryTable } from './schema.js';
import { claimKey, feedbackRow, queryRow, resolveOptions, silentLogger } from './sql-store.js';
import type {
  EscalateResult,
  Escalation,
  EscalationAnswer,
  EscalationRecord,
  FeedbackEntry,
  FeedbackRecord,
  GapReport,
  LearnedPairing,
  Platform,
  QueryRecord,
  Store,
  StoreOptions,
} from './types.js';

const DAY_MS = 86_400_000;

type QueryRow = Insertable<QueryTable> & { at: Date };
type FeedbackRow = Insertable<FeedbackTable> & { at: Date; voteKey?: string };

export class MemoryStore implements Store {
  readonly backend = 'memory' as const;
  readonly pendingWrites = 0;
  readonly droppedWrites = 0;
  /** Rows as the SQL store would keep them (tests may read them). */
  readonly queries = new Map<string, QueryRow>();
  feedbackRows: FeedbackRow[] = [];
  readonly claims = new Map<string, Date>();
  readonly #o: ReturnType<typeof resolveOptions>;
  #aggregate = new FeedbackAggregate();
  /** Escalations and learned pairings (tests may read them). */
  readonly book = new EscalationBook();
  readonly #combined = combinedFeedback();
  #timer: NodeJS.Timeout | null = null;

  constructor(opts: Partial<StoreOptions> = {}) {
    this.#o = resolveOptions({
      salt: 'kbbot-memory-store',
      retentionDays: 0,
      keepOnlyIdentifiers: false,
      queueLimit: 10_000,
      claimTimeoutMs: 1000,
      logger: silentLogger,
      ...opts,
    });
    if (this.#o.retentionDays > 0 && this.#o.retentionIntervalMs > 0) {
      this.#timer = setInterval(() => void this.applyRetention(), this.#o.retentionIntervalMs);
      this.#timer.unref();
    }
  }

  recordQuery(r: QueryRecord): void {
    try {
      const row = queryRow(r, this.#o) as QueryRow;
      if (!this.queries.has(row.id)) this.queries.set(row.id, row);
    } catch (err) {
      this.#o.logger.error({ err: String(err) }, 'store: could not record a query');
    }
  }

  recordFeedback(r: FeedbackRecord): void {
    try {
      const { row, voteKey } = feedbackRow(r, this.#o);
      this.#aggregate.addRow(row, voteKey);
      if (voteKey) this.feedbackRows = this.feedbackRows.filter((f) => f.voteKey !== voteKey);
      this.feedbackRows.push({ ...(row as FeedbackRow), voteKey });
    } catch (err) {
      this.#o.logger.error({ err: String(err) }, 'store: could not record feedback');
    }
  }

  async claimEvent(key: string): Promise<boolean> {
    const k = claimKey(String(key));
    if (this.claims.has(k)) return false;
    this.claims.set(k, this.#o.clock());
    return true;
  }

  feedback(): FeedbackEntry[] {
    return this.#combined(this.#aggregate.entries(), this.book.learnedEntries());
  }

  escalate(r: EscalationRecord): EscalateResult {
    const e = escalationOf(r, this.#o);
    const before = this.book.byKey(e.key);
    if (before) return { escalation: before, created: false };
    this.book.put(e);
    return { escalation: e, created: true };
  }

  async answerEscalation(
    id: string,
    answer: EscalationAnswer,
  ): Promise<{ escalation: Escalation; first: boolean } | undefined> {
    const e = this.book.get(id);
    if (!e) return undefined;
    const a = answerOf(answer, this.#o);
    const answered = EscalationBook.answered(e, a);
    if (!answered) return { escalation: e, first: false };
    this.book.put({ ...answered, origin: undefined });
    const learned = learnedOf(answered, a);
    if (learned) this.book.addLearned(learned);
    return { escalation: answered, first: true };
  }

  addEscalationPost(id: string, post: Record<string, unknown>): void {
    const e = this.book.get(id);
    if (e) this.book.put({ ...e, posts: [...e.posts, post] });
  }

  async escalation(id: string): Promise<Escalation | undefined> {
    return this.book.get(id);
  }

  async escalations(opts: { status?: 'open' | 'answered'; limit?: number } = {}): Promise<Escalation[]> {
    return this.book
      .all()
      .filter((e) => !opts.status || e.status === opts.status)
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, Math.max(1, Math.floor(opts.limit ?? 50)));
  }

  learned(): LearnedPairing[] {
    return this.book.learned();
  }

  async forgetLearned(which: { id?: string; articleId?: string }): Promise<number> {
    if (!which.id && !which.articleId) return 0;
    return this.book.removeLearned((p) => (which.id ? p.id === which.id : p.articleId === which.articleId))
      .length;
  }

  #rebuild(): void {
    const agg = new FeedbackAggregate();
    for (const f of this.feedbackRows) agg.addRow(f, f.voteKey);
    this.#aggregate = agg;
  }

  async contentGaps(opts: { limit?: number; sinceDays?: number } = {}): Promise<GapReport> {
    const limit = Math.max(1, Math.floor(opts.limit ?? 20));
    const since =
      opts.sinceDays !== undefined && opts.sinceDays > 0
        ? this.#o.clock().getTime() - opts.sinceDays * DAY_MS
        : -Infinity;
    const groups = new Map<string, { example: string; exampleAt: number; count: number; lastAt: number }>();
    for (const q of this.queries.values()) {
      const at = q.at.getTime();
      if (q.answered || at < since) continue;
      const g = groups.get(q.grouping_key);
      if (!g) groups.set(q.grouping_key, { example: q.text, exampleAt: at, count: 1, lastAt: at });
      else {
        g.count++;
        if (at > g.lastAt) g.lastAt = at;
        if (at > g.exampleAt) {
          g.example = q.text;
          g.exampleAt = at;
        }
      }
    }
    const notHelpful = new Map<string, number>();
    for (const f of this.feedbackRows) {
      if (f.helpful || f.at.getTime() < since) continue;
      notHelpful.set(f.article_id, (notHelpful.get(f.article_id) ?? 0) + 1);
    }
    return {
      escalations: summarize(
        this.book.all().filter((e) => e.at.getTime() >= since),
        limit,
      ),
      unanswered: [...groups.values()]
        .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt)
        .slice(0, limit)
        .map((g) => ({ example: g.example, count: g.count, lastAt: new Date(g.lastAt) })),
      notHelpful: [...notHelpful]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .slice(0, limit)
        .map(([articleId, count]) => ({ articleId, count })),
    };
  }

  async forgetUser(platform: Platform, userId: string): Promise<number> {
    const h = hashUserId(this.#o.salt, platform, userId);
    const ids = new Set<string>();
    for (const q of this.queries.values()) if (q.user_hash === h) ids.add(q.id);
    for (const id of ids) this.queries.delete(id);
    const before = this.feedbackRows.length;
    this.feedbackRows = this.feedbackRows.filter(
      (f) => f.user_hash !== h && !(f.query_id && ids.has(f.query_id)),
    );
    this.#rebuild();
    let escalations = 0;
    for (const e of this.book.all()) {
      if (e.userHash !== h) continue;
      this.book.remove(e.id);
      escalations += 1 + this.book.removeLearned((p) => p.escalationId === e.id).length;
    }
    return ids.size + before - this.feedbackRows.length + escalations;
  }

  async applyRetention(now: Date = this.#o.clock()): Promise<number> {
    const claimCutoff = now.getTime() - this.#o.claimTtlMs;
    for (const [k, at] of this.claims) if (at.getTime() < claimCutoff) this.claims.delete(k);
    if (!(this.#o.retentionDays > 0)) return 0;
    const cutoff = now.getTime() - this.#o.retentionDays * DAY_MS;
    let n = 0;
    for (const [id, q] of this.queries) {
      if (q.at.getTime() < cutoff) {
        this.queries.delete(id);
        n++;
      }
    }
    const before = this.feedbackRows.length;
    this.feedbackRows = this.feedbackRows.filter((f) => f.at.getTime() >= cutoff);
    if (before !== this.feedbackRows.length) this.#rebuild();
    for (const e of this.book.all()) {
      if (e.at.getTime() >= cutoff) continue;
      this.book.remove(e.id);
      n++;
    }
    return n + before - this.feedbackRows.length;
  }

  async flush(): Promise<void> {}
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

/** An in-memory store; every option may be left out (salt defaults to a fixed test value). */
export function openMemoryStore(opts: Partial<StoreOptions> = {}): Store & MemoryStore {
  return new MemoryStore(opts);
}
