/**
 * Escalations and learned pairings as both stores keep them in memory: the SQL store as a cache
 * in front of its tables (so a handover never waits for the database), the in-memory store as
 * all it has. One place for the rules: one handover per key, the first answer wins, an article
 * answer becomes a learned pairing (one per paste and article).
 */
import { createHash, randomUUID } from 'node:crypto';
import { hashUserId } from './hash.js';
import { claimKey, type ResolvedOptions } from './sql-store.js';
import { identifierText, sanitizeText } from './text.js';
import type {
  Escalation,
  EscalationAnswer,
  EscalationRecord,
  EscalationSummary,
  FeedbackEntry,
  LearnedPairing,
} from './types.js';

const MAX_ID = 200;
const MAX_GUESSES = 10;
/** Most escalations kept in memory (the newest); older ones are read from the database. */
export const ESCALATION_CACHE_LIMIT = 5000;

function short(s: unknown, max = MAX_ID): string {
  return sanitizeText(String(s ?? ''), max);
}

/** The stored form of a paste (identifiers only when the setting says so). */
function storedText(text: string, o: ResolvedOptions): string {
  const t = String(text ?? '');
  return sanitizeText(o.keepOnlyIdentifiers ? identifierText(t) : t);
}

/** A new escalation as the store keeps it. */
export function escalationOf(r: EscalationRecord, o: ResolvedOptions): Escalation {
  const at = r.at instanceof Date && !Number.isNaN(r.at.getTime()) ? r.at : o.clock();
  return {
    id: short(r.id),
    key: claimKey(String(r.key)),
    at,
    platform: r.platform,
    userHash: r.userId ? hashUserId(o.salt, r.platform, r.userId) : null,
    queryText: storedText(r.queryText, o),
    guesses: (Array.isArray(r.guesses) ? r.guesses : []).slice(0, MAX_GUESSES).map((g) => ({
      id: short(g.id),
      title: short(g.title, 500),
      confidence: Number.isFinite(g.confidence) ? g.confidence : 0,
    })),
    origin: r.origin && typeof r.origin === 'object' ? r.origin : undefined,
    status: 'open',
    posts: [],
  };
}

export function answerOf(a: EscalationAnswer, o: ResolvedOptions): EscalationAnswer {
  const at = a.at instanceof Date && !Number.isNaN(a.at.getTime()) ? a.at : o.clock();
  const kind = a.kind === 'article' ? 'article' : 'text';
  return {
    at,
    by: short(a.by || 'the help desk', 200),
    kind,
    articleId: kind === 'article' && a.articleId ? short(a.articleId) : undefined,
    text: a.text ? sanitizeText(String(a.text)) : undefined,
  };
}

/** One learned pairing per (paste, article): its key. */
export function pairKey(queryText: string, articleId: string): string {
  return createHash('sha256').update(`${articleId}\u0001${queryText}`).digest('hex');
}

export function learnedOf(e: Escalation, a: EscalationAnswer): LearnedPairing | undefined {
  if (a.kind !== 'article' || !a.articleId || !e.queryText.trim()) return undefined;
  return {
    id: randomUUID(),
    at: a.at,
    queryText: e.queryText,
    articleId: a.articleId,
    by: a.by,
    escalationId: e.id,
  };
}

/** The in-memory side of escalations and learned pairings. */
export class EscalationBook {
  readonly #byId = new Map<string, Escalation>();
  readonly #byKey = new Map<string, string>();
  #learned = new Map<string, LearnedPairing>();
  #learnedEntries: FeedbackEntry[] | null = null;

  get(id: string): Escalation | undefined {
    return this.#byId.get(id);
  }
  byKey(key: string): Escalation | undefined {
    const id = this.#byKey.get(claimKey(key));
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /** Keeps (or replaces) an escalation; the oldest are let go past `limit`. */
  put(e: Escalation, limit = Infinity): void {
    this.#byId.delete(e.id);
    this.#byId.set(e.id, e);
    this.#byKey.set(e.key, e.id);
    while (this.#byId.size > limit) {
      const oldest = this.#byId.values().next().value as Escalation;
      this.remove(oldest.id);
    }
  }

  remove(id: string): void {
    const e = this.#byId.get(id);
    if (!e) return;
    this.#byId.delete(id);
    if (this.#byKey.get(e.key) === id) this.#byKey.delete(e.key);
  }

  all(): Escalation[] {
    return [...this.#byId.values()];
  }

  /** The answered form of `e`, or undefined when it has an answer already. */
  static answered(e: Escalation, a: EscalationAnswer): Escalation | undefined {
    return e.status === 'answered' ? undefined : { ...e, status: 'answered', answer: a };
  }

  addLearned(p: LearnedPairing): void {
    const k = pairKey(p.queryText, p.articleId);
    this.#learned.delete(k);
    this.#learned.set(k, p);
    this.#learnedEntries = null;
  }

  setLearned(list: LearnedPairing[]): void {
    this.#learned = new Map(list.map((p) => [pairKey(p.queryText, p.articleId), p]));
    this.#learnedEntries = null;
  }

  removeLearned(pred: (p: LearnedPairing) => boolean): LearnedPairing[] {
    const gone: LearnedPairing[] = [];
    for (const [k, p] of this.#learned) {
      if (!pred(p)) continue;
      this.#learned.delete(k);
      gone.push(p);
    }
    if (gone.length) this.#learnedEntries = null;
    return gone;
  }

  /** Newest first. */
  learned(): LearnedPairing[] {
    return [...this.#learned.values()].sort((a, b) => b.at.getTime() - a.at.getTime());
  }

  /** The learned pairings as feedback entries (`learnedAt` set); the same array until one changes. */
  learnedEntries(): FeedbackEntry[] {
    this.#learnedEntries ??= Object.freeze(
      [...this.#learned.values()].map((p) =>
        Object.freeze({
          queryText: p.queryText,
          articleId: p.articleId,
          helpful: 1,
          notHelpful: 0,
          learnedAt: p.at.toISOString(),
        }),
      ),
    ) as FeedbackEntry[];
    return this.#learnedEntries;
  }
}

/**
 * The feedback aggregate followed by the learned pairings, as one array that stays the same
 * object while neither changes (the match pool sends it to its workers only when it changed).
 */
export function combinedFeedback(): (votes: FeedbackEntry[], learned: FeedbackEntry[]) => FeedbackEntry[] {
  let last: { votes: FeedbackEntry[]; learned: FeedbackEntry[]; out: FeedbackEntry[] } | undefined;
  return (votes, learned) => {
    if (last && last.votes === votes && last.learned === learned) return last.out;
    const out = learned.length === 0 ? votes : (Object.freeze([...votes, ...learned]) as FeedbackEntry[]);
    last = { votes, learned, out };
    return out;
  };
}

/** Counts, median time to answer and the newest few, from a list of escalations. */
export function summarize(list: Escalation[], recent = 10): EscalationSummary {
  const sorted = [...list].sort((a, b) => b.at.getTime() - a.at.getTime());
  const times = list
    .filter((e) => e.answer)
    .map((e) => e.answer!.at.getTime() - e.at.getTime())
    .sort((a, b) => a - b);
  const median = times.length ? times[Math.floor((times.length - 1) / 2)] : undefined;
  return {
    open: list.filter((e) => e.status === 'open').length,
    answered: times.length,
    medianAnswerMs: median === undefined ? undefined : Math.max(0, median),
    recent: sorted.slice(0, recent),
  };
}
